"""Celery tasks of the maintenance pipeline: thin, idempotent, each calling one service."""

from __future__ import annotations

import logging

import requests
from celery import shared_task
from django.conf import settings
from django.utils import timezone

from maintenance import services
from maintenance.choices import AlertSource

logger = logging.getLogger(__name__)

TASK_OPTIONS = {
    "acks_late": True,
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 5,
}


def enqueue(task, *args) -> bool:
    """Send a task now without waiting for a broker that is down; the periodic sweeps catch up.

    Used from ``transaction.on_commit``: the work to do is already in the database, so a failed
    publish loses nothing.
    """
    try:
        task.apply_async(args=args, retry=False)
    except Exception:  # whatever the broker raises, the sweep sends it later
        logger.warning("broker unavailable; %s%r left for the sweep", task.name, args, exc_info=True)
        return False
    return True


@shared_task(**TASK_OPTIONS, time_limit=600, soft_time_limit=570)
def webhook_endpoint_flush_task(endpoint_id: int) -> int:
    """Deliver an endpoint's due webhook messages (see ``services.webhook_endpoint_flush``)."""
    attempts, more = services.webhook_endpoint_flush(endpoint_id=endpoint_id)
    if more:
        enqueue(webhook_endpoint_flush_task, endpoint_id)
    return attempts


@shared_task(**TASK_OPTIONS, time_limit=60, soft_time_limit=50)
def webhook_sweep_task() -> int:
    """Beat: hand every endpoint with due messages to a flush task (retries and broker outages)."""
    endpoint_ids = services.webhook_sweep()
    for endpoint_id in endpoint_ids:
        enqueue(webhook_endpoint_flush_task, endpoint_id)
    return len(endpoint_ids)


@shared_task(**TASK_OPTIONS, time_limit=120, soft_time_limit=100)
def orders_escalate_task() -> int:
    """Beat: flag orders not acknowledged in time and tell staff; expire those whose warning is long over."""
    services.orders_expire()
    return len(services.orders_escalate())


@shared_task(**TASK_OPTIONS, autoretry_for=(requests.RequestException,), time_limit=300, soft_time_limit=270)
def weather_poll_task() -> dict:
    """Beat: fetch the met bureau's CAP feed and forecast when their URLs are configured."""
    summary = {}
    if settings.WEATHER_CAP_FEED_URL:
        summary["alerts"] = services.weather_feed_poll(url=settings.WEATHER_CAP_FEED_URL, source=AlertSource.FEED)
    if settings.WEATHER_FORECAST_URL:
        summary["forecast_days"] = services.forecast_fetch(url=settings.WEATHER_FORECAST_URL)
    return summary


@shared_task(**TASK_OPTIONS, time_limit=900, soft_time_limit=870)
def irrigation_advise_task() -> int:
    """Beat: keep each green space's soil-water balance and issue irrigation orders when due."""
    return len(services.irrigation_advise(day=timezone.localdate()))


@shared_task(**TASK_OPTIONS, time_limit=300, soft_time_limit=270)
def idempotency_records_purge_task() -> int:
    """Beat: forget old Idempotency-Key records."""
    return services.idempotency_records_purge()
