"""Writes of special supervision (特约监督员): inspections and design reviews, findings and their follow-up."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.choices import FindingStatus
from projects.models import InspectionFinding, Project, ProjectInspection, SpecialSupervisor


@transaction.atomic
def inspection_schedule(
    *,
    project: Project,
    kind: str,
    scheduled_for: datetime.date,
    actor=None,
    place: str = "",
    supervisors: Iterable[SpecialSupervisor] = (),
    summary: str = "",
) -> ProjectInspection:
    """Schedule an inspection of a key project or a design review and invite special supervisors to it.

    Only active supervisors can be invited.
    """
    supervisors = list(supervisors)
    inactive = [supervisor.name for supervisor in supervisors if not supervisor.active]
    if inactive:
        raise ValidationError(
            {
                "invited_supervisors": ValidationError(
                    _("Not active as special supervisors: %(names)s.") % {"names": "、".join(inactive)},
                    code="inactive_supervisor",
                )
            }
        )
    inspection = ProjectInspection(
        project=project, kind=kind, scheduled_for=scheduled_for, place=place, summary=summary
    )
    inspection.full_clean()
    inspection._history_user = actor
    inspection.save()
    inspection.invited_supervisors.set(supervisors)
    return inspection


@transaction.atomic
def inspection_record_held(
    *, inspection: ProjectInspection, held_on: datetime.date, summary: str = "", actor=None
) -> ProjectInspection:
    """Record that an inspection took place, and its summary."""
    locked = ProjectInspection.objects.select_for_update().get(pk=inspection.pk)
    locked.held_on = held_on
    if summary:
        locked.summary = summary
    locked.full_clean()
    locked._history_user = actor
    locked.save()
    return locked


@transaction.atomic
def inspection_record_finding(
    *,
    inspection: ProjectInspection,
    text: str,
    actor=None,
    supervisor: SpecialSupervisor | None = None,
    action: str = "",
    owner_unit: str = "",
    owner_person: str = "",
    due_date: datetime.date | None = None,
) -> InspectionFinding:
    """Record a finding of an inspection, optionally raised by one of its invited supervisors, with the
    follow-up action, the unit and person who own it and the due date (an action needs an owner unit and
    a due date). Not before the inspection's scheduled day. The same text from the same supervisor on the
    same inspection is one finding: the second submission returns the first."""
    if inspection.scheduled_for > timezone.localdate():
        raise ValidationError(
            _("Findings can be recorded from the day of the inspection (%(date)s).")
            % {"date": inspection.scheduled_for.isoformat()},
            code="too_early",
        )
    if supervisor is not None and not inspection.invited_supervisors.filter(pk=supervisor.pk).exists():
        raise ValidationError(
            {
                "supervisor": ValidationError(
                    _("%(name)s was not invited to this inspection.") % {"name": supervisor.name}, code="not_invited"
                )
            }
        )
    text = (text or "").strip()
    if supervisor is not None:
        # A double tap on a phone sends the same finding twice: the first one stands.
        repeated = inspection.findings.filter(supervisor=supervisor, text=text).first()
        if repeated is not None and text:
            return repeated
    finding = InspectionFinding(
        inspection=inspection,
        text=text,
        supervisor=supervisor,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        action=(action or "").strip(),
        owner_unit=(owner_unit or "").strip(),
        owner_person=(owner_person or "").strip(),
        due_date=due_date,
    )
    finding.full_clean()
    finding._history_user = actor
    finding.save()
    return finding


@transaction.atomic
def finding_close(
    *, finding: InspectionFinding, actor=None, done_on: datetime.date | None = None, note: str = ""
) -> InspectionFinding:
    """Mark a finding's follow-up done on a date (not in the future, not before the finding was recorded)."""
    locked = InspectionFinding.objects.select_for_update().get(pk=finding.pk)
    if locked.status != FindingStatus.OPEN:
        raise ValidationError(_("This finding is already done."), code="already_done")
    done_on = done_on or timezone.localdate()
    if done_on < timezone.localdate(locked.created_at):
        raise ValidationError(
            {
                "done_on": ValidationError(
                    _("A follow-up cannot be done before the finding was recorded."), code="before_finding"
                )
            }
        )
    locked.status = FindingStatus.DONE
    locked.done_on = done_on
    locked.full_clean()
    locked._history_user = actor
    locked._change_reason = note
    locked.save()
    return locked
