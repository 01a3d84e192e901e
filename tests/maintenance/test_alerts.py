"""Warnings in: stored once, dispatched only when real, updated and cancelled by later messages."""

from __future__ import annotations

import pytest

from maintenance import services
from maintenance.cap import CapError
from maintenance.choices import AlertState, OrderStatus, WarningLevel
from maintenance.models import MaintenanceOrder, OrderTransition, WeatherAlert
from tests.maintenance.factories import sample

pytestmark = pytest.mark.django_db

YELLOW = "cap-rainstorm-yellow-citywide.xml"
ORANGE_UPDATE = "cap-rainstorm-orange-update.xml"
CANCEL = "cap-rainstorm-cancel.xml"


def ingest(name: str, **kwargs):
    return services.alert_ingest(document=sample(name), replay=True, **kwargs)


def test_a_citywide_rainstorm_creates_an_order_per_rule_and_green_space(city):
    result = ingest(YELLOW)
    # Drainage for all 12 green spaces, sunken green space checks at 南山公园 and 彩石园,
    # cistern checks at the 5 green spaces with cisterns.
    assert result.orders_created == 12 + 2 + 5
    assert result.alert.state == AlertState.ACTIVE
    assert result.alert.districts.count() == 5


def test_ingesting_the_same_warning_twice_changes_nothing(city):
    ingest(YELLOW)
    before = (WeatherAlert.objects.count(), MaintenanceOrder.objects.count(), OrderTransition.objects.count())
    again = ingest(YELLOW)
    assert not again.created
    assert again.orders_created == 0
    assert (WeatherAlert.objects.count(), MaintenanceOrder.objects.count(), OrderTransition.objects.count()) == before


def test_running_the_fan_out_twice_creates_nothing_more(city):
    alert = ingest(YELLOW).alert
    count = MaintenanceOrder.objects.count()
    assert services.orders_fan_out(alert=alert).created == []
    assert MaintenanceOrder.objects.count() == count


def test_every_order_goes_to_the_contractor_holding_the_green_space(city):
    ingest(YELLOW)
    for order in MaintenanceOrder.objects.select_related("green_space"):
        contract = order.green_space.contracts.get()
        assert order.contractor_id == contract.contractor_id
        assert order.status == OrderStatus.ISSUED


def test_yellow_deadlines_give_six_hours_to_acknowledge(city):
    result = ingest(YELLOW)
    order = result.fan_out.created[0]
    assert (order.ack_due_at - order.created_at).total_seconds() == 6 * 3600


def test_an_expired_warning_is_stored_but_dispatches_nothing():
    result = services.alert_ingest(document=sample(YELLOW))
    assert result.created
    assert result.alert.state == AlertState.NOT_DISPATCHED
    assert MaintenanceOrder.objects.count() == 0


def test_a_test_message_is_stored_and_never_dispatched(city):
    result = ingest("cap-frost-blue-test.xml")
    assert result.alert.state == AlertState.NOT_DISPATCHED
    assert result.orders_created == 0
    assert WeatherAlert.objects.filter(status="Test").exists()


def test_an_update_moves_the_orders_to_the_new_level(city):
    first = ingest(YELLOW)
    update = ingest(ORANGE_UPDATE)
    first.alert.refresh_from_db()
    assert first.alert.state == AlertState.SUPERSEDED
    assert first.alert.superseded_by == update.alert
    assert update.orders_created == 0
    assert len(update.fan_out.updated) == first.orders_created
    order = MaintenanceOrder.objects.get(pk=first.fan_out.created[0].pk)
    assert order.alert == update.alert
    # Orange: two hours to acknowledge from the update, sooner than the yellow six hours.
    assert order.ack_due_at <= first.fan_out.created[0].ack_due_at
    assert update.alert.level == WarningLevel.ORANGE


def test_a_cancel_cancels_the_open_orders_and_the_warning(city):
    ingest(YELLOW)
    update = ingest(ORANGE_UPDATE)
    cancel = ingest(CANCEL)
    update.alert.refresh_from_db()
    assert update.alert.state == AlertState.CANCELLED
    assert len(cancel.fan_out.cancelled) == 19
    assert set(MaintenanceOrder.objects.values_list("status", flat=True)) == {OrderStatus.CANCELLED}


def test_a_cancel_leaves_completed_work_alone(city, staff_user):
    first = ingest(YELLOW)
    done = first.fan_out.created[0]
    services.order_acknowledge(order=done, actor=staff_user)
    services.order_complete(order=done, notes="已清理雨水口", actor=staff_user)
    ingest(ORANGE_UPDATE)
    ingest(CANCEL)
    done.refresh_from_db()
    assert done.status == OrderStatus.COMPLETED


def test_a_cancel_for_an_unknown_warning_is_refused_and_nothing_stored(city):
    with pytest.raises(services.AlertError) as excinfo:
        ingest(CANCEL)
    assert excinfo.value.code == "unknown_reference"
    assert WeatherAlert.objects.count() == 0


def test_a_district_warning_reaches_only_that_districts_green_spaces(city):
    result = ingest("cap-heat-red-kuangqu.xml")
    assert {order.green_space.district.code for order in result.fan_out.created} == {"140303"}
    assert result.orders_created == 1


@pytest.mark.parametrize(
    ("document", "code"),
    [
        (b"<alert", "malformed"),
        (b'<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><alert>&x;</alert>', "forbidden_xml"),
        (b'<alert xmlns="urn:oasis:names:tc:emergency:cap:1.1"><identifier>x</identifier></alert>', "not_cap12"),
        (b"<" + b"a" * 2_000_000 + b"/>", "too_large"),
    ],
    ids=["malformed", "xxe", "cap-1.1", "2-MB"],
)
def test_a_bad_document_is_rejected_and_nothing_stored(city, document, code):
    with pytest.raises(CapError) as excinfo:
        services.alert_ingest(document=document)
    assert excinfo.value.code == code
    assert WeatherAlert.objects.count() == 0
    assert MaintenanceOrder.objects.count() == 0


def test_a_green_space_without_contract_gets_an_unassigned_order_and_staff_are_told(
    city, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    from maintenance.models import ContractArea

    ContractArea.objects.filter(green_space__code="quanxi-road-pocket-park").delete()
    with django_capture_on_commit_callbacks(execute=True):
        result = ingest(YELLOW)
    assert [space.code for space in result.fan_out.uncovered] == ["quanxi-road-pocket-park"]
    unassigned = MaintenanceOrder.objects.filter(status=OrderStatus.UNASSIGNED)
    assert {order.green_space.code for order in unassigned} == {"quanxi-road-pocket-park"}
    assert any("泉西路游园" in mail.body for mail in mailoutbox)
