"""Pieces the maintenance services share: errors, number conversions, fetching from weather URLs."""

from __future__ import annotations

import logging
from decimal import Decimal

import requests
from django.conf import settings

from greening.lib.errors import InputError

logger = logging.getLogger(__name__)


SYSTEM = "system"


class AlertError(InputError):
    """A CAP message that parses but cannot be accepted (e.g. a Cancel for an alert never received)."""


class TransitionError(ValueError):
    """An order status change that the lifecycle does not allow."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def to_float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def to_decimal(value: float | None, places: str) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal(places))


def fetch_document(url: str, *, max_bytes: int) -> bytes:
    """GET a document from a configured weather URL, refusing anything larger than ``max_bytes``."""
    with requests.get(url, timeout=settings.WEATHER_FETCH_TIMEOUT, stream=True) as response:
        response.raise_for_status()
        body = response.raw.read(max_bytes + 1, decode_content=True)
    if len(body) > max_bytes:
        raise requests.RequestException(f"{url} returned more than {max_bytes} bytes")
    return body
