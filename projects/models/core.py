"""Capital projects (重点工程) delivered by checklist (清单化), milestone (节点化) and named responsibility (责任化)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from greenspaces.models import GreenSpace
from projects.choices import ProjectKind, ProjectStatus, WorkUnit
from projects.documents import validate_evidence

QUANTITY = {"max_digits": 14, "decimal_places": 2}
MONEY = {"max_digits": 14, "decimal_places": 2}


class Project(models.Model):
    """A capital project of the letter: a road-greening upgrade, a sponge-city retrofit, a new park."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ProjectKind.choices)
    programme = models.CharField(
        _("programme"), max_length=100, help_text=_("The key programme of the letter it belongs to.")
    )
    green_spaces = models.ManyToManyField(
        GreenSpace, verbose_name=_("green spaces"), blank=True, related_name="projects"
    )
    responsible_unit = models.CharField(_("responsible unit"), max_length=100)
    responsible_person = models.CharField(_("person responsible"), max_length=50, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PROPOSED)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned completion"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual completion"), null=True, blank=True)
    hard_paving_target = models.DecimalField(
        _("hard-paving ratio at most (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("New parks: at most 20 % (the letter)."),
    )
    budget = models.DecimalField(
        _("budget (yuan)"), **MONEY, null=True, blank=True, help_text=_("Leave empty until the budget is set.")
    )
    design_rainfall = models.ForeignKey(
        "projects.DesignRainfall",
        verbose_name=_("design rainfall"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        help_text=_("Empty: the default design rainfall is used for the capture volume."),
    )
    description = models.TextField(_("contents"), blank=True)
    estimated = models.BooleanField(_("figures estimated"), default=False)
    source_note = models.TextField(_("source of the figures"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["programme", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True)
                | Q(planned_start__isnull=True)
                | Q(planned_end__gte=F("planned_start")),
                name="project_planned_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True)
                | Q(actual_start__isnull=True)
                | Q(actual_end__gte=F("actual_start")),
                name="project_actual_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(hard_paving_target__isnull=True)
                | Q(hard_paving_target__gte=0, hard_paving_target__lte=100),
                name="project_paving_target_percent",
            ),
            models.CheckConstraint(condition=Q(budget__isnull=True) | Q(budget__gte=0), name="project_budget_gte_0"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            raise ValidationError({"planned_end": _("The planned completion cannot come before the planned start.")})
        if self.actual_start and self.actual_end and self.actual_end < self.actual_start:
            raise ValidationError({"actual_end": _("The actual completion cannot come before the actual start.")})
        if self.budget is not None and self.budget < 0:
            raise ValidationError({"budget": _("This figure cannot be negative.")})


class WorkItem(models.Model):
    """A quantity line of a project's checklist (清单): planned and done, e.g. 20,000 m of stone kerbs."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="work_items")
    name = models.CharField(_("work"), max_length=150)
    unit = models.CharField(_("unit"), max_length=10, choices=WorkUnit.choices)
    planned_quantity = models.DecimalField(_("planned quantity"), **QUANTITY)
    done_quantity = models.DecimalField(_("done"), **QUANTITY, default=Decimal("0"))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    estimated = models.BooleanField(_("figures estimated"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("work item")
        verbose_name_plural = _("work items")
        ordering = ["project", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="workitem_unique_name_per_project"),
            models.CheckConstraint(condition=Q(planned_quantity__gt=0), name="workitem_planned_positive"),
            models.CheckConstraint(condition=Q(done_quantity__gte=0), name="workitem_done_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.planned_quantity} {self.get_unit_display()}"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.planned_quantity is not None and self.planned_quantity <= 0:
            errors["planned_quantity"] = _("The planned quantity must be more than zero.")
        if self.done_quantity is not None and self.done_quantity < 0:
            errors["done_quantity"] = _("This figure cannot be negative.")
        if errors:
            raise ValidationError(errors)

    @property
    def progress(self) -> Decimal:
        """Share done, 0–1 (more than planned counts as done)."""
        return min(self.done_quantity / self.planned_quantity, Decimal("1"))


def checklist_progress(items: Sequence[WorkItem]) -> Decimal | None:
    """A project's progress: the mean share done of its checklist lines, 0–1 (None without lines)."""
    if not items:
        return None
    return sum((item.progress for item in items), Decimal("0")) / len(items)


class MilestoneQuerySet(models.QuerySet):
    def overdue(self, on: datetime.date | None = None) -> MilestoneQuerySet:
        """Milestones due before ``on`` (today by default) and not done by then."""
        on = on or timezone.localdate()
        return self.filter(Q(done_date__isnull=True) | Q(done_date__gt=on), due_date__lt=on)


class Milestone(models.Model):
    """A dated node (节点) of a project with its owner; overdue when due and not done."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones")
    name = models.CharField(_("milestone"), max_length=150)
    owner = models.CharField(_("owner"), max_length=100)
    due_date = models.DateField(_("due"))
    done_date = models.DateField(_("done on"), null=True, blank=True)
    evidence = models.FileField(
        _("evidence"),
        upload_to="milestones/",
        blank=True,
        validators=[validate_evidence],
        help_text=_("PDF, DOCX or photo (JPEG, PNG, WebP), at most 20 MB."),
    )

    objects = MilestoneQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project", "due_date", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.done_date and self.done_date > timezone.localdate():
            raise ValidationError({"done_date": _("A milestone cannot be done in the future.")})
        start = self.project.actual_start if self.project_id else None
        if self.done_date and start and self.done_date < start:
            raise ValidationError({"done_date": _("A milestone cannot be done before the project started.")})

    def is_done_on(self, on: datetime.date) -> bool:
        """Done on or before ``on``."""
        return self.done_date is not None and self.done_date <= on

    def is_overdue_on(self, on: datetime.date) -> bool:
        """Due before ``on`` and not done by then (the same rule as ``Milestone.objects.overdue``)."""
        return self.due_date < on and (self.done_date is None or self.done_date > on)

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(timezone.localdate())


class DonationScheme(models.Model):
    """The donation reward rules (阳泉市绿化工程捐资奖励办法): who may name a green space, for how long."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    naming_threshold = models.DecimalField(
        _("naming rights above (yuan)"),
        max_digits=14,
        decimal_places=2,
        help_text=_("An enterprise donating more than this may name a green space."),
    )
    naming_term_years = models.PositiveSmallIntegerField(_("naming term (years)"), default=10)
    in_force = models.BooleanField(_("in force"), default=False)
    source_note = models.TextField(_("source"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("donation scheme")
        verbose_name_plural = _("donation schemes")
        constraints = [models.CheckConstraint(condition=Q(naming_threshold__gt=0), name="scheme_threshold_positive")]

    def __str__(self) -> str:
        return self.name
