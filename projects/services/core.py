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
    """Record how much of a checklist line is done (never negative; more than planned counts as done).

    Works on a locked fresh copy, so a refusal leaves both the database and the caller's object as they were.
    """
    locked = WorkItem.objects.select_for_update().get(pk=item.pk)
    locked.done_quantity = Decimal(done_quantity)
    locked.full_clean()
    locked._history_user = actor
    locked.save(update_fields=["done_quantity"])
    item.done_quantity = locked.done_quantity
    return locked


@transaction.atomic
def milestone_complete(*, milestone: Milestone, done_date: datetime.date, evidence=None, actor=None) -> Milestone:
    """Mark a milestone done on a date (not in the future, not before the project's actual start), with
    evidence: a PDF, DOCX or photo of at most ``PROJECT_EVIDENCE_MAX_BYTES`` (see ``projects.documents``).

    Everything is checked before anything is written: a refused date or file leaves the milestone as it was.
    """
    locked = Milestone.objects.select_for_update().select_related("project").get(pk=milestone.pk)
    if locked.done_date is not None:
        raise ValidationError(
            {
                "done_date": ValidationError(
                    _("This milestone was already done on %(date)s.") % {"date": locked.done_date.isoformat()},
                    code="already_done",
                )
            }
        )
    locked.done_date = done_date
    if evidence is not None:
        locked.evidence = evidence
    locked.full_clean()
    locked._history_user = actor
    locked.save()
    milestone.done_date, milestone.evidence = locked.done_date, locked.evidence
    return locked


@transaction.atomic
def milestone_reopen(*, milestone: Milestone, actor=None, reason: str) -> Milestone:
    """Undo a milestone's completion (recorded in its history with the reason), e.g. when it was marked by mistake."""
    if not (reason or "").strip():
        raise ValidationError(
            {"reason": ValidationError(_("Say why the milestone is reopened."), code="reason_required")}
        )
    locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
    locked.done_date = None
    locked._history_user = actor
    locked._change_reason = reason.strip()
    locked.save(update_fields=["done_date"])
    milestone.done_date = None
    return locked
