"""Donations under the donation reward rules (阳泉市绿化工程捐资奖励办法) and the naming requests they allow."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from greening.lib.validators import validate_credit_code
from greenspaces.models import GreenSpace, GreenSpaceNaming
from projects.choices import DonorKind, NamingRequestStatus
from projects.models.core import MONEY, DonationScheme, Project


class Donor(models.Model):
    """An enterprise or a private person who gives money for greening; enterprises by credit code."""

    kind = models.CharField(_("kind"), max_length=20, choices=DonorKind.choices)
    name = models.CharField(_("name"), max_length=150)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        help_text=_("Required for enterprises (GB 32100-2015)."),
    )
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("donor")
        verbose_name_plural = _("donors")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=DonorKind.PERSON, credit_code="")
                | (Q(kind=DonorKind.ENTERPRISE) & ~Q(credit_code="")),
                name="donor_credit_code_for_enterprises_only",
            ),
            models.UniqueConstraint(
                fields=["credit_code"], condition=~Q(credit_code=""), name="donor_unique_credit_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        self.credit_code = (self.credit_code or "").strip().upper()
        if self.kind == DonorKind.ENTERPRISE:
            if not self.credit_code:
                raise ValidationError({"credit_code": _("An enterprise donor needs its unified social credit code.")})
            try:
                validate_credit_code(self.credit_code)
            except ValidationError as error:
                raise ValidationError({"credit_code": error.messages}) from None
        elif self.credit_code:
            raise ValidationError({"credit_code": _("Only an enterprise has a unified social credit code.")})


class Donation(models.Model):
    """Money received from a donor for a project or a green space, with its receipt number."""

    donor = models.ForeignKey(Donor, verbose_name=_("donor"), on_delete=models.PROTECT, related_name="donations")
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, null=True, blank=True, related_name="donations"
    )
    green_space = models.ForeignKey(
        GreenSpace,
        verbose_name=_("green space"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="donations",
    )
    received_on = models.DateField(_("received on"))
    receipt_no = models.CharField(_("receipt number"), max_length=60, unique=True)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        ordering = ["-received_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="donation_amount_positive"),
            models.CheckConstraint(
                condition=Q(project__isnull=False) | Q(green_space__isnull=False), name="donation_has_a_target"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.receipt_no} {self.donor} {self.amount}"

    @property
    def target(self) -> str:
        return str(self.project or self.green_space or "")

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.amount is not None and self.amount <= 0:
            errors["amount"] = _("The amount must be more than zero.")
        if not self.project_id and not self.green_space_id:
            errors["project"] = _("Name the project or the green space the donation is for.")
        if self.received_on and self.received_on > timezone.localdate():
            errors["received_on"] = _("This date cannot be in the future.")
        if errors:
            raise ValidationError(errors)


class NamingRequest(models.Model):
    """An enterprise donor's request to name a green space (冠名绿地); decided by staff through the services."""

    donor = models.ForeignKey(Donor, verbose_name=_("donor"), on_delete=models.PROTECT, related_name="naming_requests")
    green_space = models.ForeignKey(
        GreenSpace, verbose_name=_("green space"), on_delete=models.PROTECT, related_name="naming_requests"
    )
    proposed_name = models.CharField(_("proposed name"), max_length=100)
    requested_on = models.DateField(_("requested on"))
    scheme = models.ForeignKey(
        DonationScheme, verbose_name=_("donation scheme"), on_delete=models.PROTECT, related_name="naming_requests"
    )
    donated_total = models.DecimalField(
        _("donated in total when requested (yuan)"), **MONEY, help_text=_("The donor's total when it asked.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=NamingRequestStatus.choices, default=NamingRequestStatus.REQUESTED
    )
    term_start = models.DateField(_("term from"), null=True, blank=True)
    term_end = models.DateField(_("term to"), null=True, blank=True, help_text=_("The last day of the term."))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    naming = models.OneToOneField(
        GreenSpaceNaming,
        verbose_name=_("green-space naming"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="request",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("naming request")
        verbose_name_plural = _("naming requests")
        ordering = ["-requested_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_start__isnull=True) | Q(term_end__isnull=True) | Q(term_end__gte=F("term_start")),
                name="namingrequest_term_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[NamingRequestStatus.APPROVED, NamingRequestStatus.EXPIRED])
                | Q(term_start__isnull=False, term_end__isnull=False),
                name="namingrequest_approved_has_term",
            ),
            models.CheckConstraint(
                condition=~Q(status=NamingRequestStatus.REJECTED) | ~Q(decision_note=""),
                name="namingrequest_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposed_name} ({self.green_space})"

    def status_on(self, on: datetime.date) -> str:
        """The request's status on ``on`` as far as its dates tell: a decision taken after ``on`` was still
        pending then, and an approved naming whose term ended before ``on`` had expired by then."""
        status = self.status
        decided_later = self.decided_on is not None and self.decided_on > on
        if status in (NamingRequestStatus.APPROVED, NamingRequestStatus.EXPIRED):
            if decided_later:
                return NamingRequestStatus.REQUESTED
            if self.term_end and self.term_end < on:
                return NamingRequestStatus.EXPIRED
            return NamingRequestStatus.APPROVED
        if status == NamingRequestStatus.REJECTED and decided_later:
            return NamingRequestStatus.REQUESTED
        return status

    def is_shown_on(self, on: datetime.date) -> bool:
        """Whether the name stood on the park's page that day: approved then, and within its term."""
        return (
            self.status_on(on) == NamingRequestStatus.APPROVED
            and self.term_start is not None
            and self.term_start <= on <= self.term_end
        )
