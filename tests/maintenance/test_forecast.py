"""Open-Meteo daily forecast parsing: values, unit conversion, and every way a forecast is refused."""

from __future__ import annotations

import copy
import datetime
import json
import math
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from maintenance import forecast
from maintenance.forecast import DailyForecast, ForecastDocument, ForecastError, parse_forecast

SAMPLES = Path(__file__).resolve().parents[2] / "samples"

BASE: dict[str, Any] = {
    "latitude": 37.857,
    "longitude": 113.58,
    "generationtime_ms": 0.13,
    "utc_offset_seconds": 28800,
    "timezone": "Asia/Shanghai",
    "timezone_abbreviation": "GMT+8",
    "elevation": 742.0,
    "daily_units": {
        "time": "iso8601",
        "temperature_2m_max": "°C",
        "temperature_2m_min": "°C",
        "precipitation_sum": "mm",
        "wind_gusts_10m_max": "km/h",
        "et0_fao_evapotranspiration": "mm",
    },
    "daily": {
        "time": ["2024-11-25", "2024-11-26", "2024-11-27"],
        "temperature_2m_max": [6.8, 2.1, -1.5],
        "temperature_2m_min": [-2.4, -7.8, -11.2],
        "precipitation_sum": [0.0, 0.4, None],
        "wind_gusts_10m_max": [28.8, 54.0, 36.0],
        "et0_fao_evapotranspiration": [1.02, 1.35, 0.88],
    },
}


def make_forecast(**changes: Any) -> dict[str, Any]:
    """A copy of BASE; ``daily__x=`` / ``daily_units__x=`` change one entry; a value of ``...`` removes it."""
    document = copy.deepcopy(BASE)
    for key, value in changes.items():
        target, name = (document[key.split("__")[0]], key.split("__")[1]) if "__" in key else (document, key)
        if value is ...:
            target.pop(name, None)
        else:
            target[name] = value
    return document


def parse_error(data: Any, **kwargs: Any) -> ForecastError:
    with pytest.raises(ForecastError) as caught:
        parse_forecast(data, **kwargs)
    return caught.value


# --- the samples ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("forecast-*.json")), ids=lambda path: path.name)
def test_every_sample_forecast_parses(path: Path) -> None:
    document = parse_forecast(path.read_bytes())

    assert isinstance(document, ForecastDocument)
    assert document.timezone == "Asia/Shanghai"
    assert (document.latitude, document.longitude) == (37.857, 113.58)


def test_the_seven_day_sample_covers_the_late_november_cold_wave() -> None:
    document = parse_forecast((SAMPLES / "forecast-yangquan-7day.json").read_bytes())

    assert [day.date for day in document.days] == [
        datetime.date(2024, 11, 25) + datetime.timedelta(days=offset) for offset in range(7)
    ]
    assert min(day.temperature_min_c for day in document.days if day.temperature_min_c is not None) < -10
    assert [day.precipitation_mm for day in document.days].count(None) == 1
    assert document.days[1].wind_gusts_max_ms == pytest.approx(15.0)


def test_the_dry_spell_sample_has_fourteen_rainless_days_of_high_et0() -> None:
    document = parse_forecast((SAMPLES / "forecast-yangquan-dry-spell.json").read_bytes())

    assert len(document.days) == 14
    assert all(day.precipitation_mm == 0 for day in document.days)
    assert all(5 <= (day.et0_mm or 0) <= 7 for day in document.days)


# --- values -----------------------------------------------------------------------------------------------------


def test_it_reads_the_location_and_each_day() -> None:
    document = parse_forecast(json.dumps(BASE))

    assert (document.latitude, document.longitude, document.timezone, document.elevation_m) == (
        37.857,
        113.58,
        "Asia/Shanghai",
        742.0,
    )
    assert document.days[0] == DailyForecast(
        date=datetime.date(2024, 11, 25),
        temperature_max_c=6.8,
        temperature_min_c=-2.4,
        precipitation_mm=0.0,
        wind_gusts_max_ms=pytest.approx(8.0),
        et0_mm=1.02,
    )


def test_it_accepts_bytes_str_and_an_already_decoded_dict_alike() -> None:
    as_dict = parse_forecast(BASE)

    assert parse_forecast(json.dumps(BASE)) == as_dict
    assert parse_forecast(json.dumps(BASE).encode("utf-8")) == as_dict


def test_it_keeps_days_in_the_order_given() -> None:
    document = parse_forecast(BASE)

    assert [day.date.isoformat() for day in document.days] == ["2024-11-25", "2024-11-26", "2024-11-27"]


