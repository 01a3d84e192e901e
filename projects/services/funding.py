"""Writes of the funding (资金保障): applications, their decisions, and disbursements guarded by the approval."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from projects.choices import FundingApplicationStatus
from projects.models import Disbursement, FundingApplication, Project


def _yuan(amount: Decimal) -> str:
    return number_format(amount, 2, force_grouping=True)


@transaction.atomic
def funding_application_submit(
    *,
    project: Project,
    source_kind: str,
    requested_amount: Decimal,
    applied_on: datetime.date,
    actor=None,
    reference: str = "",
    note: str = "",
    estimated: bool = False,
) -> FundingApplication:
    """Record an application (资金申请) for money from one source for a project."""
    application = FundingApplication(
        project=project,
        source_kind=source_kind,
        requested_amount=requested_amount,
        applied_on=applied_on,
        reference=reference.strip(),
        note=note,
        estimated=estimated,
    )
    application.full_clean()
    application._history_user = actor
    application.save()
    return application


def _locked_submitted(application: FundingApplication) -> FundingApplication:
    locked = FundingApplication.objects.select_for_update().get(pk=application.pk)
    if locked.status != FundingApplicationStatus.SUBMITTED:
        raise ValidationError(
            _("This application is already %(status)s.") % {"status": locked.get_status_display()},
            code="already_decided",
        )
    return locked


@transaction.atomic
def funding_application_approve(
    *,
    application: FundingApplication,
    approved_amount: Decimal,
    approved_on: datetime.date,
    actor=None,
    note: str = "",
) -> FundingApplication:
    """Approve a submitted application for an amount (at most the requested one) on a date; the approved
    amount becomes the ceiling of its disbursements."""
    locked = _locked_submitted(application)
    locked.status = FundingApplicationStatus.APPROVED
    locked.approved_amount = approved_amount
    locked.approved_on = approved_on
    locked.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    locked.decision_note = note
    locked.full_clean()
    locked._history_user = actor
    locked.save()
    return locked


@transaction.atomic
def funding_application_reject(*, application: FundingApplication, actor=None, reason: str) -> FundingApplication:
    """Reject a submitted application, with the reason."""
    if not (reason or "").strip():
        raise ValidationError(
            {"decision_note": ValidationError(_("Give the reason for the rejection."), code="reason_required")}
        )
    locked = _locked_submitted(application)
    locked.status = FundingApplicationStatus.REJECTED
    locked.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    locked.decision_note = reason.strip()
    locked.full_clean()
    locked._history_user = actor
    locked.save()
    return locked


@transaction.atomic
def disbursement_record(
    *,
    application: FundingApplication,
    amount: Decimal,
    paid_on: datetime.date,
    actor=None,
    voucher_no: str = "",
    override_reason: str = "",
) -> Disbursement:
    """Record money paid out (拨付) against an approved application.

    Refused (translated ValidationError, nothing saved) when the application is not approved, the amount is
    not positive, the payment predates the approval, or the total paid would exceed the approved amount —
    unless an override reason is given, which is then recorded on the disbursement. The application's row
    is locked (``SELECT … FOR UPDATE``) before the total is read, so two disbursements recorded at the same
    time are checked one after the other and cannot both slip under the ceiling.
    """
    locked = FundingApplication.objects.select_for_update().get(pk=application.pk)
    if locked.status != FundingApplicationStatus.APPROVED:
        raise ValidationError(
            _("Money can only be paid against an approved application; this one is %(status)s.")
            % {"status": locked.get_status_display()},
            code="not_approved",
        )
    amount = Decimal(amount)
    if amount <= 0:
        raise ValidationError({"amount": ValidationError(_("The amount must be more than zero."), code="amount")})
    if paid_on < locked.approved_on:
        raise ValidationError(
            {
                "paid_on": ValidationError(
                    _("A payment cannot predate the approval of %(date)s.") % {"date": locked.approved_on.isoformat()},
                    code="before_approval",
                )
            }
        )
    paid = locked.disbursements.aggregate(total=Sum("amount", default=Decimal("0")))["total"]
    override_reason = (override_reason or "").strip()
    if paid + amount > locked.approved_amount and not override_reason:
        raise ValidationError(
            {
                "amount": ValidationError(
                    _(
                        "This payment would bring the total paid to %(total)s yuan, above the approved "
                        "%(approved)s yuan; give a reason to override."
                    )
                    % {"total": _yuan(paid + amount), "approved": _yuan(locked.approved_amount)},
                    code="over_approved",
                )
            }
        )
    if paid + amount <= locked.approved_amount:
        override_reason = ""  # only an actual excess is an override
    disbursement = Disbursement(
        application=locked,
        amount=amount,
        paid_on=paid_on,
        voucher_no=(voucher_no or "").strip(),
        override_reason=override_reason,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        created_at=timezone.now(),
    )
    disbursement.full_clean()
    disbursement._history_user = actor
    disbursement.save()
    return disbursement
