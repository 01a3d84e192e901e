"""Integration tests talk to a real Redis through a real Celery worker."""

from __future__ import annotations

import time

import pytest
import redis
from django.conf import settings

from tests.conftest import require_service


def wait_for(condition, timeout: float = 30.0) -> bool:
    """Poll ``condition`` until it holds (a worker in another thread is doing the work) or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def redis_answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


@pytest.fixture(scope="session")
def redis_broker() -> str:
    url = settings.REDIS_URL
    require_service(bool(url) and redis_answers(url), "Redis (set REDIS_URL)")
    return url


@pytest.fixture(autouse=True)
def local_receivers(settings):
    """Test receivers run on this machine's loopback, which production refuses (SSRF)."""
    settings.WEBHOOK_ALLOW_PRIVATE_URLS = True
