"""The operator commands: ingest_cap and ingest_forecast."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from maintenance.models import DailyForecast, MaintenanceOrder, WeatherAlert
from tests.maintenance.factories import SAMPLES

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    with translation.override("en"):
        call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_ingest_cap_prints_the_alert_and_the_orders_created(city):
    out, _err = run("ingest_cap", "--replay", str(SAMPLES / "cap-rainstorm-yellow-citywide.xml"))
    assert "19 orders created" in out
    assert "暴雨黄色预警信号" in out


def test_ingest_cap_twice_says_nothing_changed(city):
    path = str(SAMPLES / "cap-heat-red-kuangqu.xml")
    run("ingest_cap", "--replay", path)
    out, _err = run("ingest_cap", "--replay", path)
    assert "already ingested" in out
    assert MaintenanceOrder.objects.count() == 1


def test_ingest_cap_exits_non_zero_naming_the_rejected_file(city, tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<alert>")
    with pytest.raises(CommandError) as excinfo:
        run("ingest_cap", str(SAMPLES / "cap-heat-red-kuangqu.xml"), str(bad))
    assert excinfo.value.returncode == 1
    assert WeatherAlert.objects.count() == 1


def test_ingest_cap_reports_a_missing_file(city, tmp_path):
    with pytest.raises(CommandError):
        run("ingest_cap", str(tmp_path / "missing.xml"))


def test_ingest_forecast_stores_the_days(city):
    out, _err = run("ingest_forecast", str(SAMPLES / "forecast-yangquan-7day.json"))
    assert "7 days new" in out
    assert DailyForecast.objects.count() == 7


def test_ingest_forecast_rejects_a_bad_document(city, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"daily": {}}')
    with pytest.raises(CommandError, match="rejected"):
        run("ingest_forecast", str(bad))


def test_create_webhook_endpoint_prints_the_secret_once(city):
    from maintenance.models import WebhookEndpoint

    out, _err = run(
        "create_webhook_endpoint",
        "--contractor",
        "阳泉市绿源园林养护有限公司（演示）",
        "--url",
        "http://127.0.0.1:8765/",
    )
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.secret.startswith("whsec_")
    assert endpoint.secret in out


def test_create_webhook_endpoint_refuses_an_unknown_contractor(city):
    with pytest.raises(CommandError, match="No contractor"):
        run("create_webhook_endpoint", "--contractor", "不存在的公司", "--url", "http://127.0.0.1:8765/")


def test_create_webhook_endpoint_refuses_a_bad_url(city):
    with pytest.raises(CommandError):
        run("create_webhook_endpoint", "--contractor", "阳泉市绿源园林养护有限公司（演示）", "--url", "ftp://x")
