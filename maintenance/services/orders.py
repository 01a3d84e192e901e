"""Maintenance orders: the fan-out of a warning and every status change after it."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import Max, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from greening.lib.images import clean_photo
from greening.lib.notify import notify_staff
from greenspaces.models import GreenSpace
from maintenance import selectors
from maintenance.choices import (
    OPEN_ORDER_STATUSES,
    WARNING_LEVEL_CHINESE,
    WARNING_TYPE_CHINESE,
    ContractStatus,
    MessageState,
    OrderSource,
    OrderStatus,
    Priority,
    WebhookEventType,
)
from maintenance.models import (
    ContractArea,
    Contractor,
    MaintenanceContract,
    MaintenanceOrder,
    OrderPhoto,
    OrderTransition,
    ResponseRule,
    WeatherAlert,
    WebhookEndpoint,
    WebhookMessage,
)
from maintenance.services.common import SYSTEM, TransitionError
from maintenance.services.outbox import request_flush, webhook_messages_enqueue

logger = logging.getLogger(__name__)


@dataclass
class FanOutResult:
    """What a fan-out did. ``created`` is a queryset of the new orders (evaluated only when read)."""

    created: Sequence[MaintenanceOrder] = field(default_factory=list)
    created_count: int = 0
    updated: list[MaintenanceOrder] = field(default_factory=list)
    cancelled: list[MaintenanceOrder] = field(default_factory=list)
    uncovered: list[GreenSpace] = field(default_factory=list)


# --- Fan-out ----------------------------------------------------------------------------------


def _deadlines(rule: ResponseRule, level: str, start: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    ack, complete = rule.deadline_minutes(level)
    return start + datetime.timedelta(minutes=ack), start + datetime.timedelta(minutes=complete)


def _order_title(alert: WeatherAlert, rule: ResponseRule, space: GreenSpace) -> str:
    """A title in the met bureau's own words, e.g. 暴雨橙色预警 · 暴雨·排水防涝 · 南山公园."""
    warning = f"{WARNING_TYPE_CHINESE[alert.warning_type]}{WARNING_LEVEL_CHINESE[alert.level]}预警"
    return f"{warning} · {rule.name} · {space.name}"[:200]


def orders_fan_out(
    *, alert: WeatherAlert, supersedes: Sequence[WeatherAlert] = (), now: datetime.datetime | None = None
) -> FanOutResult:
    """Create one order per (alert, rule, green space), with its first status row and its webhook messages.

    The new orders are written set-based (``INSERT … SELECT``, a few statements per rule), so the
    number of queries and the Python work do not grow with the number of green spaces: a citywide
    warning over 10,000 green spaces is one transaction of a handful of statements. Orders already
    made for this alert are skipped, so running it twice is a no-op. Open orders of the alerts this
    one supersedes follow it: kept (moved to the new alert with the new level's deadlines) where the
    new alert still calls for them, cancelled where it no longer does.
    """
    now = now or timezone.now()
    result = FanOutResult()
    if not alert.dispatchable or not alert.level:
        return result
    day = timezone.localdate(now)
    district_ids = list(alert.districts.values_list("pk", flat=True))
    rules = list(selectors.rules_for_alert(alert))
    label = _("met bureau warning %(identifier)s") % {"identifier": alert.identifier}
    if supersedes:
        _carry_over(
            alert=alert,
            supersedes=supersedes,
            rules=rules,
            district_ids=district_ids,
            now=now,
            label=label,
            result=result,
        )

    high_water = MaintenanceOrder.objects.aggregate(last=Max("pk"))["last"] or 0
    for rule in rules:
        spaces = selectors.green_spaces_for_rule(rule=rule, district_ids=district_ids, today=day)
        result.created_count += _insert_orders(alert=alert, rule=rule, spaces=spaces, day=day, now=now)
    if not result.created_count:
        return result
    new_orders = MaintenanceOrder.objects.filter(alert=alert, pk__gt=high_water)
    # The ids, not the filter: the orders stay "created by this fan-out" when a later update moves them.
    result.created = MaintenanceOrder.objects.filter(pk__in=list(new_orders.values_list("pk", flat=True))).order_by(
        "pk"
    )
    _insert_first_transitions(alert=alert, after_pk=high_water, label=label, now=now)
    endpoint_ids = _insert_created_messages(alert=alert, after_pk=high_water, now=now)
    if endpoint_ids:
        transaction.on_commit(lambda: request_flush(endpoint_ids))
    result.uncovered = list(
        GreenSpace.objects.filter(pk__in=new_orders.filter(contractor__isnull=True).values("green_space"))
        .select_related("district")
        .order_by("pk")
    )
    if result.uncovered:
        _notify_uncovered(alert, result.uncovered)
    return result


