from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.fixture
def city(db):
    """Yangquan's data: green spaces, the default response rules and two demo contractors."""
    call_command("load_yangquan", stdout=StringIO())


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
