"""Writes of the capital projects: status changes, progress on the checklist, milestones done."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from projects.choices import ProjectStatus
from projects.models import Milestone, Project, WorkItem

# Forward one step at a time; a step back is allowed where work really goes back (design reopened,
# completion found wanting at acceptance).
PROJECT_TRANSITIONS: dict[str, set[str]] = {
    ProjectStatus.PROPOSED: {ProjectStatus.APPROVED},
    ProjectStatus.APPROVED: {ProjectStatus.IN_DESIGN, ProjectStatus.PROPOSED},
    ProjectStatus.IN_DESIGN: {ProjectStatus.UNDER_CONSTRUCTION, ProjectStatus.APPROVED},
    ProjectStatus.UNDER_CONSTRUCTION: {ProjectStatus.COMPLETED},
    ProjectStatus.COMPLETED: {ProjectStatus.ACCEPTED, ProjectStatus.UNDER_CONSTRUCTION},
    ProjectStatus.ACCEPTED: set(),
}


@transaction.atomic
def project_change_status(
    *, project: Project, to: str, actor=None, on: datetime.date | None = None, note: str = ""
) -> Project:
    """Move a project to ``to`` if the lifecycle allows it; starting construction and completing set the
    actual dates. Recorded in the project's history with who did it."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if to not in PROJECT_TRANSITIONS[project.status]:
        raise ValidationError(
            _("A project that is %(current)s cannot become %(target)s.")
            % {"current": project.get_status_display(), "target": ProjectStatus(to).label},
            code="invalid_transition",
        )
    project.status = to
    if to == ProjectStatus.UNDER_CONSTRUCTION and on and project.actual_start is None:
        project.actual_start = on
    if to == ProjectStatus.COMPLETED and on:
        project.actual_end = on
    project.full_clean()
    project._history_user = actor
    project._change_reason = note
    project.save()
    return project


@transaction.atomic
def work_item_record_progress(*, item: WorkItem, done_quantity: Decimal, actor=None) -> WorkItem:
    """Record how much of a checklist line is done (never negative)."""
    item.done_quantity = done_quantity
    item.full_clean()
    item._history_user = actor
    item.save(update_fields=["done_quantity"])
    return item


@transaction.atomic
def milestone_complete(*, milestone: Milestone, done_date: datetime.date, evidence=None, actor=None) -> Milestone:
    """Mark a milestone done on a date (not in the future, not before the project started), with evidence."""
    milestone.done_date = done_date
    if evidence is not None:
        milestone.evidence = evidence
    milestone.full_clean()
    milestone._history_user = actor
    milestone.save()
    return milestone


def project_progress(project: Project) -> Decimal | None:
    """The mean progress of the project's checklist lines (uses prefetched work items when present)."""
    items = list(project.work_items.all())
    if not items:
        return None
    return sum((item.progress for item in items), Decimal("0")) / len(items)
