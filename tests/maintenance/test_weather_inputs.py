"""Forecasts in, feeds polled, and the irrigation advice they drive."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from greenspaces.choices import GreenSpaceKind, WaterUseClass
from maintenance import services
from maintenance.choices import OrderSource, OrderStatus
from maintenance.forecast import ForecastError
from maintenance.models import DailyForecast, MaintenanceOrder, SoilWaterBalance, WeatherAlert
from tests.greenspaces.factories import CisternFactory, GreenSpaceFactory
from tests.maintenance.factories import sample, under_contract

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 7, 15)


def forecast(days: list[dict]) -> dict:
    keys = ["temperature_2m_max", "temperature_2m_min", "precipitation_sum", "et0_fao_evapotranspiration"]
    return {
        "latitude": 37.857,
        "longitude": 113.58,
        "timezone": "Asia/Shanghai",
        "daily_units": {"wind_gusts_10m_max": "km/h"},
        "daily": {"time": [d["time"] for d in days], **{key: [d.get(key) for d in days] for key in keys}},
    }


# --- Forecasts --------------------------------------------------------------------------------


def test_a_forecast_is_stored_per_day():
    result = services.forecast_ingest(document=sample("forecast-yangquan-7day.json"))
    assert (result.created, result.updated, result.unchanged) == (7, 0, 0)
    assert DailyForecast.objects.filter(area_code="140300").count() == 7


def test_ingesting_the_same_forecast_twice_changes_nothing():
    services.forecast_ingest(document=sample("forecast-yangquan-7day.json"))
    again = services.forecast_ingest(document=sample("forecast-yangquan-7day.json"))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 7)


def test_a_newer_forecast_replaces_the_days_values():
    services.forecast_ingest(document=forecast([{"time": "2026-07-15", "precipitation_sum": 1.0}]))
    result = services.forecast_ingest(document=forecast([{"time": "2026-07-15", "precipitation_sum": 12.5}]))
    assert result.updated == 1
    assert DailyForecast.objects.get().precipitation_mm == Decimal("12.5")


def test_gusts_are_stored_in_metres_per_second():
    document = forecast([{"time": "2026-07-15"}])
    document["daily"]["wind_gusts_10m_max"] = [72.0]
    services.forecast_ingest(document=document)
    assert DailyForecast.objects.get().wind_gusts_max_ms == Decimal("20.0")


def test_a_forecast_with_a_non_number_is_rejected_and_nothing_stored():
    document = forecast([{"time": "2026-07-15"}, {"time": "2026-07-16"}])
    document["daily"]["precipitation_sum"] = [1.0, "lots"]
    with pytest.raises(ForecastError) as excinfo:
        services.forecast_ingest(document=document)
    assert excinfo.value.field == "daily.precipitation_sum"
    assert DailyForecast.objects.count() == 0


def test_a_forecast_for_an_unknown_area_is_refused(city):
    with pytest.raises(ValidationError):
        services.forecast_ingest(document=sample("forecast-yangquan-7day.json"), area_code="110101")
    assert DailyForecast.objects.count() == 0


# --- Feed polling -----------------------------------------------------------------------------


def test_polling_the_feed_ingests_every_linked_warning_once(city, httpserver):
    httpserver.expect_request("/feed.atom").respond_with_data(sample("feed-yangquan.atom"))
    for name in ("cap-rainstorm-yellow-citywide.xml", "cap-rainstorm-orange-update.xml"):
        httpserver.expect_request(f"/{name}").respond_with_data(sample(name))
    url = httpserver.url_for("/feed.atom")
    assert services.weather_feed_poll(url=url) == 2
    assert services.weather_feed_poll(url=url) == 0
    assert WeatherAlert.objects.count() == 2


def test_the_feed_is_ingested_oldest_first_so_the_update_follows_its_alert(city, httpserver):
    httpserver.expect_request("/feed.atom").respond_with_data(sample("feed-yangquan.atom"))
    for name in ("cap-rainstorm-yellow-citywide.xml", "cap-rainstorm-orange-update.xml"):
        httpserver.expect_request(f"/{name}").respond_with_data(sample(name))
    services.weather_feed_poll(url=httpserver.url_for("/feed.atom"))
    yellow, orange = WeatherAlert.objects.order_by("sent")
    assert yellow.superseded_by == orange
    # The expired 2024 warnings are stored but dispatch nothing; the ordering is what matters here.
    assert MaintenanceOrder.objects.count() == 0


def test_an_alert_arriving_after_its_update_dispatches_nothing(city):
    services.alert_ingest(document=sample("cap-rainstorm-orange-update.xml"), replay=True)
    orders = MaintenanceOrder.objects.count()
    late = services.alert_ingest(document=sample("cap-rainstorm-yellow-citywide.xml"), replay=True)
    assert late.alert.state == "superseded"
    assert late.orders_created == 0
    assert MaintenanceOrder.objects.count() == orders


def test_one_broken_entry_does_not_stop_the_others(city, httpserver):
    httpserver.expect_request("/feed.atom").respond_with_data(sample("feed-yangquan.atom"))
    httpserver.expect_request("/cap-rainstorm-orange-update.xml").respond_with_data(b"<not-cap/>")
    httpserver.expect_request("/cap-rainstorm-yellow-citywide.xml").respond_with_data(
        sample("cap-rainstorm-yellow-citywide.xml")
    )
    assert services.weather_feed_poll(url=httpserver.url_for("/feed.atom")) == 1


def test_the_poll_task_fetches_the_configured_urls(city, httpserver, settings):
    from maintenance.tasks import weather_poll_task

    httpserver.expect_request("/cap").respond_with_data(sample("cap-heat-red-kuangqu.xml"))
    httpserver.expect_request("/forecast").respond_with_data(json.dumps(forecast([{"time": "2026-07-15"}])))
    settings.WEATHER_CAP_FEED_URL = httpserver.url_for("/cap")
    settings.WEATHER_FORECAST_URL = httpserver.url_for("/forecast")
    assert weather_poll_task() == {"alerts": 1, "forecast_days": 1}


# --- Irrigation advice ------------------------------------------------------------------------


@pytest.fixture
def pocket_park():
    """A pocket park like 泉西路游园: 10,000 m² planted (class L), 2 × 1,000 m³ cisterns, under contract."""
    space = GreenSpaceFactory(
        kind=GreenSpaceKind.POCKET_PARK,
        total_area_m2=Decimal("15000"),
        hard_paved_area_m2=Decimal("3500"),
        planted_area_m2=Decimal("10000"),
        planting_water_use=WaterUseClass.LOW,
    )
    CisternFactory(green_space=space, capacity_m3=Decimal("1000"))
    CisternFactory(green_space=space, capacity_m3=Decimal("1000"))
    under_contract(space)
    return space


def test_irrigation_is_ordered_when_depletion_reaches_readily_available_water(pocket_park):
    # Hand-worked: pocket park Zr 0.4 m → TAW = 1000 × 0.15 × 0.4 = 60 mm, RAW = 0.5 × 60 = 30 mm.
    # Yesterday ended 28 mm depleted with 150 m³ in the cisterns. Today ET0 10 mm, no rain:
    # ETL = KL · ET0 = 0.2 × 10 = 2 mm → Dr = 28 + 2 = 30 mm ≥ RAW → irrigate.
    # Net 30 mm, gross 30 / 0.8 = 37.5 mm over 10,000 m² = 375 m³: 150 m³ from the cisterns, 225 m³ mains.
    SoilWaterBalance.objects.create(
        green_space=pocket_park,
        date=DAY - datetime.timedelta(days=1),
        etl_mm=Decimal("1"),
        effective_rain_mm=Decimal("0"),
        depletion_mm=Decimal("28"),
        irrigation_mm=Decimal("0"),
        cistern_m3=Decimal("150"),
    )
    DailyForecast.objects.create(area_code="140300", date=DAY, et0_mm=Decimal("10"), precipitation_mm=Decimal("0"))
    [order] = services.irrigation_advise(day=DAY)
    assert order.source == OrderSource.IRRIGATION
    assert order.status == OrderStatus.ISSUED
    assert order.irrigation_depth_mm == Decimal("37.5")
    assert order.irrigation_volume_m3 == Decimal("375.0")
    assert order.irrigation_from_cistern_m3 == Decimal("150.0")
    assert "150.0" in order.task_zh and "37.5" in order.task_zh
    today = SoilWaterBalance.objects.get(green_space=pocket_park, date=DAY)
    assert (today.depletion_mm, today.cistern_m3) == (Decimal("0.00"), Decimal("0.00"))


def test_no_irrigation_while_depletion_is_below_readily_available_water(pocket_park):
    DailyForecast.objects.create(area_code="140300", date=DAY, et0_mm=Decimal("5"))
    assert services.irrigation_advise(day=DAY) == []
    assert SoilWaterBalance.objects.get(green_space=pocket_park, date=DAY).depletion_mm == Decimal("1.00")


def test_hargreaves_stands_in_when_the_forecast_has_no_et0(pocket_park):
    DailyForecast.objects.create(
        area_code="140300", date=DAY, temperature_max_c=Decimal("32"), temperature_min_c=Decimal("20")
    )
    services.irrigation_advise(day=DAY)
    balance = SoilWaterBalance.objects.get(green_space=pocket_park, date=DAY)
    assert balance.et0_mm == pytest.approx(Decimal("5.81"), abs=Decimal("0.02"))


def test_advising_twice_the_same_day_changes_nothing(pocket_park):
    SoilWaterBalance.objects.create(
        green_space=pocket_park, date=DAY - datetime.timedelta(days=1), etl_mm=0, effective_rain_mm=0,
        depletion_mm=Decimal("29.5"), irrigation_mm=0, cistern_m3=0,
    )  # fmt: skip
    DailyForecast.objects.create(area_code="140300", date=DAY, et0_mm=Decimal("6"))
    assert len(services.irrigation_advise(day=DAY)) == 1
    assert services.irrigation_advise(day=DAY) == []
    assert MaintenanceOrder.objects.filter(source=OrderSource.IRRIGATION).count() == 1
    assert SoilWaterBalance.objects.filter(date=DAY).count() == 1


def test_the_dry_spell_sample_leads_to_irrigation_in_the_city(city):
    services.forecast_ingest(document=sample("forecast-yangquan-dry-spell.json"))
    days = sorted(DailyForecast.objects.values_list("date", flat=True))
    orders = []
    for day in days:
        orders += services.irrigation_advise(day=day)
    assert orders, "a fortnight of hot dry days must call for irrigation somewhere"
    assert all(order.irrigation_volume_m3 > 0 for order in orders)
