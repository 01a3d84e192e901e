"""Parsing of Open-Meteo daily forecasts into plain, immutable values.

The irrigation and warning rules need, per day, the temperature range, the rain, the strongest gust and the
reference evapotranspiration (FAO-56 Penman–Monteith ET0, which Open-Meteo computes as
``et0_fao_evapotranspiration``). This module reads the JSON of ``/v1/forecast?daily=…&timezone=Asia/Shanghai``
and converts it to the units the rest of the project uses: °C, mm and m/s.

Pure Python: no database, no network. The JSON comes from outside, so its size and every value are checked.
"""

from __future__ import annotations

import datetime
import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NoReturn

from django.utils.translation import gettext as _

from greening.lib.errors import InputError

__all__ = ["MAX_FORECAST_BYTES", "DailyForecast", "ForecastDocument", "ForecastError", "parse_forecast"]

MAX_FORECAST_BYTES = 1_000_000


def _identity(value: float) -> float:
    return value


# Unit conversions to the project's units, keyed by the unit strings Open-Meteo writes in ``daily_units``.
# Open-Meteo answers in km/h unless asked for ``wind_speed_unit=ms``; a response without units is therefore km/h.
_WIND_TO_MS: dict[str, Callable[[float], float]] = {
    "km/h": lambda value: value / 3.6,
    "m/s": _identity,
    "mph": lambda value: value * 0.44704,
    "kn": lambda value: value * 0.514444,
}
_TEMPERATURE_TO_C: dict[str, Callable[[float], float]] = {
    "°C": _identity,
    "°F": lambda value: (value - 32) * 5 / 9,
}
_DEPTH_TO_MM: dict[str, Callable[[float], float]] = {
    "mm": _identity,
    "inch": lambda value: value * 25.4,
}

# daily.<array> → (DailyForecast field, conversions, the unit assumed when daily_units does not say).
_DAILY_ARRAYS: dict[str, tuple[str, Mapping[str, Callable[[float], float]], str]] = {
    "temperature_2m_max": ("temperature_max_c", _TEMPERATURE_TO_C, "°C"),
    "temperature_2m_min": ("temperature_min_c", _TEMPERATURE_TO_C, "°C"),
    "precipitation_sum": ("precipitation_mm", _DEPTH_TO_MM, "mm"),
    "wind_gusts_10m_max": ("wind_gusts_max_ms", _WIND_TO_MS, "km/h"),
    "et0_fao_evapotranspiration": ("et0_mm", _DEPTH_TO_MM, "mm"),
}


class ForecastError(InputError):
    """A forecast document that cannot be used; ``field`` names the JSON field (e.g. "daily.precipitation_sum")."""


@dataclass(frozen=True)
class DailyForecast:
    """One forecast day, in the time zone of the request. Any value may be None when the model has none."""

    date: datetime.date
    temperature_max_c: float | None
    temperature_min_c: float | None
    precipitation_mm: float | None
    wind_gusts_max_ms: float | None
    et0_mm: float | None


@dataclass(frozen=True)
class ForecastDocument:
    """A daily forecast for one grid point."""

    latitude: float
    longitude: float
    timezone: str
    elevation_m: float | None
    days: tuple[DailyForecast, ...]


def parse_forecast(data: bytes | str | dict[str, Any], *, max_bytes: int = MAX_FORECAST_BYTES) -> ForecastDocument:
    """Parse an Open-Meteo daily forecast (raw JSON or an already decoded dict) into a :class:`ForecastDocument`.

    ``daily.time`` is required; each other daily array is optional, but when present it must run parallel to it.
    Values are converted to °C, mm and m/s according to ``daily_units``. Raises :class:`ForecastError`.
    """
    document = data if isinstance(data, dict) else _load_json(data, max_bytes=max_bytes)

    latitude = _coordinate(document, "latitude", 90)
    longitude = _coordinate(document, "longitude", 180)
    timezone = document.get("timezone", "GMT")  # Open-Meteo's own default when no timezone was requested
    if not isinstance(timezone, str) or not timezone.strip():
        raise ForecastError("invalid_value", _("“%(field)s” must be text.") % {"field": "timezone"}, field="timezone")
    elevation = document.get("elevation")
    if elevation is not None and not _is_finite_number(elevation):
        raise ForecastError(
            "invalid_value", _("“%(field)s” must be a number.") % {"field": "elevation"}, field="elevation"
        )

    daily = document.get("daily")
    if daily is None:
        _raise_missing("daily")
    if not isinstance(daily, dict):
        _raise_wrong_type("daily", expected=dict)
    units = document.get("daily_units") or {}
    if not isinstance(units, dict):
        _raise_wrong_type("daily_units", expected=dict)

    dates = _dates(daily)
    columns = {
        field_name: _column(daily, units, array, len(dates), conversions, default_unit)
        for array, (field_name, conversions, default_unit) in _DAILY_ARRAYS.items()
    }
    days = tuple(
        DailyForecast(date=day, **{field_name: values[index] for field_name, values in columns.items()})
        for index, day in enumerate(dates)
    )
    return ForecastDocument(
        latitude=float(latitude),
        longitude=float(longitude),
        timezone=timezone.strip(),
        elevation_m=float(elevation) if elevation is not None else None,
        days=days,
    )


