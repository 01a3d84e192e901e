from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def local_receivers(settings):
    """Test receivers run on this machine's loopback, which production refuses (SSRF)."""
    settings.WEBHOOK_ALLOW_PRIVATE_URLS = True


@pytest.fixture
def city(db):
    """Yangquan's data: green spaces, the default response rules and two demo contractors."""
    call_command("load_yangquan", stdout=StringIO())


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