def _col(model, field: str) -> str:
    """The quoted column of a model field, for the set-based statements below."""
    meta = model._meta
    return connection.ops.quote_name(meta.pk.column if field == "pk" else meta.get_field(field).column)


def _columns(model, names: Sequence[str]) -> str:
    return ", ".join(_col(model, name) for name in names)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


ORDER_INSERT_COLUMNS = (
    "source", "alert", "rule", "green_space", "contractor", "title", "task_zh", "task_en", "priority", "status",
    "ack_due_at", "complete_due_at", "created_at", "updated_at", "completion_notes", "decline_reason",
)  # fmt: skip


def _insert_orders(
    *, alert: WeatherAlert, rule: ResponseRule, spaces: QuerySet, day: datetime.date, now: datetime.datetime
) -> int:
    """INSERT … SELECT the orders of one rule: its green spaces, each with the contractor of its active contract."""
    ops = connection.ops
    spaces_sql, spaces_params = spaces.values("pk").query.sql_with_params()
    ack_due, complete_due = _deadlines(rule, alert.level, now)
    warning = f"{WARNING_TYPE_CHINESE[alert.warning_type]}{WARNING_LEVEL_CHINESE[alert.level]}预警"
    Area, Contract, Order, Space = ContractArea, MaintenanceContract, MaintenanceOrder, GreenSpace
    sql = f"""
        INSERT INTO {_table(Order)} ({_columns(Order, ORDER_INSERT_COLUMNS)})
        SELECT %s, %s, %s, gs.{_col(Space, "pk")}, ca.contractor_id, %s || gs.{_col(Space, "name")},
               %s, %s, %s, CASE WHEN ca.contractor_id IS NULL THEN %s ELSE %s END, %s, %s, %s, %s, '', ''
        FROM {_table(Space)} gs
        LEFT JOIN (
            SELECT a.{_col(Area, "green_space")} AS green_space_id, c.{_col(Contract, "contractor")} AS contractor_id
            FROM {_table(Area)} a
            JOIN {_table(Contract)} c ON c.{_col(Contract, "pk")} = a.{_col(Area, "contract")}
            WHERE c.{_col(Contract, "status")} = %s
              AND c.{_col(Contract, "start_date")} <= %s AND c.{_col(Contract, "end_date")} >= %s
        ) ca ON ca.green_space_id = gs.{_col(Space, "pk")}
        WHERE gs.{_col(Space, "pk")} IN ({spaces_sql})
          AND NOT EXISTS (
            SELECT 1 FROM {_table(Order)} o
            WHERE o.{_col(Order, "alert")} = %s AND o.{_col(Order, "rule")} = %s
              AND o.{_col(Order, "green_space")} = gs.{_col(Space, "pk")}
          )
    """
    stamp = ops.adapt_datetimefield_value
    params = [
        OrderSource.WEATHER, alert.pk, rule.pk, f"{warning} · {rule.name} · ",
        rule.task_zh, rule.task_en, rule.priority, OrderStatus.UNASSIGNED, OrderStatus.ISSUED,
        stamp(ack_due), stamp(complete_due), stamp(now), stamp(now),
        ContractStatus.ACTIVE, ops.adapt_datefield_value(day), ops.adapt_datefield_value(day),
        *spaces_params,
        alert.pk, rule.pk,
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _insert_first_transitions(*, alert: WeatherAlert, after_pk: int, label: str, now: datetime.datetime) -> None:
    Order = MaintenanceOrder
    columns = _columns(OrderTransition, ["order", "from_status", "to_status", "actor_label", "note", "at"])
    sql = f"""
        INSERT INTO {_table(OrderTransition)} ({columns})
        SELECT o.{_col(Order, "pk")}, '', o.{_col(Order, "status")}, %s, '', %s
        FROM {_table(Order)} o
        WHERE o.{_col(Order, "alert")} = %s AND o.{_col(Order, "pk")} > %s
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [label, connection.ops.adapt_datetimefield_value(now), alert.pk, after_pk])


MESSAGE_INSERT_COLUMNS = (
    "endpoint", "order", "message_id", "event_type", "body", "state", "attempts", "next_attempt_at", "last_error",
    "created_at",
)  # fmt: skip


def _insert_created_messages(*, alert: WeatherAlert, after_pk: int, now: datetime.datetime) -> list[int]:
    """One ``order.created`` message per new order and active endpoint of its contractor.

    The webhook-id is derived from the order and endpoint (``msg_o{order}_e{endpoint}_created``):
    unique, and the same on every attempt. The body is rendered when the message is first sent.
    """
    Order, Endpoint = MaintenanceOrder, WebhookEndpoint
    order_id, endpoint_id = f"o.{_col(Order, 'pk')}", f"e.{_col(Endpoint, 'pk')}"
    sql = f"""
        INSERT INTO {_table(WebhookMessage)} ({_columns(WebhookMessage, MESSAGE_INSERT_COLUMNS)})
        SELECT {endpoint_id}, {order_id},
               %s || CAST({order_id} AS TEXT) || %s || CAST({endpoint_id} AS TEXT) || %s,
               %s, '', %s, 0, %s, '', %s
        FROM {_table(Order)} o
        JOIN {_table(Endpoint)} e ON e.{_col(Endpoint, "contractor")} = o.{_col(Order, "contractor")}
        WHERE e.{_col(Endpoint, "active")} = %s AND o.{_col(Order, "alert")} = %s AND {order_id} > %s
    """
    stamp = connection.ops.adapt_datetimefield_value(now)
    params = [
        "msg_o", "_e", "_created", WebhookEventType.ORDER_CREATED, MessageState.PENDING, stamp, stamp,
        True, alert.pk, after_pk,
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if not cursor.rowcount:
            return []
    return list(
        WebhookMessage.objects.filter(order__alert=alert, order__pk__gt=after_pk)
        .values_list("endpoint_id", flat=True)
        .distinct()
        .order_by("endpoint_id")
    )


def _carry_over(
    *,
    alert: WeatherAlert,
    supersedes: Sequence[WeatherAlert],
    rules: Sequence[ResponseRule],
    district_ids: Sequence[int],
    now: datetime.datetime,
    label: str,
    result: FanOutResult,
) -> None:
    """Move the open orders of superseded alerts to ``alert`` where it still calls for them; withdraw the rest."""
    day = timezone.localdate(now)
    wanted: dict[tuple[int, int], ResponseRule] = {}
    for rule in rules:
        for space_id in selectors.green_spaces_for_rule(rule=rule, district_ids=district_ids, today=day).values_list(
            "pk", flat=True
        ):
            wanted[(rule.pk, space_id)] = rule
    existing = set(MaintenanceOrder.objects.filter(alert=alert).values_list("rule_id", "green_space_id"))
    carried = MaintenanceOrder.objects.filter(alert__in=supersedes, status__in=OPEN_ORDER_STATUSES).select_related(
        "green_space__district", "rule"
    )
    withdrawn = []
    for order in carried:
        key = (order.rule_id, order.green_space_id)
        if key in wanted and key not in existing:
            rule = wanted[key]
            ack_due, complete_due = _deadlines(rule, alert.level, now)
            order.alert = alert
            order.title = _order_title(alert, rule, order.green_space)
            order.priority = rule.priority
            if order.status in (OrderStatus.ISSUED, OrderStatus.UNASSIGNED):
                order.ack_due_at = min(order.ack_due_at or ack_due, ack_due)
            order.complete_due_at = min(order.complete_due_at or complete_due, complete_due)
            order.updated_at = now
            existing.add(key)
            result.updated.append(order)
        else:
            withdrawn.append(order.pk)
    if result.updated:
        MaintenanceOrder.objects.bulk_update(
            result.updated,
            ["alert", "title", "priority", "ack_due_at", "complete_due_at", "updated_at"],
            batch_size=1000,
        )
        note = _("The warning was updated to %(level)s.") % {"level": alert.get_level_display()}
        OrderTransition.objects.bulk_create(
            [
                OrderTransition(
                    order=order, from_status=order.status, to_status=order.status, actor_label=label, note=note, at=now
                )
                for order in result.updated
            ]
        )
        webhook_messages_enqueue(orders=result.updated, event_type=WebhookEventType.ORDER_UPDATED, now=now)
    if withdrawn:
        result.cancelled = orders_withdraw(
            MaintenanceOrder.objects.filter(pk__in=withdrawn),
            now=now,
            label=label,
            note=_("No longer needed after the warning was updated."),
        )


def _notify_uncovered(alert: WeatherAlert, spaces: list[GreenSpace]) -> None:
    def send() -> None:
        with translation.override(settings.LANGUAGE_CODE):
            subject = ngettext(
                "%(count)d green space under a warning has no contractor",
                "%(count)d green spaces under a warning have no contractor",
                len(spaces),
            ) % {"count": len(spaces)}
            body = render_to_string("maintenance/uncovered.txt", {"alert": alert, "spaces": spaces})
        notify_staff(subject, body)

    transaction.on_commit(send)


# --- Order lifecycle --------------------------------------------------------------------------

ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    OrderStatus.UNASSIGNED: {OrderStatus.ISSUED, OrderStatus.CANCELLED},
    OrderStatus.ISSUED: {OrderStatus.ACKNOWLEDGED, OrderStatus.DECLINED, OrderStatus.CANCELLED, OrderStatus.EXPIRED},
    OrderStatus.ACKNOWLEDGED: {OrderStatus.IN_PROGRESS, OrderStatus.COMPLETED, OrderStatus.CANCELLED},
    OrderStatus.IN_PROGRESS: {OrderStatus.COMPLETED, OrderStatus.CANCELLED},
    OrderStatus.COMPLETED: {OrderStatus.VERIFIED, OrderStatus.IN_PROGRESS},
    OrderStatus.DECLINED: {OrderStatus.ISSUED, OrderStatus.CANCELLED},
    OrderStatus.VERIFIED: set(),
    OrderStatus.CANCELLED: set(),
    OrderStatus.EXPIRED: set(),
}

STATUS_TIMESTAMPS = {
    OrderStatus.ACKNOWLEDGED: "acknowledged_at",
    OrderStatus.IN_PROGRESS: "started_at",
    OrderStatus.COMPLETED: "completed_at",
    OrderStatus.VERIFIED: "verified_at",
}


def _transition(
    order: MaintenanceOrder,
    to_status: str,
    *,
    actor=None,
    actor_label: str = "",
    note: str = "",
    now: datetime.datetime | None = None,
    event: str | None = None,
) -> MaintenanceOrder:
    """Move a locked order to ``to_status`` if the lifecycle allows it, and record the change."""
    now = now or timezone.now()
    if to_status not in ALLOWED_TRANSITIONS[order.status]:
        raise TransitionError(
            _("An order that is %(current)s cannot become %(target)s.")
            % {"current": order.get_status_display(), "target": OrderStatus(to_status).label}
        )
    from_status = order.status
    order.status = to_status
    order.updated_at = now
    if to_status in STATUS_TIMESTAMPS:
        setattr(order, STATUS_TIMESTAMPS[to_status], now)
    order.save()
    OrderTransition.objects.create(
        order=order,
        from_status=from_status,
        to_status=to_status,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=actor_label or (str(actor) if actor else SYSTEM),
        note=note,
        at=now,
    )
    if event:
        webhook_messages_enqueue(orders=[order], event_type=event, now=now)
    return order


def _locked(order: MaintenanceOrder) -> MaintenanceOrder:
    return MaintenanceOrder.objects.select_for_update().select_related("green_space").get(pk=order.pk)


@transaction.atomic
def order_acknowledge(*, order: MaintenanceOrder, actor=None, actor_label: str = "") -> MaintenanceOrder:
    """The contractor has seen the order and takes it on."""
    return _transition(_locked(order), OrderStatus.ACKNOWLEDGED, actor=actor, actor_label=actor_label)


@transaction.atomic
def order_start(*, order: MaintenanceOrder, actor=None, actor_label: str = "") -> MaintenanceOrder:
    """Work has started on site."""
    return _transition(_locked(order), OrderStatus.IN_PROGRESS, actor=actor, actor_label=actor_label)


@transaction.atomic
def order_complete(
    *,
    order: MaintenanceOrder,
    notes: str,
    photos: Sequence[UploadedFile] = (),
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    actor=None,
    actor_label: str = "",
) -> MaintenanceOrder:
    """The work is done: notes, up to 6 photos (re-encoded, EXIF stripped) and where it was done."""
    if not notes.strip():
        raise ValidationError({"notes": _("Say what was done.")})
    if len(photos) > 6:
        raise ValidationError({"photos": _("Send at most %(count)d photos.") % {"count": 6}})
    if (latitude is None) != (longitude is None):
        raise ValidationError({"longitude": _("Give both latitude and longitude, or neither.")})
    cleaned = [clean_photo(photo) for photo in photos]
    order = _locked(order)
    order.completion_notes = notes.strip()
    order.completion_latitude = latitude
    order.completion_longitude = longitude
    _transition(order, OrderStatus.COMPLETED, actor=actor, actor_label=actor_label, note=notes.strip())
    for photo in cleaned:
        OrderPhoto.objects.create(order=order, image=photo)
    return order


@transaction.atomic
def order_decline(*, order: MaintenanceOrder, reason: str, actor=None, actor_label: str = "") -> MaintenanceOrder:
    """The contractor cannot take the order; staff reassign it."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the order is declined.")})
    order = _locked(order)
    order.decline_reason = reason.strip()
    return _transition(order, OrderStatus.DECLINED, actor=actor, actor_label=actor_label, note=reason.strip())


