"""The green estate: districts, green spaces, the native plant catalogue and heritage trees."""

from __future__ import annotations

import datetime
import math
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Case, Count, F, Max, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from greenspaces.choices import (
    AgeMethod,
    BackboneStatus,
    DroughtTolerance,
    GreenSpaceKind,
    HeritageTreeGrade,
    MaintenanceGrade,
    OpeningStatus,
    SpeciesForm,
    Vigour,
    WaterUseClass,
)

AREA = {"max_digits": 12, "decimal_places": 2}
COORDINATE = {"max_digits": 9, "decimal_places": 6}
METRE = {"max_digits": 7, "decimal_places": 2}


def _non_negative(field: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(**{f"{field}__gte": 0}), name=f"%(app_label)s_%(class)s_{field}_gte_0")


def _coordinates_constraints() -> list[models.CheckConstraint]:
    """WGS84 ranges, and latitude and longitude given together or not at all."""
    return [
        models.CheckConstraint(
            condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
            name="%(app_label)s_%(class)s_latitude_range",
        ),
        models.CheckConstraint(
            condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
            name="%(app_label)s_%(class)s_longitude_range",
        ),
        models.CheckConstraint(
            condition=Q(latitude__isnull=True, longitude__isnull=True)
            | Q(latitude__isnull=False, longitude__isnull=False),
            name="%(app_label)s_%(class)s_coordinates_together",
        ),
    ]


