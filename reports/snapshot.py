"""The data as it stood at the end of a day, from the live tables or from the audit history."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import F, Model
from django.db.models.constants import LOOKUP_SEP
from django.db.models.expressions import OrderBy
from django.utils import timezone


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The first moment after ``day`` in the portal's time zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


class Snapshot:
    """Rows of any audited model as they were at the end of ``as_of``.

    For today (or a later day) the live tables are the answer. For a past day every model keeps
    its django-simple-history records: ``history.as_of`` gives, in one query per model, the last
    recorded state of each row before that moment, and leaves out rows created later or deleted
    by then. Relations are followed by id within the snapshot (``group_by``), never through the
    live related managers, so a past report never mixes today's children into yesterday's rows.
    """

    def __init__(self, *, as_of: datetime.date, today: datetime.date) -> None:
        self.as_of = as_of
        self.is_past = as_of < today
        self.moment = end_of_day(as_of)

    def rows(self, model: type[Model], **filters: Any) -> list[Model]:
        if self.is_past:
            rows = list(model.history.as_of(self.moment).filter(**filters))
        else:
            rows = list(model._default_manager.filter(**filters))
        # One order for both sources (history comes newest first): the model's own.
        return sorted(rows, key=_ordering_key(model))


def group_by(rows: Iterable[Model], attribute: str) -> dict[Any, list[Model]]:
    """Rows grouped by the value of one attribute (usually a foreign-key id)."""
    groups: dict[Any, list[Model]] = defaultdict(list)
    for row in rows:
        groups[getattr(row, attribute)].append(row)
    return groups


def _ordering_key(model: type[Model]) -> Callable[[Model], tuple]:
    """Sort key following ``Meta.ordering`` for plain field names (nulls last), then the primary key."""
    fields = []
    for item in model._meta.ordering or []:
        if isinstance(item, str):
            name, descending = item.lstrip("-"), item.startswith("-")
        elif isinstance(item, OrderBy) and isinstance(item.expression, F):
            name, descending = item.expression.name, item.descending
        else:
            continue
        if LOOKUP_SEP in name:
            continue  # an ordering through a relation cannot be followed inside a snapshot
        attname = model._meta.pk.attname if name == "pk" else model._meta.get_field(name).attname
        fields.append((attname, descending))

    def key(row: Model) -> tuple:
        parts: list = []
        for attname, descending in fields:
            value = getattr(row, attname)
            missing = value is None
            if missing:
                parts.append((True, 0))
            else:
                parts.append((False, _Reversed(value) if descending else value))
        parts.append(row.pk)
        return tuple(parts)

    return key


class _Reversed:
    """Wraps a value so that sorting puts larger values first."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __lt__(self, other: _Reversed) -> bool:
        return self.value > other.value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Reversed) and self.value == other.value