@transaction.atomic
def order_verify(*, order: MaintenanceOrder, actor, note: str = "") -> MaintenanceOrder:
    """Staff have checked the completed work."""
    return _transition(
        _locked(order), OrderStatus.VERIFIED, actor=actor, note=note, event=WebhookEventType.ORDER_UPDATED
    )


@transaction.atomic
def order_cancel(*, order: MaintenanceOrder, actor, reason: str) -> MaintenanceOrder:
    """Staff withdraw an order."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the order is cancelled.")})
    order = _locked(order)
    event = WebhookEventType.ORDER_CANCELLED if order.contractor_id else None
    return _transition(order, OrderStatus.CANCELLED, actor=actor, note=reason.strip(), event=event)


@transaction.atomic
def order_reassign(*, order: MaintenanceOrder, contractor: Contractor, actor, note: str = "") -> MaintenanceOrder:
    """Give an unassigned, issued or declined order to another contractor (who gets it pushed)."""
    order = _locked(order)
    if order.status not in (OrderStatus.UNASSIGNED, OrderStatus.ISSUED, OrderStatus.DECLINED):
        raise TransitionError(
            _("An order that is %(current)s cannot be reassigned.") % {"current": order.get_status_display()}
        )
    if order.contractor_id == contractor.pk:
        raise TransitionError(_("The order is already assigned to %(name)s.") % {"name": contractor.name})
    now = timezone.now()
    previous = order.contractor
    if previous is not None and order.status == OrderStatus.ISSUED:
        webhook_messages_enqueue(orders=[order], event_type=WebhookEventType.ORDER_CANCELLED, now=now)
    order.contractor = contractor
    order.escalated_at = None
    if order.ack_due_at and order.ack_due_at < now and order.rule and order.alert:
        order.ack_due_at, _complete = _deadlines(order.rule, order.alert.level, now)
    note = note or _("Reassigned to %(name)s.") % {"name": contractor.name}
    if order.status == OrderStatus.ISSUED:
        order.updated_at = now
        order.save()
        OrderTransition.objects.create(
            order=order,
            from_status=order.status,
            to_status=order.status,
            actor=actor,
            actor_label=str(actor),
            note=note,
        )
        webhook_messages_enqueue(orders=[order], event_type=WebhookEventType.ORDER_CREATED, now=now)
        return order
    return _transition(order, OrderStatus.ISSUED, actor=actor, note=note, now=now, event=WebhookEventType.ORDER_CREATED)


def orders_withdraw(orders, *, now: datetime.datetime, label: str, note: str) -> list[MaintenanceOrder]:
    """Cancel open orders in bulk (a Cancel or a narrower Update), telling their contractors."""
    cancelled = list(orders.select_for_update())
    if not cancelled:
        return []
    transitions = [
        OrderTransition(
            order=order, from_status=order.status, to_status=OrderStatus.CANCELLED, actor_label=label, note=note, at=now
        )
        for order in cancelled
    ]
    for order in cancelled:
        order.status = OrderStatus.CANCELLED
        order.updated_at = now
    MaintenanceOrder.objects.bulk_update(cancelled, ["status", "updated_at"])
    OrderTransition.objects.bulk_create(transitions)
    webhook_messages_enqueue(
        orders=[order for order in cancelled if order.contractor_id],
        event_type=WebhookEventType.ORDER_CANCELLED,
        now=now,
    )
    return cancelled


def orders_expire(*, now: datetime.datetime | None = None) -> list[MaintenanceOrder]:
    """Orders never acknowledged whose warning expired more than ``ORDER_EXPIRY_GRACE_HOURS`` ago are
    no longer worth doing: they expire, and their contractors are told (``order.cancelled``)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(hours=settings.ORDER_EXPIRY_GRACE_HOURS)
    with transaction.atomic():
        orders = list(
            MaintenanceOrder.objects.select_for_update(skip_locked=True).filter(
                status=OrderStatus.ISSUED, source=OrderSource.WEATHER, alert__expires__lt=cutoff
            )
        )
        for order in orders:
            _transition(
                order,
                OrderStatus.EXPIRED,
                actor_label=SYSTEM,
                note=_("The warning expired before the order was acknowledged."),
                now=now,
                event=WebhookEventType.ORDER_CANCELLED,
            )
    return orders


