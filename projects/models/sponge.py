"""Sponge-city data (海绵城市): runoff coefficients and design rainfall as data with their source, and each
project's surfaces by type, from which ``projects.sponge`` computes the capture volume and paving ratio."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from greenspaces.models import GreenSpace
from projects.choices import SurfaceType
from projects.models.core import Project

COEFFICIENT = {"max_digits": 4, "decimal_places": 3, "validators": [MinValueValidator(0), MaxValueValidator(1)]}


class RunoffCoefficient(models.Model):
    """The runoff coefficient φ of a kind of surface: the value used, its published range, and the source."""

    surface_type = models.CharField(_("surface"), max_length=20, choices=SurfaceType.choices, unique=True)
    name = models.CharField(_("name"), max_length=100)
    coefficient = models.DecimalField(_("runoff coefficient φ (used)"), **COEFFICIENT)
    range_low = models.DecimalField(_("range from"), **COEFFICIENT, null=True, blank=True)
    range_high = models.DecimalField(_("range to"), **COEFFICIENT, null=True, blank=True)
    counts_as_paving = models.BooleanField(
        _("counts as paving"),
        default=False,
        help_text=_("Counted in the hard-paving ratio (GB 51192-2016 counts paths and paved ground)."),
    )
    source = models.TextField(_("source"))
    estimated = models.BooleanField(_("figures estimated"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("runoff coefficient")
        verbose_name_plural = _("runoff coefficients")
        ordering = ["surface_type"]
        constraints = [
            models.CheckConstraint(
                condition=Q(coefficient__gte=0, coefficient__lte=1), name="runoff_coefficient_between_0_and_1"
            ),
            models.CheckConstraint(
                condition=Q(range_low__isnull=True) | Q(range_high__isnull=True) | Q(range_low__lte=F("range_high")),
                name="runoff_coefficient_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} φ={self.coefficient}"

    def clean(self) -> None:
        super().clean()
        if self.range_low is not None and self.range_high is not None and self.range_low > self.range_high:
            raise ValidationError({"range_high": _("The range cannot end below its start.")})


class DesignRainfall(models.Model):
    """Design rainfall depth H for an annual total runoff volume capture ratio (年径流总量控制率) at a place."""

    place = models.CharField(_("place"), max_length=50)
    capture_ratio = models.DecimalField(
        _("annual runoff volume capture ratio (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    depth_mm = models.DecimalField(
        _("design rainfall depth H (mm)"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )
    is_default = models.BooleanField(
        _("default"), default=False, help_text=_("Used for projects that name no design rainfall of their own.")
    )
    source = models.TextField(_("source"))
    estimated = models.BooleanField(_("figures estimated"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("design rainfall")
        verbose_name_plural = _("design rainfalls")
        ordering = ["place", "capture_ratio"]
        constraints = [
            models.UniqueConstraint(fields=["place", "capture_ratio"], name="designrainfall_unique_place_ratio"),
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="designrainfall_one_default"
            ),
            models.CheckConstraint(condition=Q(depth_mm__gt=0), name="designrainfall_depth_positive"),
            models.CheckConstraint(
                condition=Q(capture_ratio__gt=0, capture_ratio__lte=100), name="designrainfall_ratio_percent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place} {self.capture_ratio}% H={self.depth_mm} mm"

    def clean(self) -> None:
        super().clean()
        if self.depth_mm is not None and self.depth_mm <= 0:
            raise ValidationError({"depth_mm": _("The design rainfall depth must be more than zero.")})
        if self.is_default and DesignRainfall.objects.filter(is_default=True).exclude(pk=self.pk).exists():
            raise ValidationError({"is_default": _("Another design rainfall is already the default.")})


class SurfaceArea(models.Model):
    """How much of a project's land (or of one of its green spaces) is of one surface type, in m²."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="surface_areas"
    )
    green_space = models.ForeignKey(
        GreenSpace,
        verbose_name=_("green space"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="surface_areas",
        help_text=_("Which of the project's green spaces, when it has several."),
    )
    surface = models.ForeignKey(
        RunoffCoefficient, verbose_name=_("surface"), on_delete=models.PROTECT, related_name="areas"
    )
    area_m2 = models.DecimalField(_("area (m²)"), max_digits=12, decimal_places=2)
    estimated = models.BooleanField(_("figures estimated"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("surface area")
        verbose_name_plural = _("surface areas")
        ordering = ["project", "green_space", "surface"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "green_space", "surface"], name="surfacearea_unique_per_space_and_type"
            ),
            models.UniqueConstraint(
                fields=["project", "surface"],
                condition=Q(green_space__isnull=True),
                name="surfacearea_unique_per_project_and_type",
            ),
            models.CheckConstraint(condition=Q(area_m2__gt=0), name="surfacearea_area_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.surface.name} {self.area_m2} m²"

    def clean(self) -> None:
        super().clean()
        if self.area_m2 is not None and self.area_m2 <= 0:
            raise ValidationError({"area_m2": _("The area must be more than zero.")})
        if (
            self.green_space_id
            and self.project_id
            and self.project.pk
            and not self.project.green_spaces.filter(pk=self.green_space_id).exists()
        ):
            raise ValidationError({"green_space": _("This green space is not one of the project's.")})
