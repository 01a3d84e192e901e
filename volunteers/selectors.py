"""Reads of the steward programme shared by the steward pages and the admin; constant in queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, Max, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from greenspaces.models import GreenSpace
from maintenance.models import OrderPhoto
from projects.models import SpecialSupervisor
from volunteers.choices import EnrolmentStatus
from volunteers.models import (
    ChecklistItem,
    Inspection,
    InspectionItem,
    Steward,
    Suggestion,
    TrainingEnrolment,
    TrainingSession,
)


def steward_for_user(user) -> Steward | None:
    """The steward profile of a signed-in user, or None (staff, contractors, anonymous)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Steward.objects.filter(user=user).first()


def supervisor_for_user(user) -> SpecialSupervisor | None:
    """The active special-supervisor record (``projects.SpecialSupervisor``) of a signed-in user, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return SpecialSupervisor.objects.filter(user=user, active=True).first()


def steward_has_induction(steward: Steward) -> bool:
    return steward.enrolments.filter(session__is_induction=True, status=EnrolmentStatus.ATTENDED).exists()


def green_spaces_for_steward(steward: Steward) -> QuerySet[GreenSpace]:
    return steward.green_spaces.select_related("district").order_by("district__sort_order", "name")


def checklist_for(kind: str) -> list[ChecklistItem]:
    """The active checklist items that apply to a kind of green space, in order."""
    return [item for item in ChecklistItem.objects.filter(active=True) if item.applies_to(kind)]


def _items_with_orders() -> Prefetch:
    return Prefetch(
        "items",
        queryset=InspectionItem.objects.select_related("checklist_item", "order").prefetch_related(
            Prefetch("order__photos", queryset=OrderPhoto.objects.order_by("id"))
        ),
    )


def inspections_for_steward(steward: Steward) -> QuerySet[Inspection]:
    """The steward's own inspections, newest first, with their problems' orders (a fixed number of queries)."""
    return (
        Inspection.objects.filter(steward=steward)
        .select_related("green_space")
        .annotate(
            problem_count=Count("items", filter=~Q(items__problem="")),
            open_order_count=Count(
                "items",
                filter=Q(items__order__status__in=["unassigned", "issued", "acknowledged", "in_progress", "declined"]),
            ),
        )
    )


def inspection_for_steward(steward: Steward, pk: int) -> Inspection:
    """One of the steward's inspections with everything its page shows; 404 for anybody else's."""
    return get_object_or_404(
        Inspection.objects.filter(steward=steward)
        .select_related("green_space", "contractor")
        .prefetch_related(_items_with_orders(), "photos"),
        pk=pk,
    )


def suggestions_for_steward(steward: Steward) -> QuerySet[Suggestion]:
    return Suggestion.objects.filter(steward=steward).select_related("green_space")


def upcoming_sessions(*, steward: Steward | None = None) -> list[TrainingSession]:
    """Sessions not yet started, each with ``booked`` (places taken) and ``mine`` (the steward's enrolment)."""
    sessions = list(
        TrainingSession.objects.filter(starts_at__gt=timezone.now()).annotate(
            booked=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.BOOKED)),
            waiting=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITING)),
        )
    )
    mine: dict[int, TrainingEnrolment] = {}
    if steward is not None:
        mine = {
            enrolment.session_id: enrolment
            for enrolment in TrainingEnrolment.objects.filter(steward=steward, session__in=[s.pk for s in sessions])
        }
    for session in sessions:
        session.mine = mine.get(session.pk)
        session.places_left = max(0, session.capacity - session.booked)
    return sessions


def completed_training(steward: Steward) -> QuerySet[TrainingEnrolment]:
    return (
        TrainingEnrolment.objects.filter(steward=steward, status=EnrolmentStatus.ATTENDED)
        .select_related("session")
        .order_by("-session__starts_at")
    )


def waiting_position(enrolment: TrainingEnrolment) -> int:
    """1 for the first on the waiting list."""
    return (
        TrainingEnrolment.objects.filter(
            session_id=enrolment.session_id, status=EnrolmentStatus.WAITING, queued_at__lte=enrolment.queued_at
        )
        .exclude(queued_at=enrolment.queued_at, id__gt=enrolment.pk)
        .count()
    )


@dataclass(frozen=True)
class QualityScore:
    """The stewards' view of one contractor's work on one green space."""

    contractor_id: int
    contractor_name: str
    green_space_id: int
    green_space_name: str
    inspections: int
    mean_score: Decimal | None
    recent_mean_score: Decimal | None
    last_inspected_at: object
    open_problems: int


def quality_scores(*, recent_days: int = 90) -> list[QualityScore]:
    """Mean inspection score per (contractor at the time, green space), overall and over the last
    ``recent_days``, with the number of problems not yet confirmed fixed. Two queries (the problems
    are counted apart: joining them in would weigh each inspection's score by its number of items).
    """
    since = timezone.now() - datetime.timedelta(days=recent_days)
    problems = {
        (row["inspection__contractor_id"], row["inspection__green_space_id"]): row["n"]
        for row in InspectionItem.objects.filter(inspection__contractor__isnull=False)
        .exclude(problem="")
        .exclude(verdict="confirmed")
        .values("inspection__contractor_id", "inspection__green_space_id")
        .annotate(n=Count("pk"))
        .order_by()
    }
    rows = (
        Inspection.objects.filter(contractor__isnull=False)
        .values("contractor_id", "contractor__name", "green_space_id", "green_space__name")
        .annotate(
            inspections=Count("pk"),
            mean_score=Avg("score"),
            recent_mean_score=Avg("score", filter=Q(submitted_at__gte=since)),
            last_inspected_at=Max("submitted_at"),
        )
        .order_by("contractor__name", "green_space__name")
    )
    two_places = Decimal("0.01")
    return [
        QualityScore(
            contractor_id=row["contractor_id"],
            contractor_name=row["contractor__name"],
            green_space_id=row["green_space_id"],
            green_space_name=row["green_space__name"],
            inspections=row["inspections"],
            mean_score=None if row["mean_score"] is None else Decimal(str(row["mean_score"])).quantize(two_places),
            recent_mean_score=None
            if row["recent_mean_score"] is None
            else Decimal(str(row["recent_mean_score"])).quantize(two_places),
            last_inspected_at=row["last_inspected_at"],
            open_problems=problems.get((row["contractor_id"], row["green_space_id"]), 0),
        )
        for row in rows
    ]
