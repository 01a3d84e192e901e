"""Liveness of what the portal cannot work without: the database and the Celery broker."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from kombu import Connection

BROKER_TIMEOUT_SECONDS = 3


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str = ""


def check_database(connection: BaseDatabaseWrapper | None = None) -> CheckResult:
    """Run ``SELECT 1`` on the database."""
    connection = connection or connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "not answering"
        return CheckResult("database", False, f"{type(exc).__name__}: {exc}".strip()[:300])
    return CheckResult("database", True)


def check_broker(url: str | None = None, transport_options: dict | None = None) -> CheckResult:
    """Open (and close) a connection to the Celery broker, giving up after a few seconds."""
    url = url or settings.CELERY_BROKER_URL
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS if transport_options is None else transport_options
    try:
        with Connection(url, transport_options=options, connect_timeout=BROKER_TIMEOUT_SECONDS) as conn:
            conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
    except Exception as exc:  # noqa: BLE001 - any failure means "not answering"
        return CheckResult("broker", False, f"{type(exc).__name__}: {exc}".strip()[:300])
    return CheckResult("broker", True)


def run_checks() -> list[CheckResult]:
    return [check_database(), check_broker()]
