"""The webhook outbox: events are rows first, delivered by claiming workers, retried from the database."""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from greening.lib.notify import notify_staff
from maintenance.choices import (
    MessageState,
    WebhookEventType,
)
from maintenance.models import (
    Delivery,
    MaintenanceOrder,
    WebhookEndpoint,
    WebhookMessage,
    new_message_id,
)
from maintenance.representations import order_representation
from maintenance.services.access import check_webhook_url
from maintenance.webhooks import DeliveryError, HttpTransport, event_payload, next_retry_delay, sign

logger = logging.getLogger(__name__)


# --- Webhook outbox ---------------------------------------------------------------------------


def webhook_messages_enqueue(
    *, orders: Sequence[MaintenanceOrder], event_type: str, now: datetime.datetime | None = None
) -> list[WebhookMessage]:
    """Put one message per (order, active endpoint of its contractor) in the outbox, and ask for delivery
    once the transaction commits. If the broker is down then, the sweep delivers them later."""
    now = now or timezone.now()
    contractor_ids = {order.contractor_id for order in orders if order.contractor_id}
    if not contractor_ids:
        return []
    endpoints: dict[int, list[int]] = defaultdict(list)
    for endpoint_id, contractor_id in WebhookEndpoint.objects.filter(
        contractor_id__in=contractor_ids, active=True
    ).values_list("pk", "contractor_id"):
        endpoints[contractor_id].append(endpoint_id)
    messages = []
    for order in orders:
        targets = endpoints.get(order.contractor_id, [])
        if not targets:
            continue
        messages.extend(
            WebhookMessage(
                endpoint_id=endpoint_id,
                order=order,
                message_id=new_message_id(),
                event_type=event_type,
                next_attempt_at=now,
                created_at=now,
            )
            for endpoint_id in targets
        )
    created = WebhookMessage.objects.bulk_create(messages, batch_size=2000)
    endpoint_ids = sorted({message.endpoint_id for message in created})
    if endpoint_ids:
        transaction.on_commit(lambda: request_flush(endpoint_ids))
    return created


def request_flush(endpoint_ids: Iterable[int]) -> None:
    """Ask workers to deliver these endpoints' due messages (best effort: the sweep catches up)."""
    from maintenance.tasks import enqueue, webhook_endpoint_flush_task

    for endpoint_id in endpoint_ids:
        enqueue(webhook_endpoint_flush_task, endpoint_id)


def webhook_ping(*, endpoint: WebhookEndpoint) -> WebhookMessage:
    """Queue a signed test event for an endpoint."""
    now = timezone.now()
    data = {"endpoint_id": endpoint.pk, "message": "ping"}
    with transaction.atomic():
        message = WebhookMessage.objects.create(
            endpoint=endpoint,
            event_type=WebhookEventType.PING,
            body=event_payload(event_type=WebhookEventType.PING, data=data, timestamp=now).decode(),
            next_attempt_at=now,
            created_at=now,
        )
        transaction.on_commit(lambda: request_flush([endpoint.pk]))
    return message


def _render_body(message: WebhookMessage) -> str:
    """The message's body: rendered from its order the first time, then the same on every retry."""
    if message.body:
        return message.body
    # The order as the API lists it, in the portal's language (ask the API with Accept-Language: en
    # for the English task).
    data = order_representation(message.order_id, settings.LANGUAGE_CODE)
    body = event_payload(event_type=message.event_type, data=data, timestamp=message.created_at).decode()
    WebhookMessage.objects.filter(pk=message.pk, body="").update(body=body)
    return body


def _claim(message_id: int, now: datetime.datetime) -> bool:
    """Take a due pending message for sending; True only for the one worker whose update changed it."""
    return (
        WebhookMessage.objects.filter(pk=message_id, state=MessageState.PENDING, next_attempt_at__lte=now).update(
            state=MessageState.SENDING, claimed_at=now
        )
        == 1
    )


def webhook_message_attempt(*, message_id: int, transport: HttpTransport | None = None) -> Delivery | None:
    """Make one attempt to deliver a message, if this worker can claim it; record the attempt.

    Returns the attempt, or None when the message was not due or another worker claimed it.
    """
    now = timezone.now()
    if not _claim(message_id, now):
        return None
    message = WebhookMessage.objects.select_related("endpoint").get(pk=message_id)
    endpoint = message.endpoint
    attempt_number = message.attempts + 1
    if not endpoint.active:
        WebhookMessage.objects.filter(pk=message.pk).update(
            state=MessageState.FAILED, last_error=_("The endpoint is disabled.")[:300]
        )
        return None
    body = _render_body(message).encode()
    try:
        # Checked again at every attempt: the name may resolve elsewhere now (DNS rebinding).
        check_webhook_url(endpoint.url)
    except ValidationError as error:
        return _attempt_failed(message, endpoint, attempt_number, DeliveryError(error.messages[0]), now)
    headers = sign(secret=endpoint.secret, message_id=message.message_id, timestamp=now, body=body)
    transport = transport or HttpTransport(
        connect_timeout=settings.WEBHOOK_CONNECT_TIMEOUT, read_timeout=settings.WEBHOOK_READ_TIMEOUT
    )
    try:
        outcome = transport.send(url=endpoint.url, body=body, headers=headers)
    except DeliveryError as error:
        return _attempt_failed(message, endpoint, attempt_number, error, now)
    with transaction.atomic():
        delivery = Delivery.objects.create(
            message=message,
            attempt=attempt_number,
            attempted_at=now,
            status_code=outcome.status_code,
            latency_ms=outcome.latency_ms,
            succeeded=True,
            response_excerpt=outcome.response_excerpt,
        )
        WebhookMessage.objects.filter(pk=message.pk).update(
            state=MessageState.DELIVERED, attempts=attempt_number, delivered_at=timezone.now(), last_error=""
        )
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=0, last_success_at=now)
    return delivery