def _load_json(data: bytes | str, *, max_bytes: int) -> dict[str, Any]:
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", errors="replace"))
    if size > max_bytes:
        raise ForecastError(
            "too_large",
            _("The forecast is %(size)s bytes, more than the limit of %(limit)s bytes.")
            % {"size": size, "limit": max_bytes},
        )
    try:
        # json accepts NaN and Infinity; they are let through here and refused per value below, with a position.
        document = json.loads(data)
    except json.JSONDecodeError as exc:
        raise ForecastError(
            "malformed",
            _("The forecast is not valid JSON (line %(line)s, column %(column)s).")
            % {"line": exc.lineno, "column": exc.colno},
        ) from exc
    except UnicodeDecodeError as exc:
        raise ForecastError("malformed", _("The forecast is not valid UTF-8 text.")) from exc
    if not isinstance(document, dict):
        raise ForecastError("malformed", _("The forecast is not a JSON object."))
    return document


def _is_finite_number(value: object) -> bool:
    # bool is an int in Python, but true/false in a forecast is a mistake, not 1 and 0.
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _coordinate(document: Mapping[str, Any], name: str, bound: int) -> float:
    value = document.get(name)
    if not _is_finite_number(value) or not -bound <= value <= bound:
        raise ForecastError(
            "invalid_value",
            _("“%(field)s” is missing or not a number between %(minimum)s and %(maximum)s.")
            % {"field": name, "minimum": -bound, "maximum": bound},
            field=name,
        )
    return float(value)


def _raise_missing(field: str) -> NoReturn:
    raise ForecastError("missing_field", _("The forecast has no “%(field)s” field.") % {"field": field}, field=field)


def _raise_wrong_type(field: str, *, expected: type) -> NoReturn:
    if expected is dict:
        message = _("“%(field)s” must be a JSON object.") % {"field": field}
    else:
        message = _("“%(field)s” must be a JSON list.") % {"field": field}
    raise ForecastError("invalid_value", message, field=field)


def _dates(daily: Mapping[str, Any]) -> list[datetime.date]:
    times = daily.get("time")
    if times is None:
        _raise_missing("daily.time")
    if not isinstance(times, list):
        _raise_wrong_type("daily.time", expected=list)
    dates: list[datetime.date] = []
    seen: set[datetime.date] = set()
    for index, value in enumerate(times):
        try:
            # Only the plain ISO form Open-Meteo writes ("2024-11-25"); unixtime responses are not requested.
            day = datetime.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
        except ValueError:
            day = None
        if day is None:
            raise ForecastError(
                "invalid_value",
                _("daily.time[%(index)s] is %(value)s, which is not a date such as 2024-11-25.")
                % {"index": index, "value": _shown(value)},
                field="daily.time",
            )
        if day in seen:
            # Two values for one day cannot both be right; better to refuse than to pick one silently.
            raise ForecastError(
                "invalid_value",
                _("The date %(date)s appears more than once in daily.time.") % {"date": day.isoformat()},
                field="daily.time",
            )
        seen.add(day)
        dates.append(day)
    return dates


def _column(
    daily: Mapping[str, Any],
    units: Mapping[str, Any],
    array: str,
    length: int,
    conversions: Mapping[str, Callable[[float], float]],
    default_unit: str,
) -> list[float | None]:
    """One daily array, checked and converted; all None when the array was not requested."""
    field = f"daily.{array}"
    values = daily.get(array)
    if values is None:
        return [None] * length
    if not isinstance(values, list):
        _raise_wrong_type(field, expected=list)
    if len(values) != length:
        raise ForecastError(
            "length_mismatch",
            _("%(field)s has %(count)s values but daily.time has %(expected)s.")
            % {"field": field, "count": len(values), "expected": length},
            field=field,
        )
    unit = units.get(array) or default_unit
    convert = conversions.get(unit) if isinstance(unit, str) else None
    if convert is None:
        raise ForecastError(
            "invalid_value",
            _("The unit %(unit)s of daily_units.%(array)s is not supported; expected one of %(allowed)s.")
            % {"unit": _shown(unit), "array": array, "allowed": ", ".join(conversions)},
            field=f"daily_units.{array}",
        )
    column: list[float | None] = []
    for index, value in enumerate(values):
        if value is None:
            column.append(None)
        elif _is_finite_number(value):
            column.append(convert(float(value)))
        else:
            raise ForecastError(
                "not_a_number",
                _("%(field)s[%(index)s] is %(value)s, which is not a number.")
                % {"field": field, "index": index, "value": _shown(value)},
                field=field,
            )
    return column


def _shown(value: object) -> str:
    """A value as it appeared in the JSON, for messages; NaN and Infinity as json writes them."""
    try:
        return json.dumps(value, ensure_ascii=False)[:60]
    except (TypeError, ValueError):
        return repr(value)[:60]
