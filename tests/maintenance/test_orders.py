"""The order lifecycle: legal moves recorded with who did them, illegal ones refused, late ones escalated."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from PIL import Image

from maintenance import services
from maintenance.choices import OrderStatus, WebhookEventType
from maintenance.models import MaintenanceOrder, OrderTransition, WebhookMessage
from tests.maintenance.factories import ContractorFactory, WebhookEndpointFactory, sample
from tests.support.images import GPS_IFD, jpeg_with_gps, text_named_jpg

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(city) -> MaintenanceOrder:
    result = services.alert_ingest(document=sample("cap-heat-red-kuangqu.xml"), replay=True)
    return result.fan_out.created[0]


def test_the_full_lifecycle_is_recorded_step_by_step(order, staff_user):
    services.order_acknowledge(order=order, actor_label="contractor:绿源")
    services.order_start(order=order, actor_label="contractor:绿源")
    services.order_complete(order=order, notes="已于清晨浇水", actor_label="contractor:绿源")
    services.order_verify(order=order, actor=staff_user)
    order.refresh_from_db()
    assert order.status == OrderStatus.VERIFIED
    assert [(t.from_status, t.to_status) for t in order.transitions.all()] == [
        ("", "issued"),
        ("issued", "acknowledged"),
        ("acknowledged", "in_progress"),
        ("in_progress", "completed"),
        ("completed", "verified"),
    ]
    assert order.transitions.last().actor == staff_user
    assert order.acknowledged_at <= order.started_at <= order.completed_at <= order.verified_at


@pytest.mark.parametrize(
    ("steps", "illegal"),
    [
        ([], services.order_start),
        ([], services.order_verify),
        (["ack", "complete"], services.order_acknowledge),
    ],
    ids=["start-before-acknowledge", "verify-an-issued-order", "acknowledge-twice"],
)
def test_an_illegal_transition_is_refused_and_changes_nothing(order, staff_user, steps, illegal):
    for step in steps:
        if step == "ack":
            services.order_acknowledge(order=order)
        else:
            services.order_complete(order=order, notes="done")
    status = MaintenanceOrder.objects.get(pk=order.pk).status
    transitions = OrderTransition.objects.count()
    with pytest.raises(services.TransitionError):
        illegal(order=order, actor=staff_user)
    assert MaintenanceOrder.objects.get(pk=order.pk).status == status
    assert OrderTransition.objects.count() == transitions


def test_the_illegal_transition_message_is_translated(order, staff_user):
    with translation.override("zh-hans"), pytest.raises(services.TransitionError) as excinfo:
        services.order_verify(order=order, actor=staff_user)
    assert "已下达" in excinfo.value.message


def test_declining_needs_a_reason(order):
    with pytest.raises(ValidationError):
        services.order_decline(order=order, reason="  ")
    services.order_decline(order=order, reason="人手不足")
    order.refresh_from_db()
    assert (order.status, order.decline_reason) == (OrderStatus.DECLINED, "人手不足")


def test_completion_stores_photos_without_gps_and_the_location(order, media):
    services.order_acknowledge(order=order)
    services.order_complete(order=order, notes="完成", photos=[jpeg_with_gps()], latitude=37.86, longitude=113.55)
    order.refresh_from_db()
    with Image.open(order.photos.get().image.path) as image:
        assert GPS_IFD not in image.getexif()
    assert float(order.completion_latitude) == pytest.approx(37.86)


def test_a_bad_photo_leaves_the_order_uncompleted(order, media):
    services.order_acknowledge(order=order)
    with pytest.raises(ValidationError):
        services.order_complete(order=order, notes="完成", photos=[text_named_jpg()])
    order.refresh_from_db()
    assert order.status == OrderStatus.ACKNOWLEDGED
    assert order.photos.count() == 0


def test_reassigning_a_declined_order_issues_it_to_the_new_contractor(order, staff_user):
    services.order_decline(order=order, reason="设备故障")
    other = ContractorFactory()
    WebhookEndpointFactory(contractor=other)
    services.order_reassign(order=order, contractor=other, actor=staff_user)
    order.refresh_from_db()
    assert (order.status, order.contractor) == (OrderStatus.ISSUED, other)
    assert WebhookMessage.objects.filter(order=order, endpoint__contractor=other, event_type="order.created").exists()


def test_reassigning_an_issued_order_tells_the_old_contractor_it_is_cancelled(order, staff_user):
    old_endpoint = WebhookEndpointFactory(contractor=order.contractor)
    services.order_reassign(order=order, contractor=ContractorFactory(), actor=staff_user)
    assert WebhookMessage.objects.filter(
        order=order, endpoint=old_endpoint, event_type=WebhookEventType.ORDER_CANCELLED
    ).exists()


def test_a_completed_order_cannot_be_reassigned(order, staff_user):
    services.order_acknowledge(order=order)
    services.order_complete(order=order, notes="完成")
    with pytest.raises(services.TransitionError):
        services.order_reassign(order=order, contractor=ContractorFactory(), actor=staff_user)


def test_staff_cancelling_pushes_order_cancelled(order, staff_user):
    endpoint = WebhookEndpointFactory(contractor=order.contractor)
    services.order_cancel(order=order, actor=staff_user, reason="误报")
    assert WebhookMessage.objects.filter(endpoint=endpoint, event_type="order.cancelled").count() == 1


def test_orders_past_their_deadline_are_escalated_once(
    order, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    later = order.ack_due_at + datetime.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        escalated = services.orders_escalate(now=later)
    with django_capture_on_commit_callbacks(execute=True):
        again = services.orders_escalate(now=later + datetime.timedelta(hours=1))
    assert [o.pk for o in escalated] == [order.pk]
    assert again == []
    assert len(mailoutbox) == 1
    assert order.title in mailoutbox[0].body
    order.refresh_from_db()
    assert order.is_overdue


def test_acknowledged_orders_are_not_escalated(order):
    services.order_acknowledge(order=order)
    assert services.orders_escalate(now=timezone.now() + datetime.timedelta(days=2)) == []


def test_an_order_never_acknowledged_expires_a_day_after_its_warning(order, settings):
    endpoint = WebhookEndpointFactory(contractor=order.contractor)
    expired_at = order.alert.expires
    assert services.orders_expire(now=expired_at + datetime.timedelta(hours=23)) == []
    [expired] = services.orders_expire(now=expired_at + datetime.timedelta(hours=25))
    assert expired.status == OrderStatus.EXPIRED
    assert WebhookMessage.objects.filter(endpoint=endpoint, event_type="order.cancelled").exists()


def test_an_acknowledged_order_does_not_expire(order):
    services.order_acknowledge(order=order)
    assert services.orders_expire(now=order.alert.expires + datetime.timedelta(days=3)) == []