def test_gusts_in_kmh_are_converted_to_metres_per_second() -> None:
    document = parse_forecast(BASE)

    assert [day.wind_gusts_max_ms for day in document.days] == pytest.approx([8.0, 15.0, 10.0])


def test_gusts_are_taken_as_kmh_when_the_units_are_absent_as_open_meteo_defaults() -> None:
    document = parse_forecast(make_forecast(daily_units=...))

    assert document.days[1].wind_gusts_max_ms == pytest.approx(15.0)


@pytest.mark.parametrize(("unit", "metres_per_second"), [("m/s", 54.0), ("mph", 24.14016), ("kn", 27.779976)])
def test_gusts_in_other_units_are_converted_to_metres_per_second(unit: str, metres_per_second: float) -> None:
    document = parse_forecast(make_forecast(daily_units__wind_gusts_10m_max=unit))

    assert document.days[1].wind_gusts_max_ms == pytest.approx(metres_per_second)


def test_it_rejects_an_unknown_wind_unit() -> None:
    with translation.override("en"):
        error = parse_error(make_forecast(daily_units__wind_gusts_10m_max="Beaufort"))

    assert (error.code, error.field) == ("invalid_value", "daily_units.wind_gusts_10m_max")
    assert "Beaufort" in error.message


def test_temperatures_in_fahrenheit_are_converted_to_celsius() -> None:
    document = parse_forecast(
        make_forecast(daily_units__temperature_2m_max="°F", daily__temperature_2m_max=[50.0, 32.0, 14.0])
    )

    assert [day.temperature_max_c for day in document.days] == pytest.approx([10.0, 0.0, -10.0])


def test_depths_in_inches_are_converted_to_millimetres() -> None:
    document = parse_forecast(
        make_forecast(daily_units__precipitation_sum="inch", daily__precipitation_sum=[0, 1, 0.5])
    )

    assert [day.precipitation_mm for day in document.days] == pytest.approx([0.0, 25.4, 12.7])


def test_null_values_become_none() -> None:
    document = parse_forecast(make_forecast(daily__temperature_2m_max=[None, 2.1, None]))

    assert [day.temperature_max_c for day in document.days] == [None, 2.1, None]
    assert document.days[2].precipitation_mm is None


def test_integers_are_read_as_floats() -> None:
    document = parse_forecast(make_forecast(daily__precipitation_sum=[0, 3, 12]))

    assert [day.precipitation_mm for day in document.days] == [0.0, 3.0, 12.0]
    assert all(isinstance(day.precipitation_mm, float) for day in document.days)


def test_a_missing_array_gives_none_for_every_day() -> None:
    document = parse_forecast(make_forecast(daily__et0_fao_evapotranspiration=..., daily__wind_gusts_10m_max=...))

    assert [day.et0_mm for day in document.days] == [None, None, None]
    assert [day.wind_gusts_max_ms for day in document.days] == [None, None, None]


def test_a_forecast_with_only_dates_parses() -> None:
    document = parse_forecast({"latitude": 37.857, "longitude": 113.58, "daily": {"time": ["2024-11-25"]}})

    assert document.days == (DailyForecast(datetime.date(2024, 11, 25), None, None, None, None, None),)
    assert document.elevation_m is None
    assert document.timezone == "GMT"


# --- refused forecasts ------------------------------------------------------------------------------------------


def test_it_rejects_an_array_shorter_than_time_naming_it() -> None:
    with translation.override("en"):
        error = parse_error(make_forecast(daily__precipitation_sum=[0.0, 0.4]))

    assert (error.code, error.field) == ("length_mismatch", "daily.precipitation_sum")
    assert "daily.precipitation_sum" in error.message


def test_it_rejects_an_array_longer_than_time() -> None:
    error = parse_error(make_forecast(daily__temperature_2m_min=[1.0, 2.0, 3.0, 4.0]))

    assert (error.code, error.field) == ("length_mismatch", "daily.temperature_2m_min")


@pytest.mark.parametrize("bad", ["12.5", True, False, {"value": 1}, [1.0]])
def test_it_rejects_a_non_number_in_a_numeric_array_naming_array_and_index(bad: object) -> None:
    with translation.override("en"):
        error = parse_error(make_forecast(daily__wind_gusts_10m_max=[28.8, bad, 36.0]))

    assert (error.code, error.field) == ("not_a_number", "daily.wind_gusts_10m_max")
    assert "daily.wind_gusts_10m_max[1]" in error.message


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_it_rejects_nan_and_infinity_written_in_the_json(literal: str) -> None:
    text = json.dumps(BASE).replace("[0.0, 0.4, null]", f"[0.0, {literal}, null]")

    error = parse_error(text)

    assert (error.code, error.field) == ("not_a_number", "daily.precipitation_sum")


