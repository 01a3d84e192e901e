"""Weather warnings in: store a CAP message once, then fan it out, update or cancel its orders."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from urllib.parse import urljoin

import requests
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from maintenance import selectors
from maintenance.cap import MAX_CAP_BYTES, CapError, CapMessage, parse_cap
from maintenance.choices import (
    OPEN_ORDER_STATUSES,
    AlertSource,
    AlertState,
    CapMsgType,
)
from maintenance.feeds import MAX_FEED_BYTES, parse_feed
from maintenance.models import (
    MaintenanceOrder,
    WeatherAlert,
)
from maintenance.services.common import AlertError, fetch_document
from maintenance.services.orders import FanOutResult, orders_fan_out, orders_withdraw

logger = logging.getLogger(__name__)


@dataclass
class IngestResult:
    alert: WeatherAlert
    created: bool
    fan_out: FanOutResult = field(default_factory=FanOutResult)

    @property
    def orders_created(self) -> int:
        return self.fan_out.created_count


def alert_ingest(
    *,
    document: bytes | str,
    source: str = AlertSource.FILE,
    now: datetime.datetime | None = None,
    replay: bool = False,
) -> IngestResult:
    """Store a CAP 1.2 message and act on it; ingesting the same message again changes nothing.

    Raises ``CapError`` (bad document) or ``AlertError`` (unacceptable message) before anything is
    stored. Alerts and updates with status Actual fan out into orders; an Update moves the orders of
    the alert it supersedes to the new level and area; a Cancel cancels the open orders. A warning
    that has already expired when it arrives is stored but dispatches nothing, unless ``replay``
    (archived warnings replayed for training and demos) says to act on it as if it had just come.
    """
    message = parse_cap(document)
    existing = WeatherAlert.objects.filter(sender=message.sender, identifier=message.identifier).first()
    if existing is not None:
        return IngestResult(alert=existing, created=False)
    try:
        with transaction.atomic():
            return _alert_store_and_act(message, source=source, now=now or timezone.now(), replay=replay)
    except IntegrityError:
        # The same message arrived twice at once; the other one stored it.
        existing = WeatherAlert.objects.filter(sender=message.sender, identifier=message.identifier).first()
        if existing is None:
            raise
        return IngestResult(alert=existing, created=False)


def _referenced_alerts(message: CapMessage) -> list[WeatherAlert]:
    query = Q(pk__in=[])
    for reference in message.references:
        query |= Q(sender=reference.sender, identifier=reference.identifier)
    return list(WeatherAlert.objects.filter(query).order_by("sent"))


def _alert_store_and_act(message: CapMessage, *, source: str, now: datetime.datetime, replay: bool) -> IngestResult:
    referenced = _referenced_alerts(message)
    if message.msg_type == CapMsgType.CANCEL and not referenced:
        raise AlertError(
            "unknown_reference",
            _("This Cancel refers to no warning on record: %(references)s")
            % {"references": " ".join(f"{ref.sender},{ref.identifier}" for ref in message.references) or "—"},
            field="references",
        )
    info = message.primary_info
    districts = selectors.districts_for_alert(geocodes=message.geocodes, area_descriptions=message.area_descriptions)
    alert = WeatherAlert(
        sender=message.sender,
        identifier=message.identifier,
        sent=message.sent,
        status=message.status,
        msg_type=message.msg_type,
        scope=message.scope,
        references=" ".join(f"{ref.sender},{ref.identifier},{ref.sent.isoformat()}" for ref in message.references),
        warning_type=message.warning_type or "",
        level=message.level or "",
        event=info.event if info else "",
        headline=(info.headline if info else "")[:300],
        description=info.description if info else "",
        instruction=info.instruction if info else "",
        area_description="；".join(message.area_descriptions),
        geocodes=list(message.geocodes),
        effective=info.effective if info else None,
        onset=info.onset if info else None,
        expires=info.expires if info else None,
        source=source,
        raw_xml=message.raw_xml,
    )
    # A message that arrives after a later one already referred to it (feeds list newest first;
    # networks reorder) is history: it must not dispatch orders the later message has replaced.
    later = (
        WeatherAlert.objects.filter(
            sender=message.sender, references__contains=f"{message.sender},{message.identifier},"
        )
        .order_by("sent")
        .first()
    )
    if message.msg_type == CapMsgType.CANCEL:
        alert.state = AlertState.CANCEL_MESSAGE
    elif later is not None:
        alert.state = AlertState.CANCELLED if later.msg_type == CapMsgType.CANCEL else AlertState.SUPERSEDED
        alert.superseded_by = later if later.msg_type == CapMsgType.UPDATE else None
    elif alert.dispatchable and districts and (replay or not (alert.expires and alert.expires <= now)):
        alert.state = AlertState.ACTIVE
    else:
        alert.state = AlertState.NOT_DISPATCHED
    alert.save()
    alert.districts.set(districts)
    alert.refers_to.set(referenced)
    result = IngestResult(alert=alert, created=True)
    label = _("met bureau message %(identifier)s") % {"identifier": message.identifier}

    if message.msg_type == CapMsgType.CANCEL:
        for target in referenced:
            result.fan_out.cancelled += _alert_cancel(target, now=now, label=label)
        return result

    if message.msg_type == CapMsgType.UPDATE:
        for target in referenced:
            target.superseded_by = alert
            if target.state == AlertState.ACTIVE:
                target.state = AlertState.SUPERSEDED
            target.save(update_fields=["superseded_by", "state"])
    if alert.state == AlertState.ACTIVE:
        result.fan_out = orders_fan_out(alert=alert, supersedes=referenced, now=now)
    elif message.msg_type == CapMsgType.UPDATE:
        # An update that no longer applies here (downgraded out of the city, or a test) withdraws the orders.
        for target in referenced:
            result.fan_out.cancelled += orders_withdraw(
                MaintenanceOrder.objects.filter(alert=target, status__in=OPEN_ORDER_STATUSES),
                now=now,
                label=label,
                note=_("Withdrawn by an update of the warning."),
            )
    return result


def _alert_cancel(alert: WeatherAlert, *, now: datetime.datetime, label: str) -> list[MaintenanceOrder]:
    alert.state = AlertState.CANCELLED
    alert.cancelled_at = now
    alert.save(update_fields=["state", "cancelled_at"])
    return orders_withdraw(
        MaintenanceOrder.objects.filter(alert=alert, status__in=OPEN_ORDER_STATUSES),
        now=now,
        label=label,
        note=_("The met bureau cancelled the warning."),
    )


def weather_feed_poll(*, url: str, source: str = AlertSource.FEED) -> int:
    """Fetch the met bureau's feed and ingest every CAP document in it; returns how many were new.

    A bad entry is logged and skipped so one broken message does not hold up the others; the feed
    itself failing raises (the task retries).
    """
    documents: list[tuple[datetime.datetime, str, bytes]] = []
    for entry in parse_feed(fetch_document(url, max_bytes=MAX_FEED_BYTES)):
        try:
            document = (
                entry.cap_xml
                if entry.cap_xml is not None
                else fetch_document(urljoin(url, entry.link), max_bytes=MAX_CAP_BYTES)
            )
            documents.append((parse_cap(document).sent, entry.identifier, document))
        except (CapError, requests.RequestException) as error:
            logger.warning("feed entry %s skipped: %s", entry.identifier, error)
    new = 0
    # Oldest first, as they were sent: an update must find the alert it updates.
    for _sent, identifier, document in sorted(documents, key=lambda item: item[0]):
        try:
            new += alert_ingest(document=document, source=source).created
        except (CapError, AlertError) as error:
            logger.warning("feed entry %s skipped: %s", identifier, error)
    return new
