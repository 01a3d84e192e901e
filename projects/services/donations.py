"""Writes of donations and naming rights under the donation reward rules (阳泉市绿化工程捐资奖励办法).

Which scheme applies: the letter says the rules are *planned* (计划出台), so the seeded scheme is not in
force. A donor may still ask: a request is judged against the scheme in force, or — while none is — the
latest scheme recorded (the announced rule: more than 1,000,000 yuan), and the request remembers which.
Granting a name is a legal act, so ``naming_request_approve`` needs a scheme in force and checks the
threshold again against it; the term is that scheme's ``naming_term_years``. Threshold and term are read
from the scheme row every time, never from constants.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from greenspaces.models import GreenSpace
from greenspaces.services import green_space_name
from projects.choices import DonorKind, NamingRequestStatus
from projects.models import Donation, DonationScheme, Donor, NamingRequest, Project


def _yuan(amount: Decimal) -> str:
    return number_format(amount, 2, force_grouping=True)


def donation_scheme_in_force() -> DonationScheme | None:
    """The latest scheme marked in force, or None."""
    return DonationScheme.objects.filter(in_force=True).order_by("-pk").first()


def donation_scheme_applicable() -> DonationScheme | None:
    """The scheme a naming request is judged by: the one in force, else the latest announced one."""
    return donation_scheme_in_force() or DonationScheme.objects.order_by("-pk").first()


def donor_total(donor: Donor) -> Decimal:
    """Everything the donor has given, in yuan."""
    total = Donation.objects.filter(donor=donor).aggregate(total=Sum("amount", default=Decimal("0")))["total"]
    return Decimal(total).quantize(Decimal("0.01"))


@transaction.atomic
def donation_record(
    *,
    donor: Donor,
    amount: Decimal,
    received_on: datetime.date,
    receipt_no: str,
    project: Project | None = None,
    green_space: GreenSpace | None = None,
    note: str = "",
    actor=None,
) -> Donation:
    """Record money received from a donor for a project or a green space, under a unique receipt number."""
    donation = Donation(
        donor=donor,
        amount=amount,
        received_on=received_on,
        receipt_no=(receipt_no or "").strip(),
        project=project,
        green_space=green_space,
        note=note,
    )
    donation.full_clean()
    donation._history_user = actor
    donation.save()
    return donation


def naming_request_check(*, donor: Donor) -> tuple[DonationScheme, Decimal]:
    """The scheme a request by ``donor`` would be judged by and the donor's total; raises the translated
    ValidationError ``naming_request_submit`` would (for forms that want to say so before saving)."""
    scheme = donation_scheme_applicable()
    if scheme is None:
        raise ValidationError(
            _("No donation reward rules are recorded yet, so naming rights cannot be requested."), code="no_scheme"
        )
    total = _check_threshold(donor, scheme)
    busy = NamingRequest.objects.filter(donor=donor, status=NamingRequestStatus.REQUESTED).exists() or (
        NamingRequest.objects.filter(
            donor=donor, status=NamingRequestStatus.APPROVED, term_end__gte=timezone.localdate()
        ).exists()
    )
    if busy:
        raise ValidationError(
            {
                "donor": ValidationError(
                    _("%(donor)s already has a naming request pending or a naming in its term.")
                    % {"donor": donor.name},
                    code="already_requested",
                )
            }
        )
    return scheme, total


def _check_threshold(donor: Donor, scheme: DonationScheme) -> Decimal:
    if donor.kind != DonorKind.ENTERPRISE:
        raise ValidationError(
            {
                "donor": ValidationError(
                    _("Only an enterprise may name a green space under %(scheme)s.") % {"scheme": scheme.name},
                    code="not_enterprise",
                )
            }
        )
    total = donor_total(donor)
    if total <= scheme.naming_threshold:
        raise ValidationError(
            {
                "donor": ValidationError(
                    _("%(donor)s has given %(total)s yuan; naming a green space needs more than %(threshold)s yuan.")
                    % {"donor": donor.name, "total": _yuan(total), "threshold": _yuan(scheme.naming_threshold)},
                    code="below_threshold",
                )
            }
        )
    return total


@transaction.atomic
def naming_request_submit(
    *,
    donor: Donor,
    green_space: GreenSpace,
    proposed_name: str,
    requested_on: datetime.date | None = None,
    actor=None,
) -> NamingRequest:
    """Record an enterprise donor's request to name a green space (冠名绿地).

    Refused unless the donor is an enterprise whose donations total MORE than the applicable scheme's
    ``naming_threshold`` (exactly the threshold is not enough: the rule says 超100万元), and while the donor
    already has a request pending or a naming in its term. The donor's row is locked so two requests sent
    at once cannot both pass.
    """
    donor = Donor.objects.select_for_update().get(pk=donor.pk)
    scheme, total = naming_request_check(donor=donor)
    request = NamingRequest(
        donor=donor,
        green_space=green_space,
        proposed_name=(proposed_name or "").strip(),
        requested_on=requested_on or timezone.localdate(),
        scheme=scheme,
        donated_total=total,
    )
    request.full_clean()
    request._history_user = actor
    request.save()
    return request


def _locked_requested(request: NamingRequest) -> NamingRequest:
    locked = NamingRequest.objects.select_for_update().select_related("donor", "green_space").get(pk=request.pk)
    if locked.status != NamingRequestStatus.REQUESTED:
        raise ValidationError(
            _("This naming request is already %(status)s.") % {"status": locked.get_status_display()},
            code="already_decided",
        )
    return locked


def naming_term_end(*, starts_on: datetime.date, years: int) -> datetime.date:
    """The last day of a term of ``years`` from ``starts_on``: 10 years from 2026-07-01 end on 2036-06-30."""
    return starts_on + relativedelta(years=years) - datetime.timedelta(days=1)


@transaction.atomic
def naming_request_approve(
    *, request: NamingRequest, actor=None, starts_on: datetime.date, note: str = ""
) -> NamingRequest:
    """Grant a pending request: the term runs ``naming_term_years`` of the scheme in force from ``starts_on``
    (``term_end`` is its last day), and the green space carries the name for that term
    (``greenspaces.services.green_space_name``, which refuses a term overlapping another naming)."""
    scheme = donation_scheme_in_force()
    if scheme is None:
        raise ValidationError(
            _("The donation reward rules are not in force yet: mark the scheme in force before granting names."),
            code="scheme_not_in_force",
        )
    locked = _locked_requested(request)
    Donor.objects.select_for_update().get(pk=locked.donor_id)
    _check_threshold(locked.donor, scheme)
    term_end = naming_term_end(starts_on=starts_on, years=scheme.naming_term_years)
    naming = green_space_name(
        green_space=locked.green_space,
        name=locked.proposed_name,
        valid_from=starts_on,
        valid_until=term_end,
        note=_("Naming rights of %(donor)s under %(scheme)s") % {"donor": locked.donor.name, "scheme": scheme.name},
        actor=actor,
    )
    locked.status = NamingRequestStatus.APPROVED
    locked.scheme = scheme
    locked.term_start = starts_on
    locked.term_end = term_end
    locked.naming = naming
    locked.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    locked.decided_on = timezone.localdate()
    locked.decision_note = note
    locked.full_clean()
    locked._history_user = actor
    locked.save()
    return locked


@transaction.atomic
def naming_request_reject(*, request: NamingRequest, actor=None, reason: str) -> NamingRequest:
    """Refuse a pending request, with the reason (shown to staff and kept in the history)."""
    if not (reason or "").strip():
        raise ValidationError(
            {"decision_note": ValidationError(_("Give the reason for the rejection."), code="reason_required")}
        )
    locked = _locked_requested(request)
    locked.status = NamingRequestStatus.REJECTED
    locked.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    locked.decided_on = timezone.localdate()
    locked.decision_note = reason.strip()
    locked.full_clean()
    locked._history_user = actor
    locked.save()
    return locked


@transaction.atomic
def naming_requests_expire(*, today: datetime.date | None = None, actor=None) -> int:
    """Mark approved requests whose term ended before ``today`` as expired; returns how many changed.

    Idempotent: a second run finds nothing to do. (The park page stops showing a name the day after its
    term ends whether or not this has run; this keeps the request's status honest for staff and reports.)
    """
    today = today or timezone.localdate()
    changed = 0
    for request in NamingRequest.objects.select_for_update().filter(
        status=NamingRequestStatus.APPROVED, term_end__lt=today
    ):
        request.status = NamingRequestStatus.EXPIRED
        request._history_user = actor
        request._change_reason = "term ended"
        request.save(update_fields=["status"])
        changed += 1
    return changed
