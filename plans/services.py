"""Writes of the plans registry that matter: each one transaction, recorded with who did it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plans.choices import PlanStatus
from plans.models import Plan, PlanStatusChange

# The life of a plan: drafted, put out for public notice and comment (向社会公示征求意见), possibly
# revised, approved, then in force until a newer plan supersedes it or its period ends.
PLAN_STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    PlanStatus.DRAFTING: frozenset({PlanStatus.PUBLIC_CONSULTATION}),
    PlanStatus.PUBLIC_CONSULTATION: frozenset({PlanStatus.DRAFTING, PlanStatus.APPROVED}),
    PlanStatus.APPROVED: frozenset({PlanStatus.IN_FORCE}),
    PlanStatus.IN_FORCE: frozenset({PlanStatus.SUPERSEDED, PlanStatus.EXPIRED}),
    PlanStatus.SUPERSEDED: frozenset(),
    PlanStatus.EXPIRED: frozenset(),
}


class PlanTransitionError(ValidationError):
    """A plan status change that the plan's life does not allow; the message is translated."""


def plan_status_targets(status: str) -> list[str]:
    """The statuses a plan in ``status`` may move to, in the order of ``PlanStatus``."""
    allowed = PLAN_STATUS_TRANSITIONS.get(status, frozenset())
    return [value for value in PlanStatus.values if value in allowed]


def _label(status: str) -> str:
    return str(PlanStatus(status).label) if status in PlanStatus.values else status


@transaction.atomic
def plan_change_status(*, plan: Plan, to: str, actor=None, note: str = "") -> Plan:
    """Move a plan to status ``to`` if its life allows it; record who, when, from, to and why.

    The change is written as a ``PlanStatusChange`` row and in the plan's audit history. An
    illegal move raises ``PlanTransitionError`` and changes nothing. ``plan`` is updated in place.
    """
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if to not in PLAN_STATUS_TRANSITIONS.get(locked.status, frozenset()):
        raise PlanTransitionError(
            _("A plan that is %(current)s cannot become %(target)s.")
            % {"current": _label(locked.status), "target": _label(to)},
            code="invalid_transition",
        )
    from_status = locked.status
    note = note.strip()
    locked.status = to
    locked._history_user = actor
    # The history's reason column holds 100 characters; the full note is on the status change row.
    locked._change_reason = (note or f"{from_status} → {to}")[:100]
    locked.save(update_fields=["status"])
    PlanStatusChange.objects.create(
        plan=locked,
        from_status=from_status,
        to_status=to,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        note=note,
    )
    plan.status = to
    return plan