def orders_escalate(*, now: datetime.datetime | None = None) -> list[MaintenanceOrder]:
    """Flag issued orders past their acknowledge deadline and tell staff, once per order.

    The conditional update (escalated_at IS NULL) claims each order, so a repeated or concurrent
    run flags and reports nothing twice.
    """
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            MaintenanceOrder.objects.select_for_update(skip_locked=True)
            .filter(status=OrderStatus.ISSUED, ack_due_at__lt=now, escalated_at__isnull=True)
            .values_list("pk", flat=True)
        )
        if not due:
            return []
        MaintenanceOrder.objects.filter(pk__in=due, escalated_at__isnull=True).update(escalated_at=now)
        orders = list(
            MaintenanceOrder.objects.filter(pk__in=due)
            .select_related("contractor", "green_space")
            .order_by("ack_due_at")
        )

        def send() -> None:
            with translation.override(settings.LANGUAGE_CODE):
                subject = ngettext(
                    "%(count)d maintenance order not acknowledged in time",
                    "%(count)d maintenance orders not acknowledged in time",
                    len(orders),
                ) % {"count": len(orders)}
                body = render_to_string("maintenance/escalation.txt", {"orders": orders})
            notify_staff(subject, body)

        transaction.on_commit(send)
    return orders


# --- Single orders (steward reports, staff) ---------------------------------------------------


