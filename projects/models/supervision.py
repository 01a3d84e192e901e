"""Special supervisors of greening works (绿化工程特约监督员), the inspections and design reviews they are
invited to, and the findings with follow-up actions and named owners (责任化)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from greening.lib.validators import validate_mainland_mobile
from projects.choices import FindingStatus, InspectionKind
from projects.models.core import Project


class SpecialSupervisor(models.Model):
    """A person invited to supervise greening works, e.g. a deputy of the city People's Congress."""

    name = models.CharField(_("name"), max_length=50)
    affiliation = models.CharField(
        _("affiliation"), max_length=100, blank=True, help_text=_("E.g. deputy of the city People's Congress.")
    )
    mobile = models.CharField(_("mobile"), max_length=11, blank=True, validators=[validate_mainland_mobile])
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="special_supervisor",
    )
    active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("special supervisor")
        verbose_name_plural = _("special supervisors")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.affiliation}）" if self.affiliation else self.name


class ProjectInspection(models.Model):
    """An inspection of a key project or a design review (重点项目考察和方案论证) with invited supervisors."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="inspections"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=InspectionKind.choices)
    scheduled_for = models.DateField(_("scheduled for"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=150, blank=True)
    invited_supervisors = models.ManyToManyField(
        SpecialSupervisor, verbose_name=_("invited supervisors"), blank=True, related_name="inspections"
    )
    summary = models.TextField(_("summary"), blank=True)

    history = HistoricalRecords(m2m_fields=[invited_supervisors])

    class Meta:
        verbose_name = _("project inspection")
        verbose_name_plural = _("project inspections")
        ordering = ["-scheduled_for", "-pk"]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_kind_display()} · {self.scheduled_for:%Y-%m-%d}"

    def clean(self) -> None:
        super().clean()
        if self.held_on and self.held_on > timezone.localdate():
            raise ValidationError({"held_on": _("This date cannot be in the future.")})

    def is_upcoming_on(self, on: datetime.date) -> bool:
        """Scheduled for ``on`` or later and not yet held (``inspections_for_supervisor(upcoming_only=True)``)."""
        return self.scheduled_for >= on and self.held_on is None


class InspectionFindingQuerySet(models.QuerySet):
    def overdue(self, on: datetime.date | None = None) -> InspectionFindingQuerySet:
        """Open findings whose follow-up was due before ``on`` (today by default)."""
        return self.filter(status=FindingStatus.OPEN, due_date__lt=on or timezone.localdate())


class InspectionFinding(models.Model):
    """Something found on an inspection, with the follow-up action, who owns it and by when."""

    inspection = models.ForeignKey(
        ProjectInspection, verbose_name=_("project inspection"), on_delete=models.CASCADE, related_name="findings"
    )
    text = models.TextField(_("finding"))
    supervisor = models.ForeignKey(
        SpecialSupervisor,
        verbose_name=_("raised by supervisor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="findings",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    action = models.TextField(_("follow-up action"), blank=True)
    owner_unit = models.CharField(_("owner unit"), max_length=100, blank=True)
    owner_person = models.CharField(_("owner"), max_length=50, blank=True)
    due_date = models.DateField(_("due"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN)

    objects = InspectionFindingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection finding")
        verbose_name_plural = _("inspection findings")
        ordering = ["inspection", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=FindingStatus.DONE, done_on__isnull=False)
                | Q(status=FindingStatus.OPEN, done_on__isnull=True),
                name="finding_done_has_date",
            ),
            models.CheckConstraint(
                condition=Q(action="") | (~Q(owner_unit="") & Q(due_date__isnull=False)),
                name="finding_action_has_owner_and_due_date",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    def clean(self) -> None:
        super().clean()
        errors = {}
        if not (self.text or "").strip():
            errors["text"] = _("Describe what was found.")
        if (self.action or "").strip():
            if not (self.owner_unit or "").strip():
                errors["owner_unit"] = _("A follow-up action needs the unit that owns it.")
            if self.due_date is None:
                errors["due_date"] = _("A follow-up action needs a due date.")
        if self.done_on and self.done_on > timezone.localdate():
            errors["done_on"] = _("This date cannot be in the future.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_overdue(self) -> bool:
        return self.status == FindingStatus.OPEN and self.due_date is not None and self.due_date < timezone.localdate()
