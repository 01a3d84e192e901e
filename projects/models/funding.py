"""Money for the projects (资金保障): applications to a source (资金申请) and disbursements (拨付) against them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from projects.choices import FundingApplicationStatus, FundingSourceKind
from projects.models.core import MONEY, Project


class FundingApplication(models.Model):
    """An application for money from one source for one project; approved or rejected through the services."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="funding_applications"
    )
    source_kind = models.CharField(_("funding source"), max_length=20, choices=FundingSourceKind.choices)
    reference = models.CharField(_("reference number"), max_length=60, blank=True)
    requested_amount = models.DecimalField(_("requested (yuan)"), **MONEY)
    applied_on = models.DateField(_("applied on"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=FundingApplicationStatus.choices,
        default=FundingApplicationStatus.SUBMITTED,
    )
    approved_amount = models.DecimalField(_("approved (yuan)"), **MONEY, null=True, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_note = models.TextField(_("decision note"), blank=True)
    estimated = models.BooleanField(_("figures estimated"), default=False)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding application")
        verbose_name_plural = _("funding applications")
        ordering = ["project", "applied_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(requested_amount__gt=0), name="fundingapp_requested_positive"),
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True) | Q(approved_amount__gt=0),
                name="fundingapp_approved_positive",
            ),
            # Approved ⇔ an approved amount and date are recorded.
            models.CheckConstraint(
                condition=Q(
                    status=FundingApplicationStatus.APPROVED, approved_amount__isnull=False, approved_on__isnull=False
                )
                | (~Q(status=FundingApplicationStatus.APPROVED) & Q(approved_amount__isnull=True)),
                name="fundingapp_approved_has_amount_and_date",
            ),
            models.CheckConstraint(
                condition=Q(approved_on__isnull=True) | Q(approved_on__gte=F("applied_on")),
                name="fundingapp_approved_after_applied",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_source_kind_display()} · {self.applied_on:%Y-%m-%d}"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.requested_amount is not None and self.requested_amount <= 0:
            errors["requested_amount"] = _("The amount must be more than zero.")
        if self.approved_amount is not None and self.approved_amount <= 0:
            errors["approved_amount"] = _("The amount must be more than zero.")
        if (
            self.approved_amount is not None
            and self.requested_amount is not None
            and self.approved_amount > self.requested_amount
        ):
            errors["approved_amount"] = _("The approved amount cannot exceed the requested amount.")
        if self.approved_on and self.applied_on and self.approved_on < self.applied_on:
            errors["approved_on"] = _("An application cannot be approved before it was made.")
        if self.applied_on and self.applied_on > timezone.localdate():
            errors["applied_on"] = _("This date cannot be in the future.")
        if self.approved_on and self.approved_on > timezone.localdate():
            errors["approved_on"] = _("This date cannot be in the future.")
        if errors:
            raise ValidationError(errors)


class Disbursement(models.Model):
    """Money paid out (拨付) against an approved application; written only by ``disbursement_record``."""

    application = models.ForeignKey(
        FundingApplication,
        verbose_name=_("funding application"),
        on_delete=models.PROTECT,
        related_name="disbursements",
    )
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    paid_on = models.DateField(_("paid on"))
    voucher_no = models.CharField(_("voucher number"), max_length=60, blank=True)
    override_reason = models.TextField(
        _("reason for exceeding the approved amount"),
        blank=True,
        help_text=_("Recorded when this payment takes the total above the approved amount."),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        ordering = ["application", "paid_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="disbursement_amount_positive"),
            models.UniqueConstraint(
                fields=["voucher_no"], condition=~Q(voucher_no=""), name="disbursement_unique_voucher_no"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.voucher_no} {self.amount}"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.amount is not None and self.amount <= 0:
            errors["amount"] = _("The amount must be more than zero.")
        if self.paid_on and self.paid_on > timezone.localdate():
            errors["paid_on"] = _("This date cannot be in the future.")
        if errors:
            raise ValidationError(errors)
