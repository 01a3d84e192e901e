"""The webhook outbox against a real local receiver: signed, retried on schedule, claimed once, given up visibly."""

from __future__ import annotations

import datetime
import json
import time

import pytest
import standardwebhooks
from celery import Celery
from django.utils import timezone
from werkzeug import Response

from maintenance import services
from maintenance.choices import MessageState
from maintenance.models import Delivery, WebhookEndpoint, WebhookMessage
from maintenance.tasks import enqueue
from maintenance.webhooks import HttpTransport
from tests.maintenance.factories import WebhookEndpointFactory, sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver(httpserver, city):
    """The demo contractor of 彩石园 (矿区) with an endpoint on a local HTTP server."""
    from maintenance.models import Contractor

    contractor = Contractor.objects.get(contracts__areas__green_space__code="caishi-garden")
    endpoint = WebhookEndpointFactory(contractor=contractor, url=httpserver.url_for("/hooks/greening"))
    return endpoint


def heat_warning() -> None:
    # 高温红色 for 矿区: one order, at 彩石园.
    services.alert_ingest(document=sample("cap-heat-red-kuangqu.xml"), replay=True)


def flush(endpoint: WebhookEndpoint, **kwargs) -> tuple[int, bool]:
    return services.webhook_endpoint_flush(endpoint_id=endpoint.pk, transport=HttpTransport(read_timeout=1), **kwargs)


def make_due(endpoint: WebhookEndpoint) -> None:
    WebhookMessage.objects.filter(endpoint=endpoint, state=MessageState.PENDING).update(next_attempt_at=timezone.now())


def test_a_new_order_is_pushed_signed_so_standardwebhooks_verifies_it(receiver, httpserver):
    httpserver.expect_oneshot_request("/hooks/greening", method="POST").respond_with_data("ok")
    heat_warning()
    assert flush(receiver) == (1, False)
    request, _response = httpserver.log[0]
    payload = standardwebhooks.Webhook(receiver.secret).verify(request.get_data(), dict(request.headers))
    assert payload["type"] == "order.created"
    assert payload["data"]["green_space"]["name"] == "彩石园"
    message = WebhookMessage.objects.get()
    assert request.headers["webhook-id"] == message.message_id
    assert message.state == MessageState.DELIVERED
    assert Delivery.objects.get().succeeded


def test_a_failed_delivery_is_retried_with_the_same_webhook_id_after_about_five_seconds(receiver, httpserver):
    httpserver.expect_oneshot_request("/hooks/greening").respond_with_data("boom", status=500)
    httpserver.expect_oneshot_request("/hooks/greening").respond_with_data("ok")
    heat_warning()
    before = timezone.now()
    flush(receiver)
    message = WebhookMessage.objects.get()
    assert (message.state, message.attempts) == (MessageState.PENDING, 1)
    assert 4.4 <= (message.next_attempt_at - before).total_seconds() <= 6.6
    assert Delivery.objects.get().status_code == 500
    make_due(receiver)
    flush(receiver)
    first, second = (request.headers["webhook-id"] for request, _ in httpserver.log)
    assert first == second
    assert WebhookMessage.objects.get().state == MessageState.DELIVERED


