"""Daily forecasts in: from a file, or fetched from the configured URL."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from greenspaces.models import District
from maintenance import selectors
from maintenance.forecast import MAX_FORECAST_BYTES, parse_forecast
from maintenance.models import (
    DailyForecast,
)
from maintenance.services.common import fetch_document, to_decimal

logger = logging.getLogger(__name__)


# --- Forecasts and polling --------------------------------------------------------------------


@dataclass
class ForecastIngestResult:
    area_code: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@transaction.atomic
def forecast_ingest(
    *, document: bytes | str | dict, area_code: str = selectors.CITY_CODE, source: str = ""
) -> ForecastIngestResult:
    """Store a daily forecast for a district or the whole city; a newer forecast of a day replaces the older.

    Raises ``ForecastError`` for a bad document and ``ValidationError`` for an unknown area, before
    anything is stored. Ingesting the same document twice changes nothing.
    """
    forecast = parse_forecast(document)
    if area_code != selectors.CITY_CODE and not District.objects.filter(code=area_code).exists():
        raise ValidationError(
            {"area_code": _("%(code)s is neither the city (140300) nor one of its districts.") % {"code": area_code}}
        )
    result = ForecastIngestResult(area_code=area_code)
    existing = {
        row.date: row
        for row in DailyForecast.objects.filter(area_code=area_code, date__in=[d.date for d in forecast.days])
    }
    for day in forecast.days:
        values = {
            "temperature_max_c": to_decimal(day.temperature_max_c, "0.1"),
            "temperature_min_c": to_decimal(day.temperature_min_c, "0.1"),
            "precipitation_mm": to_decimal(day.precipitation_mm, "0.1"),
            "wind_gusts_max_ms": to_decimal(day.wind_gusts_max_ms, "0.1"),
            "et0_mm": to_decimal(day.et0_mm, "0.01"),
        }
        row = existing.get(day.date)
        if row is None:
            DailyForecast.objects.create(area_code=area_code, date=day.date, source=source[:200], **values)
            result.created += 1
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            row.source = source[:200]
            row.save()
            result.updated += 1
        else:
            result.unchanged += 1
    return result


def forecast_fetch(*, url: str, area_code: str = selectors.CITY_CODE) -> int:
    """Fetch and store the configured forecast; returns the number of days stored or changed."""
    result = forecast_ingest(
        document=fetch_document(url, max_bytes=MAX_FORECAST_BYTES), area_code=area_code, source=url
    )
    return result.created + result.updated
