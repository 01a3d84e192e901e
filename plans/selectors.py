"""Reads of plans, consultations, indicators and meetings shared by pages and reports."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from plans.choices import ActionItemStatus, CommentStatus
from plans.models import ActionItem, Consultation, ConsultationComment, Indicator, PlanDocument

# The two targets the reply letter sets itself (the others come from the garden-city standard).
LETTER_TARGETS = ("new-park-hard-paving-ratio", "taohe-annual-rainwater-retention")


def letter_targets() -> list[Indicator]:
    """The letter's own targets, in the letter's order, measurements prefetched (two queries)."""
    indicators = {
        indicator.code: indicator
        for indicator in Indicator.objects.filter(code__in=LETTER_TARGETS).prefetch_related("measurements")
    }
    return [indicators[code] for code in LETTER_TARGETS if code in indicators]


# --- Public consultation ----------------------------------------------------------------------


def _published_comments() -> Prefetch:
    return Prefetch(
        "comments",
        queryset=ConsultationComment.objects.filter(status=CommentStatus.PUBLISHED).order_by("created_at", "pk"),
        to_attr="published_comments",
    )


def consultations_public(*, now: datetime.datetime | None = None) -> tuple[list[Consultation], list[Consultation]]:
    """(open, recently closed) consultations for the public list page, in three queries.

    Open: started and not ended, soonest closing first. Recently closed: ended within
    ``CONSULTATION_RECENT_DAYS`` (90 by default), latest first, with their published comments.
    A consultation that has not started yet is not public.
    """
    now = now or timezone.now()
    recent_days = settings.CONSULTATION_RECENT_DAYS
    rows = list(
        Consultation.objects.filter(starts_at__lte=now, ends_at__gte=now - datetime.timedelta(days=recent_days))
        .select_related("version__plan")
        .prefetch_related("version__documents", _published_comments())
    )
    open_now = sorted((row for row in rows if row.ends_at >= now), key=lambda row: (row.ends_at, row.pk))
    closed = sorted((row for row in rows if row.ends_at < now), key=lambda row: (row.ends_at, row.pk), reverse=True)
    return open_now, closed


def consultation_public(pk: int, *, now: datetime.datetime | None = None) -> Consultation | None:
    """One consultation as the public sees it (None before it starts), with documents and published comments."""
    now = now or timezone.now()
    return (
        Consultation.objects.filter(pk=pk, starts_at__lte=now)
        .select_related("version__plan")
        .prefetch_related("version__documents", _published_comments())
        .first()
    )


def document_public(pk: int, *, now: datetime.datetime | None = None) -> PlanDocument | None:
    """A document the public may download: one of a version whose consultation has started."""
    now = now or timezone.now()
    return PlanDocument.objects.filter(pk=pk, version__consultations__starts_at__lte=now).distinct().first()


# --- Coordination meetings --------------------------------------------------------------------


def overdue_action_items(*, today: datetime.date | None = None) -> QuerySet[ActionItem]:
    """Open action items past their due date, oldest first, with their meeting (one query)."""
    today = today or timezone.localdate()
    return (
        ActionItem.objects.filter(status=ActionItemStatus.OPEN, due_date__lt=today)
        .select_related("meeting")
        .order_by("due_date", "pk")
    )
