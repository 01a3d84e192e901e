"""The orders list's fast rows say exactly what the declared OrderSerializer says."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from rest_framework.renderers import JSONRenderer

from greening.api.renderers import ORJSONRenderer
from maintenance import services
from maintenance.api.serializers import OrderSerializer
from maintenance.models import DailyForecast, MaintenanceOrder, SoilWaterBalance
from maintenance.representations import ORDER_ROW_FIELDS, OrderRows
from tests.maintenance.factories import sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed_orders(city):
    """Weather orders (with a warning), an overdue one, an unassigned one and an irrigation order."""
    from maintenance.models import ContractArea

    ContractArea.objects.filter(green_space__code="caishi-garden").delete()
    services.alert_ingest(document=sample("cap-rainstorm-yellow-citywide.xml"), replay=True)
    MaintenanceOrder.objects.filter(pk=MaintenanceOrder.objects.order_by("pk").first().pk).update(
        ack_due_at=timezone.now() - datetime.timedelta(hours=1)
    )
    day = datetime.date(2026, 7, 15)
    from greenspaces.models import GreenSpace

    space = GreenSpace.objects.get(code="quanxi-road-pocket-park")
    SoilWaterBalance.objects.create(
        green_space=space, date=day - datetime.timedelta(days=1), etl_mm=0, effective_rain_mm=0,
        depletion_mm=Decimal("29"), irrigation_mm=0, cistern_m3=Decimal("500"),
    )  # fmt: skip
    DailyForecast.objects.create(area_code="140300", date=day, et0_mm=Decimal("6"))
    assert services.irrigation_advise(day=day)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_fast_rows_equal_the_serializer(mixed_orders, language):
    with translation.override(language):
        orders = MaintenanceOrder.objects.select_related("green_space__district", "alert").order_by("pk")
        declared = json.loads(JSONRenderer().render(OrderSerializer(orders, many=True).data))
        rows = OrderRows()
        fast = json.loads(ORJSONRenderer().render([rows(row) for row in orders.values(*ORDER_ROW_FIELDS)]))
    assert fast == declared
    assert {row["source"] for row in fast} == {"weather", "irrigation"}
    assert any(row["overdue"] for row in fast)
    assert any(row["status"] == "unassigned" for row in fast)


def test_the_orjson_renderer_writes_what_drf_writes(mixed_orders):
    order = MaintenanceOrder.objects.select_related("green_space__district", "alert").first()
    data = {**OrderSerializer(order).data, "utc": datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)}
    data["decimal"] = Decimal("2000.00")
    with translation.override("zh-hans"):
        data["label"] = translation.gettext_lazy("Rainstorm")
        fast = json.loads(ORJSONRenderer().render(data))
        declared = json.loads(JSONRenderer().render({**data, "decimal": "2000.00"}))
    assert fast == declared
    assert fast["utc"] == "2026-01-01T00:00:00Z"
    assert fast["label"] == "暴雨"