def _attempt_failed(
    message: WebhookMessage,
    endpoint: WebhookEndpoint,
    attempt_number: int,
    error: DeliveryError,
    now: datetime.datetime,
) -> Delivery:
    delay = None if error.gone else next_retry_delay(attempt_number)
    with transaction.atomic():
        delivery = Delivery.objects.create(
            message=message,
            attempt=attempt_number,
            attempted_at=now,
            status_code=error.status_code,
            latency_ms=error.latency_ms,
            succeeded=False,
            error=str(error)[:300],
            response_excerpt=error.response_excerpt,
        )
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
            consecutive_failures=F("consecutive_failures") + 1, last_failure_at=now
        )
        if delay is not None:
            WebhookMessage.objects.filter(pk=message.pk).update(
                state=MessageState.PENDING,
                attempts=attempt_number,
                next_attempt_at=now + delay,
                last_error=str(error)[:300],
                claimed_at=None,
            )
        else:
            WebhookMessage.objects.filter(pk=message.pk).update(
                state=MessageState.FAILED, attempts=attempt_number, next_attempt_at=None, last_error=str(error)[:300]
            )
            if error.gone:
                _endpoint_disable(endpoint, reason=_("The receiver answered 410 Gone."), now=now)
            _notify_given_up(message, endpoint, error)
    return delivery


def _endpoint_disable(endpoint: WebhookEndpoint, *, reason: str, now: datetime.datetime) -> None:
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(active=False, disabled_reason=reason[:300], disabled_at=now)
    WebhookMessage.objects.filter(endpoint=endpoint, state=MessageState.PENDING).update(
        state=MessageState.FAILED, next_attempt_at=None, last_error=reason[:300]
    )


def _notify_given_up(message: WebhookMessage, endpoint: WebhookEndpoint, error: DeliveryError) -> None:
    def send() -> None:
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Webhook delivery to %(contractor)s given up") % {"contractor": endpoint.contractor.name}
            body = render_to_string(
                "maintenance/given_up.txt", {"message": message, "endpoint": endpoint, "error": str(error)}
            )
        notify_staff(subject, body)

    transaction.on_commit(send)


def webhook_endpoint_flush(
    *, endpoint_id: int, transport: HttpTransport | None = None, limit: int = 500
) -> tuple[int, bool]:
    """Deliver an endpoint's due messages in order until one fails (the rest wait for the next
    round, so a broken receiver costs one timeout per round and never holds up other endpoints).

    Returns (attempts made, more remain due).
    """
    attempts = 0
    while attempts < limit:
        now = timezone.now()
        next_id = (
            WebhookMessage.objects.filter(endpoint_id=endpoint_id, state=MessageState.PENDING, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        if next_id is None:
            return attempts, False
        delivery = webhook_message_attempt(message_id=next_id, transport=transport)
        if delivery is None:
            continue
        attempts += 1
        if not delivery.succeeded:
            # Hold this endpoint's other due messages until the failed one's next try.
            retry_at = WebhookMessage.objects.filter(pk=next_id).values_list("next_attempt_at", flat=True).first()
            if retry_at:
                WebhookMessage.objects.filter(
                    endpoint_id=endpoint_id, state=MessageState.PENDING, next_attempt_at__lt=retry_at
                ).update(next_attempt_at=retry_at)
            return attempts, False
    return attempts, True


def webhook_sweep(*, now: datetime.datetime | None = None) -> list[int]:
    """Find endpoints with due messages (including claims left by a worker that died) and return
    them for flushing. Sends nothing itself."""
    now = now or timezone.now()
    stale = now - datetime.timedelta(seconds=settings.WEBHOOK_CLAIM_TIMEOUT)
    WebhookMessage.objects.filter(state=MessageState.SENDING, claimed_at__lt=stale).update(
        state=MessageState.PENDING, claimed_at=None
    )
    return list(
        WebhookMessage.objects.filter(state=MessageState.PENDING, next_attempt_at__lte=now)
        .values_list("endpoint_id", flat=True)
        .distinct()
        .order_by("endpoint_id")
    )


@transaction.atomic
def webhook_message_resend(*, message: WebhookMessage, actor=None) -> WebhookMessage:
    """Staff send a message again (after fixing the receiver): a new round of attempts, same webhook-id."""
    WebhookMessage.objects.filter(pk=message.pk).update(
        state=MessageState.PENDING, next_attempt_at=timezone.now(), claimed_at=None
    )
    transaction.on_commit(lambda: request_flush([message.endpoint_id]))
    message.refresh_from_db()
    return message
