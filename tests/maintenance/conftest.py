from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def local_receivers(settings):
    """Test receivers run on this machine's loopback, which production refuses (SSRF)."""
    settings.WEBHOOK_ALLOW_PRIVATE_URLS = True


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
