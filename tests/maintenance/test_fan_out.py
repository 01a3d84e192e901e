"""The fan-out selects by rule and runs in a number of queries that does not grow with the estate."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from greenspaces.choices import GreenSpaceKind
from maintenance import services
from maintenance.choices import AlertState, CapMsgType, CapStatus, WarningLevel, WarningType
from maintenance.models import WeatherAlert, WebhookMessage
from tests.greenspaces.factories import CisternFactory, DistrictFactory, GreenSpaceFactory, HeritageTreeFactory
from tests.maintenance.factories import (
    ContractAreaFactory,
    MaintenanceContractFactory,
    ResponseRuleFactory,
    WebhookEndpointFactory,
)

pytestmark = pytest.mark.django_db


def make_alert(level=WarningLevel.YELLOW, warning_type=WarningType.RAINSTORM, districts=None) -> WeatherAlert:
    alert = WeatherAlert.objects.create(
        sender="test@example.cn",
        identifier=f"ID-{WeatherAlert.objects.count()}",
        sent=timezone.now(),
        status=CapStatus.ACTUAL,
        msg_type=CapMsgType.ALERT,
        scope="Public",
        warning_type=warning_type,
        level=level,
        state=AlertState.ACTIVE,
        source="file",
        raw_xml="<alert/>",
    )
    alert.districts.set(districts or [DistrictFactory()])
    return alert


def estate(size: int, district=None) -> None:
    district = district or DistrictFactory()
    contract = MaintenanceContractFactory()
    WebhookEndpointFactory(contractor=contract.contractor)
    for _ in range(size):
        ContractAreaFactory(contract=contract, green_space=GreenSpaceFactory(district=district))


def test_the_fan_out_costs_the_same_queries_for_3_and_30_green_spaces():
    # (30 stays inside one SQLite bulk-insert batch; on PostgreSQL a batch holds 2,000.)
    small, large = DistrictFactory(code="140302", name="城区"), DistrictFactory(code="140303", name="矿区")
    estate(3, small)
    estate(30, large)
    ResponseRuleFactory()
    ResponseRuleFactory(needs_cisterns=True)
    counts = {}
    for district, size in ((small, 3), (large, 30)):
        alert = make_alert(districts=[district])
        with CaptureQueriesContext(connection) as captured:
            assert len(services.orders_fan_out(alert=alert).created) == size
        counts[size] = len(captured)
    assert counts[3] == counts[30]


def test_rules_below_the_alerts_level_do_not_fire():
    estate(3)
    ResponseRuleFactory(min_level=WarningLevel.ORANGE)
    assert services.orders_fan_out(alert=make_alert(level=WarningLevel.YELLOW)).created == []


def test_rules_of_another_warning_type_do_not_fire():
    estate(3)
    ResponseRuleFactory(warning_type=WarningType.GALE)
    assert services.orders_fan_out(alert=make_alert()).created == []


def test_a_rule_limited_to_kinds_selects_only_those():
    district = DistrictFactory()
    road = GreenSpaceFactory(kind=GreenSpaceKind.ROAD_GREEN_BELT, district=district)
    GreenSpaceFactory(kind=GreenSpaceKind.COMMUNITY_PARK, district=district)
    ResponseRuleFactory(kinds=[GreenSpaceKind.ROAD_GREEN_BELT])
    created = services.orders_fan_out(alert=make_alert(districts=[district])).created
    assert [order.green_space for order in created] == [road]


@pytest.mark.parametrize("feature", ["needs_heritage_trees", "needs_cisterns", "needs_new_planting"])
def test_a_rule_limited_to_a_feature_selects_only_green_spaces_with_it(feature):
    district = DistrictFactory()
    plain = GreenSpaceFactory(district=district)
    featured = GreenSpaceFactory(district=district, last_planted_on=timezone.localdate() - datetime.timedelta(days=100))
    HeritageTreeFactory(green_space=featured, district=district)
    CisternFactory(green_space=featured)
    plain.last_planted_on = timezone.localdate() - datetime.timedelta(days=900)
    plain.save()
    ResponseRuleFactory(**{feature: True})
    created = services.orders_fan_out(alert=make_alert(districts=[district])).created
    assert [order.green_space for order in created] == [featured]


def test_green_spaces_outside_the_alerts_districts_get_nothing():
    inside, outside = DistrictFactory(code="140302", name="城区"), DistrictFactory(code="140303", name="矿区")
    GreenSpaceFactory(district=inside)
    GreenSpaceFactory(district=outside)
    ResponseRuleFactory()
    created = services.orders_fan_out(alert=make_alert(districts=[inside])).created
    assert {order.green_space.district for order in created} == {inside}


def test_red_deadlines_come_from_the_rule_data():
    estate(1)
    ResponseRuleFactory(ack_minutes={"04": 30, "03": 120, "02": 360, "01": 720})
    order = services.orders_fan_out(alert=make_alert(level=WarningLevel.RED)).created[0]
    assert (order.ack_due_at - order.created_at).total_seconds() == 30 * 60
    assert (order.complete_due_at - order.created_at).total_seconds() == 6 * 3600


def test_each_new_order_queues_one_message_per_active_endpoint():
    estate(4)
    ResponseRuleFactory()
    services.orders_fan_out(alert=make_alert())
    assert WebhookMessage.objects.filter(event_type="order.created").count() == 4