@transaction.atomic
def order_create(
    *,
    green_space: GreenSpace,
    source: str,
    title: str,
    task_zh: str,
    task_en: str = "",
    priority: str = Priority.NORMAL,
    actor=None,
    ack_due_at: datetime.datetime | None = None,
    complete_due_at: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
) -> MaintenanceOrder:
    """Create one order for one green space outside the weather fan-out (a steward's report, staff).

    Like the fan-out, the order goes to the contractor holding the space's active contract today,
    with its first status row and an ``order.created`` message per active endpoint (pushed after
    commit, swept later if the broker is down); with no contract it stays unassigned and staff are told.
    """
    if source not in (OrderSource.STEWARD, OrderSource.STAFF):
        raise ValidationError({"source": _("Weather and irrigation orders are made by their own pipelines.")})
    if not title.strip():
        raise ValidationError({"title": _("Give the order a title.")})
    if not task_zh.strip():
        raise ValidationError({"task_zh": _("Say what must be done.")})
    if priority not in Priority.values:
        raise ValidationError({"priority": _("Choose a priority.")})
    now = now or timezone.now()
    if complete_due_at is not None and complete_due_at <= now:
        raise ValidationError({"complete_due_at": _("The completion deadline must be in the future.")})
    contractor_id = selectors.contractors_by_green_space(
        green_space_ids=[green_space.pk], day=timezone.localdate(now)
    ).get(green_space.pk)
    status = OrderStatus.ISSUED if contractor_id else OrderStatus.UNASSIGNED
    order = MaintenanceOrder.objects.create(
        source=source,
        green_space=green_space,
        contractor_id=contractor_id,
        title=title.strip()[:200],
        task_zh=task_zh.strip(),
        task_en=task_en.strip(),
        priority=priority,
        status=status,
        ack_due_at=ack_due_at,
        complete_due_at=complete_due_at,
        created_at=now,
        updated_at=now,
    )
    OrderTransition.objects.create(
        order=order,
        from_status="",
        to_status=status,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=str(actor) if actor else SYSTEM,
        at=now,
    )
    if contractor_id:
        webhook_messages_enqueue(orders=[order], event_type=WebhookEventType.ORDER_CREATED, now=now)
    else:
        order_id, space_name = order.pk, green_space.name

        def send() -> None:
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("Order #%(order)s has no contractor") % {"order": order_id}
                body = _("No active maintenance contract covers %(space)s. Assign order #%(order)s in the admin.") % {
                    "space": space_name,
                    "order": order_id,
                }
            notify_staff(subject, body)

        transaction.on_commit(send)
    return order