class Located(models.Model):
    """A place on the map (WGS84 decimal degrees), with a note on where its figures come from."""

    latitude = models.DecimalField(
        _("latitude"), **COORDINATE, null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.DecimalField(
        _("longitude"),
        **COORDINATE,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    estimated = models.BooleanField(
        _("figures estimated"),
        default=False,
        help_text=_("Set while any figure here is a plausible estimate not yet confirmed by a source."),
    )
    source_note = models.TextField(_("source of the figures"), blank=True)

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError({"longitude": _("Give both latitude and longitude, or neither.")})


class District(models.Model):
    """One of Yangquan's five districts and counties, keyed by its GB/T 2260 code."""

    code = models.CharField(
        _("GB/T 2260 code"),
        max_length=6,
        unique=True,
        validators=[
            RegexValidator(r"^[1-9][0-9]{5}$", _("A GB/T 2260 code has six digits, e.g. 140302."), code="invalid")
        ],
        help_text=_("Six-digit administrative division code, e.g. 140302."),
    )
    name = models.CharField(_("name"), max_length=50, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^[1-9][0-9]{5}$"), name="district_code_six_digits"),
        ]

    def __str__(self) -> str:
        return self.name


class GreenSpaceQuerySet(models.QuerySet):
    def with_cistern_capacity(self) -> GreenSpaceQuerySet:
        """Annotate ``cistern_capacity_total_m3`` in the same query (for lists)."""
        return self.annotate(cistern_capacity_total_m3=Sum("cisterns__capacity_m3", default=Decimal("0")))

    def with_features(self) -> GreenSpaceQuerySet:
        """Annotate ``cistern_total``, ``cistern_capacity_total_m3`` and ``heritage_tree_total`` with
        subqueries (joins would multiply the sums), all in the list's one query."""
        cisterns = Cistern.objects.filter(green_space=OuterRef("pk")).order_by().values("green_space")
        trees = HeritageTree.objects.filter(green_space=OuterRef("pk")).order_by().values("green_space")
        return self.annotate(
            cistern_total=Coalesce(Subquery(cisterns.annotate(n=Count("pk")).values("n")), 0),
            cistern_capacity_total_m3=Coalesce(
                Subquery(cisterns.annotate(total=Sum("capacity_m3")).values("total")),
                Value(Decimal("0")),
                output_field=models.DecimalField(max_digits=12, decimal_places=2),
            ),
            heritage_tree_total=Coalesce(Subquery(trees.annotate(n=Count("pk")).values("n")), 0),
        )


NON_NEGATIVE_FIGURES = (
    "total_area_m2", "hard_paved_area_m2", "planted_area_m2", "length_m", "sunken_green_space_m2",
    "permeable_paving_m2",
)  # fmt: skip


class GreenSpace(Located):
    """A park, road belt, riverside belt or other green space the bureau manages or is building."""

    code = models.SlugField(
        _("code"), max_length=60, unique=True, help_text=_("Short ASCII key used in URLs and the API.")
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=30, choices=GreenSpaceKind.choices)
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="green_spaces"
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    total_area_m2 = models.DecimalField(_("total area (m²)"), **AREA, null=True, blank=True)
    hard_paved_area_m2 = models.DecimalField(_("hard-paved area (m²)"), **AREA, null=True, blank=True)
    planted_area_m2 = models.DecimalField(_("planted area (m²)"), **AREA, null=True, blank=True)
    length_m = models.DecimalField(
        _("length (m)"), **AREA, null=True, blank=True, help_text=_("For linear spaces: road and river belts.")
    )
    maintenance_grade = models.CharField(
        _("maintenance grade"), max_length=10, choices=MaintenanceGrade.choices, default=MaintenanceGrade.TWO
    )
    sunken_green_space_m2 = models.DecimalField(_("sunken green space (m²)"), **AREA, default=Decimal("0"))
    permeable_paving_m2 = models.DecimalField(_("permeable paving (m²)"), **AREA, default=Decimal("0"))
    reclaimed_water_irrigation = models.BooleanField(_("irrigated with reclaimed water"), default=False)
    smart_irrigation = models.BooleanField(_("smart irrigation control"), default=False)
    opening_status = models.CharField(
        _("opening status"), max_length=20, choices=OpeningStatus.choices, default=OpeningStatus.OPEN
    )
    planting_water_use = models.CharField(
        _("water use of the planting"),
        max_length=2,
        choices=WaterUseClass.choices,
        default=WaterUseClass.MODERATE,
        help_text=_("WUCOLS class of the dominant planting; sets the landscape coefficient for irrigation advice."),
    )
    last_planted_on = models.DateField(
        _("last major planting"), null=True, blank=True, help_text=_("New plantings need extra care for two years.")
    )
    description = models.TextField(_("description"), blank=True)

    objects = GreenSpaceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("green space")
        verbose_name_plural = _("green spaces")
        ordering = ["district__sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="greenspace_unique_name_per_district"),
            *(_non_negative(field) for field in NON_NEGATIVE_FIGURES),
            models.CheckConstraint(
                condition=Q(hard_paved_area_m2__isnull=True)
                | Q(total_area_m2__isnull=True)
                | Q(hard_paved_area_m2__lte=F("total_area_m2")),
                name="greenspace_hard_paved_within_total",
            ),
            models.CheckConstraint(
                condition=Q(planted_area_m2__isnull=True)
                | Q(total_area_m2__isnull=True)
                | Q(planted_area_m2__lte=F("total_area_m2")),
                name="greenspace_planted_within_total",
            ),
            models.CheckConstraint(
                condition=Q(hard_paved_area_m2__isnull=True)
                | Q(planted_area_m2__isnull=True)
                | Q(total_area_m2__isnull=True)
                | Q(total_area_m2__gte=F("hard_paved_area_m2") + F("planted_area_m2")),
                name="greenspace_paved_and_planted_within_total",
            ),
            *_coordinates_constraints(),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list] = {}
        for field in NON_NEGATIVE_FIGURES:
            value = getattr(self, field)
            if value is not None and value < 0:
                errors.setdefault(field, []).append(_("This figure cannot be negative."))
        total = self.total_area_m2
        if total is not None:
            if self.hard_paved_area_m2 is not None and self.hard_paved_area_m2 > total:
                errors.setdefault("hard_paved_area_m2", []).append(
                    _("The hard-paved area cannot exceed the total area.")
                )
            if self.planted_area_m2 is not None and self.planted_area_m2 > total:
                errors.setdefault("planted_area_m2", []).append(_("The planted area cannot exceed the total area."))
            if (
                self.hard_paved_area_m2 is not None
                and self.planted_area_m2 is not None
                and "hard_paved_area_m2" not in errors
                and "planted_area_m2" not in errors
                and self.hard_paved_area_m2 + self.planted_area_m2 > total
            ):
                errors.setdefault("planted_area_m2", []).append(
                    _("Hard-paved and planted areas together cannot exceed the total area.")
                )
        if errors:
            raise ValidationError(errors)

    @property
    def hard_paving_ratio(self) -> Decimal | None:
        """Hard-paved share of the land area (GB 51192-2016 computes ratios on land area)."""
        if self.hard_paved_area_m2 is None or not self.total_area_m2:
            return None
        return self.hard_paved_area_m2 / self.total_area_m2

    @property
    def total_area_ha(self) -> Decimal | None:
        return None if self.total_area_m2 is None else self.total_area_m2 / Decimal("10000")

    @property
    def cistern_capacity_m3(self) -> Decimal:
        """Total rainwater cistern capacity; uses the list annotation when present."""
        annotated = getattr(self, "cistern_capacity_total_m3", None)
        if annotated is not None:
            return annotated
        return self.cisterns.aggregate(total=Sum("capacity_m3", default=Decimal("0")))["total"]


class Cistern(models.Model):
    """A rainwater cistern (蓄水池) of a green space; sponge retrofits build these."""

    green_space = models.ForeignKey(
        GreenSpace, verbose_name=_("green space"), on_delete=models.CASCADE, related_name="cisterns"
    )
    name = models.CharField(_("name"), max_length=60)
    capacity_m3 = models.DecimalField(_("capacity (m³)"), max_digits=10, decimal_places=2)
    estimated = models.BooleanField(_("figures estimated"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rainwater cistern")
        verbose_name_plural = _("rainwater cisterns")
        ordering = ["green_space", "name"]
        constraints = [
            models.UniqueConstraint(fields=["green_space", "name"], name="cistern_unique_name_per_space"),
            models.CheckConstraint(condition=Q(capacity_m3__gt=0), name="cistern_capacity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.green_space} · {self.name}"

    def clean(self) -> None:
        super().clean()
        if self.capacity_m3 is not None and self.capacity_m3 <= 0:
            raise ValidationError({"capacity_m3": _("A cistern's capacity must be more than zero.")})


class Species(models.Model):
    """A plant of the native adapted plant catalogue (阳泉市园林绿化乡土适生植物名录)."""

    chinese_name = models.CharField(_("Chinese name"), max_length=50, unique=True)
    latin_name = models.CharField(_("Latin name"), max_length=120, unique=True)
    family = models.CharField(_("family"), max_length=60, blank=True)
    form = models.CharField(_("form"), max_length=20, choices=SpeciesForm.choices)
    native = models.BooleanField(_("native"), default=True)
    backbone = models.CharField(
        _("backbone species"), max_length=10, choices=BackboneStatus.choices, default=BackboneStatus.NONE, blank=True
    )
    drought_tolerance = models.CharField(_("drought tolerance"), max_length=10, choices=DroughtTolerance.choices)
    water_use = models.CharField(_("water-use class"), max_length=2, choices=WaterUseClass.choices)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("species")
        verbose_name_plural = _("species")
        ordering = ["chinese_name"]

    def __str__(self) -> str:
        return f"{self.chinese_name} ({self.latin_name})"


# The grade rule (isenlin.cn; LY/T 2737-2016), oldest first: 名木 are grade 1 whatever their age.
HERITAGE_TREE_AGE_GRADES: tuple[tuple[int, str], ...] = (
    (500, HeritageTreeGrade.GRADE_1.value),
    (300, HeritageTreeGrade.GRADE_2.value),
    (100, HeritageTreeGrade.GRADE_3.value),
    (50, HeritageTreeGrade.RESERVE.value),
)
HERITAGE_TREE_MIN_AGE = HERITAGE_TREE_AGE_GRADES[-1][0]


def heritage_tree_grade(*, age_years: int, is_famous: bool) -> str:
    """The grade for an age and 名木 flag; the database column is generated from the same table."""
    if is_famous:
        return HeritageTreeGrade.GRADE_1.value
    for minimum_age, grade in HERITAGE_TREE_AGE_GRADES:
        if age_years >= minimum_age:
            return grade
    return HeritageTreeGrade.RESERVE.value


def _heritage_tree_grade_expression() -> Case:
    whens = [When(is_famous=True, then=Value(HeritageTreeGrade.GRADE_1.value))]
    whens += [When(estimated_age_years__gte=age, then=Value(grade)) for age, grade in HERITAGE_TREE_AGE_GRADES[:-1]]
    return Case(*whens, default=Value(HERITAGE_TREE_AGE_GRADES[-1][1]))


class HeritageTreeQuerySet(models.QuerySet):
    def with_last_patrol(self) -> HeritageTreeQuerySet:
        """Annotate ``last_patrol_date`` (None when never patrolled)."""
        return self.annotate(last_patrol_date=Max("patrols__patrol_date"))

    def patrol_overdue(self, today: datetime.date) -> HeritageTreeQuerySet:
        """Trees whose next patrol fell due before ``today`` (needs ``with_last_patrol``)."""
        intervals = settings.HERITAGE_TREE_PATROL_INTERVAL_MONTHS
        overdue = Q(last_patrol_date__isnull=True, created_at__date__lt=today)
        for grade, months in intervals.items():
            overdue |= Q(grade=grade, last_patrol_date__lt=today - relativedelta(months=months))
        return self.filter(overdue)


class HeritageTree(Located):
    """An ancient or famous tree (古树名木) or a reserve resource tree (后续资源) in the registry."""

    registry_code = models.CharField(_("registry code"), max_length=30, unique=True)
    species = models.ForeignKey(
        Species, verbose_name=_("species"), on_delete=models.PROTECT, related_name="heritage_trees"
    )
    green_space = models.ForeignKey(
        GreenSpace,
        verbose_name=_("green space"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="heritage_trees",
    )
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="heritage_trees"
    )
    address = models.CharField(_("address"), max_length=200)
    elevation_m = models.DecimalField(_("elevation (m)"), **METRE, null=True, blank=True)
    estimated_age_years = models.PositiveIntegerField(_("estimated age (years)"))
    age_method = models.CharField(_("how the age was estimated"), max_length=20, choices=AgeMethod.choices)
    is_famous = models.BooleanField(
        _("famous tree (名木)"),
        default=False,
        help_text=_("Planted by notable people, linked to historic events, or a landmark; protected as grade 1."),
    )
    famous_reason = models.TextField(_("why it is a famous tree"), blank=True)
    grade = models.GeneratedField(
        verbose_name=_("grade"),
        expression=_heritage_tree_grade_expression(),
        output_field=models.CharField(max_length=10, choices=HeritageTreeGrade.choices),
        db_persist=True,
    )
    height_m = models.DecimalField(_("height (m)"), **METRE, null=True, blank=True)
    girth_cm = models.DecimalField(_("girth at 1.3 m (cm)"), max_digits=7, decimal_places=1, null=True, blank=True)
    crown_ew_m = models.DecimalField(_("crown spread east–west (m)"), **METRE, null=True, blank=True)
    crown_ns_m = models.DecimalField(_("crown spread north–south (m)"), **METRE, null=True, blank=True)
    vigour = models.CharField(_("vigour"), max_length=12, choices=Vigour.choices, default=Vigour.NORMAL)
    ownership = models.CharField(_("ownership"), max_length=100, blank=True)
    custodian_unit = models.CharField(_("custodian unit"), max_length=100)
    custodian_person = models.CharField(_("person responsible"), max_length=50, blank=True)
    custodian_phone = models.CharField(_("phone of person responsible"), max_length=20, blank=True)
    environment = models.TextField(_("surroundings"), blank=True)
    created_at = models.DateTimeField(_("entered the registry"), default=timezone.now, editable=False)

    objects = HeritageTreeQuerySet.as_manager()
    # The generated grade is left out of the history: it follows from the recorded age and flag.
    history = HistoricalRecords(excluded_fields=["grade"])

    class Meta:
        verbose_name = _("heritage tree")
        verbose_name_plural = _("heritage trees")
        ordering = ["registry_code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_famous=True) | Q(estimated_age_years__gte=HERITAGE_TREE_MIN_AGE),
                name="heritagetree_old_enough_or_famous",
            ),
            models.CheckConstraint(
                condition=Q(is_famous=False) | ~Q(famous_reason=""), name="heritagetree_famous_has_reason"
            ),
            _non_negative("height_m"),
            models.CheckConstraint(
                condition=Q(girth_cm__isnull=True) | Q(girth_cm__gt=0), name="heritagetree_girth_gt_0"
            ),
            _non_negative("crown_ew_m"),
            _non_negative("crown_ns_m"),
            *_coordinates_constraints(),
        ]

    def __str__(self) -> str:
        return f"{self.registry_code} {self.species.chinese_name}"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if (
            not self.is_famous
            and self.estimated_age_years is not None
            and self.estimated_age_years < HERITAGE_TREE_MIN_AGE
        ):
            errors["estimated_age_years"] = _(
                "A tree under 50 years old is not in the registry unless it is a famous tree."
            )
        if self.is_famous and not self.famous_reason.strip():
            errors["famous_reason"] = _("Say why this is a famous tree.")
        if self.green_space_id and self.district_id and self.green_space.district_id != self.district_id:
            errors["green_space"] = _("The green space lies in another district.")
        for field in ("height_m", "crown_ew_m", "crown_ns_m"):
            value = getattr(self, field)
            if value is not None and value < 0:
                errors[field] = _("This figure cannot be negative.")
        if self.girth_cm is not None and self.girth_cm <= 0:
            errors["girth_cm"] = _("The girth must be more than zero.")
        if errors:
            raise ValidationError(errors)

    @property
    def derived_grade(self) -> str:
        """The grade from the current (possibly unsaved) age and 名木 flag."""
        return heritage_tree_grade(age_years=self.estimated_age_years, is_famous=self.is_famous)

    @property
    def dbh_cm(self) -> Decimal | None:
        """Diameter at breast height derived from the girth."""
        if self.girth_cm is None:
            return None
        return (self.girth_cm / Decimal(str(math.pi))).quantize(Decimal("0.1"))

    @property
    def protection_radius_m(self) -> Decimal | None:
        """Crown radius plus the protection margin for the grade (domain-facts §6)."""
        spreads = [value for value in (self.crown_ew_m, self.crown_ns_m) if value is not None]
        if not spreads:
            return None
        margins = settings.HERITAGE_TREE_PROTECTION_MARGIN_M
        margin = margins["reserve"] if self.derived_grade == HeritageTreeGrade.RESERVE else margins["default"]
        crown_radius = sum(spreads) / len(spreads) / 2
        return (crown_radius + Decimal(margin)).quantize(Decimal("0.1"))

    @property
    def patrol_interval_months(self) -> int:
        return settings.HERITAGE_TREE_PATROL_INTERVAL_MONTHS[self.derived_grade]

    def next_patrol_due(self) -> datetime.date:
        """The last patrol plus the grade's interval; a tree never patrolled is due from the day it was registered.

        Lists should use ``HeritageTree.objects.with_last_patrol()`` so this asks no query per row.
        """
        if hasattr(self, "last_patrol_date"):
            last_patrol = self.last_patrol_date
        else:
            last_patrol = self.patrols.aggregate(last=Max("patrol_date"))["last"]
        if last_patrol is None:
            return timezone.localdate(self.created_at)
        return last_patrol + relativedelta(months=self.patrol_interval_months)

    def is_patrol_overdue(self, today: datetime.date | None = None) -> bool:
        return self.next_patrol_due() < (today or timezone.localdate())


class HeritageTreePatrol(models.Model):
    """A patrol of a heritage tree: what the inspector found and the vigour seen."""

    tree = models.ForeignKey(
        HeritageTree, verbose_name=_("heritage tree"), on_delete=models.CASCADE, related_name="patrols"
    )
    patrol_date = models.DateField(_("patrol date"))
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inspector (account)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    inspector_name = models.CharField(_("inspector"), max_length=50)
    findings = models.TextField(_("findings"))
    vigour_observed = models.CharField(_("vigour observed"), max_length=12, choices=Vigour.choices)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("heritage tree patrol")
        verbose_name_plural = _("heritage tree patrols")
        ordering = ["-patrol_date", "-id"]
        indexes = [models.Index(fields=["tree", "-patrol_date"], name="patrol_tree_date_idx")]

    def __str__(self) -> str:
        return f"{self.tree.registry_code} {self.patrol_date:%Y-%m-%d}"

    def clean(self) -> None:
        super().clean()
        if self.patrol_date and self.patrol_date > timezone.localdate():
            raise ValidationError({"patrol_date": _("A patrol cannot be dated in the future.")})


def patrol_photo_path(instance: HeritageTreePatrolPhoto, filename: str) -> str:
    return f"heritage-trees/{instance.patrol.tree_id}/{instance.patrol_id}/{filename}"


class HeritageTreePatrolPhoto(models.Model):
    """A photo taken on a patrol, re-encoded without EXIF on upload."""

    patrol = models.ForeignKey(
        HeritageTreePatrol, verbose_name=_("patrol"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("photo"), upload_to=patrol_photo_path)
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("patrol photo")
        verbose_name_plural = _("patrol photos")

    def __str__(self) -> str:
        return self.caption or self.image.name


class PatrolReminderDigest(models.Model):
    """One overdue-patrol reminder sent to staff per day; the unique date makes the task idempotent."""

    date = models.DateField(_("date"), unique=True)
    overdue_count = models.PositiveIntegerField(_("overdue trees"))
    recipients = models.TextField(_("recipients"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("patrol reminder")
        verbose_name_plural = _("patrol reminders")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d}"


class GreenSpaceNamingQuerySet(models.QuerySet):
    def in_force(self, on: datetime.date | None = None) -> GreenSpaceNamingQuerySet:
        """Namings whose term includes ``on`` (today by default); both ends of the term are included."""
        on = on or timezone.localdate()
        return self.filter(valid_from__lte=on, valid_until__gte=on)


class GreenSpaceNaming(models.Model):
    """A name a green space carries for a term (冠名), e.g. granted to a donor under the donation reward rules.

    Written by ``greenspaces.services.green_space_name``, which refuses overlapping terms on one space.
    """

    green_space = models.ForeignKey(
        GreenSpace, verbose_name=_("green space"), on_delete=models.CASCADE, related_name="namings"
    )
    name = models.CharField(_("name"), max_length=100)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), help_text=_("The last day the name is shown."))
    note = models.TextField(_("source"), blank=True, help_text=_("Why the space carries this name."))

    objects = GreenSpaceNamingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("green-space naming")
        verbose_name_plural = _("green-space namings")
        ordering = ["green_space", "-valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_until__gte=F("valid_from")), name="greenspacenaming_term_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.green_space} · {self.name}"

    def clean(self) -> None:
        super().clean()
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The term cannot end before it starts.")})
