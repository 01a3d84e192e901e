"""/healthz answers 200 when the database and broker answer, 503 naming what failed otherwise."""

from __future__ import annotations

import pytest
from django.db.utils import ConnectionHandler

from greening.health import check_broker, check_database

pytestmark = pytest.mark.django_db

# A port on loopback where nothing listens: connecting is refused at once.
DEAD_REDIS = "redis://127.0.0.1:1/0"


def test_healthy_portal_answers_200(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}


def test_broker_down_answers_503_naming_the_broker(client, settings):
    settings.CELERY_BROKER_URL = DEAD_REDIS
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["broker"] != "ok"


def test_health_is_never_cached(client):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]


def test_a_database_that_does_not_answer_fails_the_check(tmp_path):
    unreachable = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "no" / "such" / "dir" / "db")}
    broken = ConnectionHandler({"default": unreachable})["default"]
    result = check_database(broken)
    assert not result.ok
    assert "OperationalError" in result.detail


def test_a_broker_that_does_not_answer_fails_the_check():
    result = check_broker(DEAD_REDIS, {})
    assert not result.ok
    assert result.detail
