"""The plans registry (规划): plans, their status changes, how they relate, and the projects they deliver."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.choices import PlanKind, PlanRelationKind, PlanStatus

YEAR_VALIDATORS = [MinValueValidator(1949), MaxValueValidator(2100)]


class Plan(models.Model):
    """A plan of the city's greening: special plans, five-year plans, the territorial master plan."""

    title = models.CharField(_("title"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PlanKind.choices)
    compiled_year = models.PositiveSmallIntegerField(
        _("year compiled"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=_("The year the plan was compiled, or drafting starts."),
    )
    period_start_year = models.PositiveSmallIntegerField(
        _("period from (year)"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    period_end_year = models.PositiveSmallIntegerField(
        _("period to (year)"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    author_unit = models.CharField(_("author unit"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFTING)
    notes = models.TextField(_("notes"), blank=True)
    projects = models.ManyToManyField(
        "projects.Project",
        verbose_name=_("projects it delivers"),
        through="PlanProject",
        blank=True,
        related_name="plans",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = [F("compiled_year").asc(nulls_last=True), "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start_year__isnull=True)
                | Q(period_end_year__isnull=True)
                | Q(period_start_year__lte=F("period_end_year")),
                name="plan_period_start_not_after_end",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        start, end = self.period_start_year, self.period_end_year
        if start is not None and end is not None and start > end:
            raise ValidationError({"period_end_year": _("The period cannot end before it starts.")})

    @property
    def period(self) -> str:
        """The plan period as "2021–2035", "2021–" or "" when unknown."""
        if self.period_start_year is None and self.period_end_year is None:
            return ""
        start = "" if self.period_start_year is None else str(self.period_start_year)
        end = "" if self.period_end_year is None else str(self.period_end_year)
        return f"{start}–{end}"


class PlanStatusChange(models.Model):
    """A status change of a plan: who, when, from, to and why. Written only by ``plan_change_status``."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=20, choices=PlanStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=PlanStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("plan status change")
        verbose_name_plural = _("plan status changes")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.plan}: {self.from_status} → {self.to_status}"


class PlanRelation(models.Model):
    """How one plan stands to another: it aligns with (衔接) or supersedes (替代) it."""

    from_plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="relations_from")
    to_plan = models.ForeignKey(
        Plan, verbose_name=_("related plan"), on_delete=models.CASCADE, related_name="relations_to"
    )
    kind = models.CharField(_("relation"), max_length=20, choices=PlanRelationKind.choices)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan relation")
        verbose_name_plural = _("plan relations")
        ordering = ["from_plan", "kind", "to_plan"]
        constraints = [
            models.UniqueConstraint(fields=["from_plan", "to_plan", "kind"], name="planrelation_unique_triple"),
            models.CheckConstraint(condition=~Q(from_plan=F("to_plan")), name="planrelation_not_to_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.from_plan} → {self.get_kind_display()} → {self.to_plan}"

    def clean(self) -> None:
        super().clean()
        if self.from_plan_id and self.from_plan_id == self.to_plan_id:
            raise ValidationError({"to_plan": _("A plan cannot be related to itself.")})
        if (
            self.kind == PlanRelationKind.SUPERSEDES
            and self.from_plan_id
            and self.to_plan_id
            and PlanRelation.objects.filter(
                from_plan_id=self.to_plan_id, to_plan_id=self.from_plan_id, kind=PlanRelationKind.SUPERSEDES
            )
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError({"to_plan": _("The related plan already supersedes this plan.")})


class PlanProject(models.Model):
    """A project a plan delivers (规划→重点工程). Held by plans: ``plans`` may reference ``projects``, not the reverse.

    The note says where the link comes from; a link the letter does not state outright is marked 推定.
    """

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="project_links")
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.CASCADE, related_name="plan_links"
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project delivered by a plan")
        verbose_name_plural = _("projects delivered by plans")
        ordering = ["plan", "project"]
        constraints = [models.UniqueConstraint(fields=["plan", "project"], name="planproject_unique_pair")]

    def __str__(self) -> str:
        return f"{self.plan} → {self.project}"