def test_it_rejects_nan_in_an_already_decoded_dict() -> None:
    error = parse_error(make_forecast(daily__et0_fao_evapotranspiration=[1.0, math.nan, 1.0]))

    assert (error.code, error.field) == ("not_a_number", "daily.et0_fao_evapotranspiration")


def test_it_rejects_an_array_that_is_not_a_list() -> None:
    error = parse_error(make_forecast(daily__precipitation_sum="0,0,0"))

    assert (error.code, error.field) == ("invalid_value", "daily.precipitation_sum")


def test_it_rejects_text_that_is_not_json() -> None:
    with translation.override("en"):
        error = parse_error("<html>502 Bad Gateway</html>")

    assert error.code == "malformed"
    assert "line 1" in error.message


def test_it_rejects_bytes_that_are_not_text() -> None:
    assert parse_error(b"\xff\xfe\xfa{").code == "malformed"


def test_it_rejects_json_that_is_not_an_object() -> None:
    assert parse_error("[1, 2, 3]").code == "malformed"


def test_it_rejects_a_forecast_without_daily() -> None:
    error = parse_error(make_forecast(daily=...))

    assert (error.code, error.field) == ("missing_field", "daily")


def test_it_rejects_a_forecast_without_daily_time() -> None:
    with translation.override("en"):
        error = parse_error(make_forecast(daily__time=...))

    assert (error.code, error.field) == ("missing_field", "daily.time")
    assert "daily.time" in error.message


def test_it_rejects_daily_that_is_not_an_object() -> None:
    assert parse_error(make_forecast(daily=[1, 2])).code == "invalid_value"


@pytest.mark.parametrize(("name", "value"), [("latitude", 91.0), ("latitude", -90.5), ("longitude", 180.1)])
def test_it_rejects_a_coordinate_out_of_range(name: str, value: float) -> None:
    with translation.override("en"):
        error = parse_error(make_forecast(**{name: value}))

    assert (error.code, error.field) == ("invalid_value", name)
    assert name in error.message


@pytest.mark.parametrize("name", ["latitude", "longitude"])
def test_it_rejects_a_missing_coordinate(name: str) -> None:
    error = parse_error(make_forecast(**{name: ...}))

    assert (error.code, error.field) == ("invalid_value", name)


@pytest.mark.parametrize("value", ["37.857", True, None])
def test_it_rejects_a_latitude_that_is_not_a_number(value: object) -> None:
    assert parse_error(make_forecast(latitude=value)).code == "invalid_value"


def test_it_rejects_an_elevation_that_is_not_a_number() -> None:
    error = parse_error(make_forecast(elevation="742 m"))

    assert (error.code, error.field) == ("invalid_value", "elevation")


def test_it_rejects_a_timezone_that_is_not_text() -> None:
    error = parse_error(make_forecast(timezone=28800))

    assert (error.code, error.field) == ("invalid_value", "timezone")


def test_it_rejects_duplicate_dates() -> None:
    with translation.override("en"):
        error = parse_error(make_forecast(daily__time=["2024-11-25", "2024-11-26", "2024-11-25"]))

    assert (error.code, error.field) == ("invalid_value", "daily.time")
    assert "2024-11-25" in error.message


@pytest.mark.parametrize("value", ["2024-11-31", "25/11/2024", "2024-11-25T00:00", 1732464000, None])
def test_it_rejects_a_time_that_is_not_an_iso_date(value: object) -> None:
    error = parse_error(make_forecast(daily__time=["2024-11-25", value, "2024-11-27"]))

    assert (error.code, error.field) == ("invalid_value", "daily.time")


def test_it_rejects_a_forecast_larger_than_the_limit_before_parsing_it() -> None:
    with translation.override("en"):
        error = parse_error(b"{" * 2_000_000)

    assert error.code == "too_large"
    assert "1000000" in error.message


def test_the_size_limit_can_be_lowered() -> None:
    assert parse_error(json.dumps(BASE), max_bytes=100).code == "too_large"


def test_an_error_reads_as_its_message() -> None:
    error = parse_error(make_forecast(daily=...))

    assert str(error) == error.message
    assert isinstance(error, ValueError)


def test_error_messages_go_through_gettext(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forecast, "_", lambda msgid: "TRANSLATED:" + msgid)

    error = parse_error(make_forecast(daily=...))

    assert error.message == "TRANSLATED:The forecast has no “daily” field."