def test_after_ten_failed_attempts_the_message_is_given_up_and_staff_told(
    receiver, httpserver, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    httpserver.expect_request("/hooks/greening").respond_with_data("down", status=503)
    heat_warning()
    with django_capture_on_commit_callbacks(execute=False):
        for _ in range(10):
            make_due(receiver)
            flush(receiver)
    message = WebhookMessage.objects.get()
    assert (message.state, message.attempts) == (MessageState.FAILED, 10)
    assert Delivery.objects.filter(succeeded=False).count() == 10
    with django_capture_on_commit_callbacks(execute=True):
        make_due(receiver)
        assert flush(receiver) == (0, False)
    receiver.refresh_from_db()
    assert receiver.consecutive_failures == 10


def test_giving_up_emails_staff(receiver, httpserver, staff_user, mailoutbox, django_capture_on_commit_callbacks):
    httpserver.expect_request("/hooks/greening").respond_with_data("down", status=503)
    heat_warning()
    WebhookMessage.objects.update(attempts=9)
    with django_capture_on_commit_callbacks(execute=True):
        flush(receiver)
    assert WebhookMessage.objects.get().state == MessageState.FAILED
    assert len(mailoutbox) == 1
    assert receiver.url in mailoutbox[0].body


def test_a_410_disables_the_endpoint_and_stops_its_messages(receiver, httpserver):
    httpserver.expect_request("/hooks/greening").respond_with_data("gone", status=410)
    heat_warning()
    services.webhook_ping(endpoint=receiver)
    flush(receiver)
    receiver.refresh_from_db()
    assert not receiver.active
    assert "410" in receiver.disabled_reason
    assert set(WebhookMessage.objects.values_list("state", flat=True)) == {MessageState.FAILED}
    assert len(httpserver.log) == 1


def test_a_redirect_is_not_followed_and_is_retried(receiver, httpserver):
    httpserver.expect_request("/hooks/greening").respond_with_response(
        Response(status=302, headers={"Location": httpserver.url_for("/elsewhere")})
    )
    heat_warning()
    flush(receiver)
    assert [request.path for request, _ in httpserver.log] == ["/hooks/greening"]
    message = WebhookMessage.objects.get()
    assert (message.state, Delivery.objects.get().status_code) == (MessageState.PENDING, 302)


def test_a_receiver_that_hangs_times_out_and_is_retried(receiver, httpserver):
    def slow(request):
        time.sleep(2)
        return Response("late")

    httpserver.expect_request("/hooks/greening").respond_with_handler(slow)
    heat_warning()
    flush(receiver)
    delivery = Delivery.objects.get()
    assert delivery.status_code is None
    assert "超时" in delivery.error  # stored in the portal's language, zh-hans
    assert WebhookMessage.objects.get().state == MessageState.PENDING


def test_a_failing_endpoint_holds_back_only_its_own_messages(receiver, httpserver):
    httpserver.expect_request("/hooks/greening").respond_with_data("down", status=500)
    httpserver.expect_request("/hooks/other").respond_with_data("ok")
    healthy = WebhookEndpointFactory(contractor=receiver.contractor, url=httpserver.url_for("/hooks/other"))
    heat_warning()
    services.webhook_ping(endpoint=receiver)
    assert sorted(services.webhook_sweep()) == sorted([receiver.pk, healthy.pk])
    flush(receiver)
    flush(healthy)
    # The broken endpoint was tried once; its second message waits for the first one's retry.
    assert WebhookMessage.objects.filter(endpoint=receiver, attempts=0, state=MessageState.PENDING).count() == 1
    assert WebhookMessage.objects.get(endpoint=healthy).state == MessageState.DELIVERED
    assert services.webhook_sweep() == []


def test_a_message_is_sent_by_only_one_worker(receiver, httpserver):
    httpserver.expect_request("/hooks/greening").respond_with_data("ok")
    heat_warning()
    message = WebhookMessage.objects.get()
    first = services.webhook_message_attempt(message_id=message.pk, transport=HttpTransport())
    second = services.webhook_message_attempt(message_id=message.pk, transport=HttpTransport())
    assert first is not None and second is None
    assert len(httpserver.log) == 1


def test_a_claim_left_by_a_dead_worker_is_released_by_the_sweep(receiver, settings):
    heat_warning()
    stale = timezone.now() - datetime.timedelta(seconds=settings.WEBHOOK_CLAIM_TIMEOUT + 1)
    WebhookMessage.objects.update(state=MessageState.SENDING, claimed_at=stale)
    assert services.webhook_sweep() == [receiver.pk]
    assert WebhookMessage.objects.get().state == MessageState.PENDING


def test_with_the_broker_down_the_orders_and_messages_are_still_committed(receiver):
    dead = Celery("dead", broker="redis://127.0.0.1:1/0", broker_connection_timeout=1)

    @dead.task(name="dead.flush")
    def flush_on_a_dead_broker(endpoint_id):  # pragma: no cover - never runs
        raise AssertionError

    heat_warning()
    assert enqueue(flush_on_a_dead_broker, receiver.pk) is False
    assert WebhookMessage.objects.filter(state=MessageState.PENDING).count() == 1
    assert services.webhook_sweep() == [receiver.pk]


def test_the_body_is_rendered_at_the_first_attempt_and_kept_for_retries(receiver, httpserver):
    httpserver.expect_oneshot_request("/hooks/greening").respond_with_data("boom", status=500)
    httpserver.expect_oneshot_request("/hooks/greening").respond_with_data("ok")
    heat_warning()
    assert WebhookMessage.objects.get().body == ""
    flush(receiver)
    body = WebhookMessage.objects.get().body
    assert json.loads(body)["data"]["alert"]["level"] == "04"
    make_due(receiver)
    flush(receiver)
    first, second = (request.get_data(as_text=True) for request, _ in httpserver.log)
    assert first == second == body


def test_resend_after_giving_up_delivers_with_the_same_id(receiver, httpserver):
    httpserver.expect_request("/hooks/greening").respond_with_data("ok")
    heat_warning()
    WebhookMessage.objects.update(state=MessageState.FAILED, attempts=10, next_attempt_at=None)
    message = WebhookMessage.objects.get()
    services.webhook_message_resend(message=message)
    flush(receiver)
    message.refresh_from_db()
    assert message.state == MessageState.DELIVERED
    assert httpserver.log[0][0].headers["webhook-id"] == message.message_id


def test_the_event_carries_the_order_as_the_api_declares_it(receiver, httpserver):
    from django.utils import translation
    from rest_framework.renderers import JSONRenderer

    from maintenance.api.serializers import OrderSerializer
    from maintenance.models import MaintenanceOrder

    httpserver.expect_request("/hooks/greening").respond_with_data("ok")
    heat_warning()
    flush(receiver)
    order = MaintenanceOrder.objects.select_related("green_space__district", "alert").get()
    with translation.override("zh-hans"):
        declared = json.loads(JSONRenderer().render(OrderSerializer(order).data))
    assert json.loads(WebhookMessage.objects.get().body)["data"] == declared
