"""Shared fixtures: the three standard users, and the rule for real services.

With ``REQUIRE_SERVICES=1`` (CI) the suite refuses to run on SQLite, and a test that needs
Redis or Chromium fails instead of being skipped when the service is missing.
"""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.core.cache import cache

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def pytest_configure(config: pytest.Config) -> None:
    if REQUIRE_SERVICES and settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise pytest.UsageError("REQUIRE_SERVICES=1 needs DATABASE_URL pointing at PostgreSQL.")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        # Parallel test processes share one Redis but each has its own test database: a task one
        # process enqueues must reach only that process's Celery worker, so each gets its own queue.
        from greening.celery import app

        app.conf.task_default_queue = f"tests-{worker}"


def require_service(available: bool, what: str) -> None:
    """Skip when a service is missing, or fail when the run says services are required."""
    if available:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"{what} is required (REQUIRE_SERVICES=1) but not available.")
    pytest.skip(f"{what} is not available.")


@pytest.fixture(autouse=True)
def private_cache(settings):
    """Each test process its own in-memory cache: throttling counters must not leak between parallel
    test processes (whose databases reuse the same ids) or into a developer's running portal."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
    # An in-memory cache lives as long as the process: start every test with nothing counted.
    cache.clear()


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploaded files of a test go to its own temporary folder, never into the portal's media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def city(db):
    """Yangquan's data as ``load_yangquan`` loads it: green estate, rules, contractors, plans, projects."""
    from tests.support.citydata import load_city

    load_city()


@pytest.fixture
def staff_user(django_user_model):
    """Bureau staff: the owner of everything in the admin."""
    return django_user_model.objects.create_user(
        username="wang.staff", password="pw-staff-123", email="wang@example.cn", is_staff=True, is_superuser=True
    )


@pytest.fixture
def colleague_user(django_user_model):
    """Another member of staff, with admin access but no special rights."""
    return django_user_model.objects.create_user(
        username="li.colleague", password="pw-colleague-123", email="li@example.cn", is_staff=True
    )


@pytest.fixture
def outsider_user(django_user_model):
    """Signed in, but not staff: must be refused by every staff page."""
    return django_user_model.objects.create_user(username="zhao.outsider", password="pw-outsider-123")


@pytest.fixture
def zh_client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    return client


@pytest.fixture
def en_client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
