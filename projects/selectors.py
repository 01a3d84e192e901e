"""Reads of the capital projects shared by pages, the admin and the People's Congress report.

Every function here is constant in queries however many projects it is given (the report lists them all).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from greenspaces.models import Cistern
from projects import sponge
from projects.choices import FundingApplicationStatus, FundingSourceKind, ProjectKind
from projects.models import (
    DesignRainfall,
    Disbursement,
    Donation,
    DonationScheme,
    FundingApplication,
    InspectionFinding,
    Project,
    ProjectInspection,
    SpecialSupervisor,
    SurfaceArea,
    WorkItem,
    checklist_progress,
)

ZERO = Decimal("0")


@dataclass(frozen=True)
class ProjectFigures:
    """The letter's project commitments as the data holds them now."""

    projects: int
    sponge_retrofits: int
    new_parks: int
    kerbs_m: Decimal | None
    fitness_trail_m2: Decimal | None
    naming_threshold_yuan: Decimal | None
    chengnan_park_ha: Decimal | None = None
    cisterns: Decimal | None = None
    cistern_capacity_m3: Decimal | None = None
    water_saving_km: Decimal | None = None


KERBS = "混凝土路缘石改造为双层定制石质缘石"
TRAIL = "新增彩色透水混凝土健身步道"
CHENGNAN_AREA = "公园建设（规划面积）"
CISTERNS = "1000立方米蓄水池"
CISTERN_CAPACITY = "蓄水池总容量"
WATER_SAVING = "节水型绿地改造长度"
# (project code, checklist line) of each headline figure the letter gives.
HEADLINE_LINES = [
    ("taobei-west-street-upgrade", KERBS),
    ("taobei-west-street-upgrade", TRAIL),
    ("chengnan-park", CHENGNAN_AREA),
    ("quanxi-road-pocket-park-sponge", CISTERNS),
    ("quanxi-road-pocket-park-sponge", CISTERN_CAPACITY),
    ("taohe-park-water-saving", WATER_SAVING),
]


def project_figures() -> ProjectFigures:
    """Headline figures of the key projects, in a handful of queries."""
    counts = Project.objects.aggregate(
        total=Count("pk"),
        sponge=Count("pk", filter=Q(kind=ProjectKind.SPONGE_RETROFIT, programme__contains="海绵城市")),
        parks=Count("pk", filter=Q(kind=ProjectKind.NEW_PARK)),
    )
    scheme = DonationScheme.objects.values_list("naming_threshold", flat=True).first()
    wanted = Q()
    for code, name in HEADLINE_LINES:
        wanted |= Q(project__code=code, name=name)
    planned = dict(WorkItem.objects.filter(wanted).values_list("name", "planned_quantity"))
    return ProjectFigures(
        projects=counts["total"],
        sponge_retrofits=counts["sponge"],
        new_parks=counts["parks"],
        kerbs_m=planned.get(KERBS),
        fitness_trail_m2=planned.get(TRAIL),
        naming_threshold_yuan=scheme,
        chengnan_park_ha=planned.get(CHENGNAN_AREA),
        cisterns=planned.get(CISTERNS),
        cistern_capacity_m3=planned.get(CISTERN_CAPACITY),
        water_saving_km=planned.get(WATER_SAVING),
    )


def _project_ids(projects: Iterable[Project] | QuerySet) -> list[int]:
    if isinstance(projects, QuerySet):
        return list(projects.values_list("pk", flat=True))
    return [project.pk for project in projects]


# --- Checklists (清单化) -------------------------------------------------------------------------------


def project_progress(project: Project) -> Decimal | None:
    """The project's checklist progress (``checklist_progress``); uses prefetched work items when present."""
    return checklist_progress(list(project.work_items.all()))


# --- Funding (资金保障) ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceFigures:
    """Money from one source for one project, in yuan."""

    requested: Decimal = ZERO
    committed: Decimal = ZERO
    spent: Decimal = ZERO


@dataclass(frozen=True)
class FundingSummary:
    """A project's money: budget (None until set), requested, committed (approved), spent (disbursed),
    donations received for it, and the same per source kind (``FundingSourceKind`` value → figures)."""

    budget: Decimal | None
    requested: Decimal
    committed: Decimal
    spent: Decimal
    donated: Decimal
    by_source: dict[str, SourceFigures] = field(default_factory=dict)
    overrides: int = 0

    @property
    def uncommitted_budget(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.committed

    @property
    def spent_share(self) -> Decimal | None:
        """Spent / committed (0–1 and above when overridden), None when nothing is committed."""
        return self.spent / self.committed if self.committed else None


def project_funding_rows(projects: Iterable[Project] | QuerySet) -> dict[int, FundingSummary]:
    """Per project id: budget, committed and spent, in total and per source. Four queries at most."""
    if isinstance(projects, QuerySet):
        budgets = dict(projects.values_list("pk", "budget"))
    else:
        budgets = {project.pk: project.budget for project in projects}
    ids = list(budgets)
    figures: dict[int, dict[str, dict[str, Decimal]]] = {pk: {} for pk in ids}
    approved = Q(status=FundingApplicationStatus.APPROVED)
    applications = (
        FundingApplication.objects.filter(project_id__in=ids)
        .values("project_id", "source_kind")
        .annotate(requested=Sum("requested_amount"), committed=Sum("approved_amount", filter=approved))
        .order_by()
    )
    for row in applications:
        slot = figures[row["project_id"]].setdefault(row["source_kind"], {})
        slot["requested"] = row["requested"] or ZERO
        slot["committed"] = row["committed"] or ZERO
    overrides: dict[int, int] = {}
    disbursed = (
        Disbursement.objects.filter(application__project_id__in=ids)
        .values("application__project_id", "application__source_kind")
        .annotate(spent=Sum("amount"), overrides=Count("pk", filter=~Q(override_reason="")))
        .order_by()
    )
    for row in disbursed:
        project_id = row["application__project_id"]
        figures[project_id].setdefault(row["application__source_kind"], {})["spent"] = row["spent"] or ZERO
        overrides[project_id] = overrides.get(project_id, 0) + row["overrides"]
    donated = dict(
        Donation.objects.filter(project_id__in=ids)
        .values("project_id")
        .annotate(total=Sum("amount"))
        .values_list("project_id", "total")
        .order_by()
    )
    order = [kind.value for kind in FundingSourceKind]
    summaries = {}
    for pk in ids:
        by_source = {
            kind: SourceFigures(
                requested=values.get("requested", ZERO),
                committed=values.get("committed", ZERO),
                spent=values.get("spent", ZERO),
            )
            for kind, values in sorted(figures[pk].items(), key=lambda item: order.index(item[0]))
        }
        summaries[pk] = FundingSummary(
            budget=budgets[pk],
            requested=sum((source.requested for source in by_source.values()), ZERO),
            committed=sum((source.committed for source in by_source.values()), ZERO),
            spent=sum((source.spent for source in by_source.values()), ZERO),
            donated=donated.get(pk) or ZERO,
            by_source=by_source,
            overrides=overrides.get(pk, 0),
        )
    return summaries


# --- Sponge metrics (海绵城市) ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SpongeMetrics:
    """A project's sponge-city figures (see ``projects.sponge`` for the formulas and their standards).

    Ratios are 0–1. ``capture_volume_m3`` is None when no surface areas or no design rainfall are recorded;
    ``meets_paving_target`` is None when the project has no target or no surfaces.
    """

    land_area_m2: Decimal
    paved_area_m2: Decimal
    runoff_coefficient: Decimal | None
    design_rainfall: DesignRainfall | None
    capture_volume_m3: Decimal | None
    hard_paving_ratio: Decimal | None
    hard_paving_target: Decimal | None
    meets_paving_target: bool | None
    cistern_count: int
    cistern_capacity_m3: Decimal
    estimated: bool

    @property
    def land_area_ha(self) -> Decimal:
        return sponge.m2_to_ha(self.land_area_m2)

    @property
    def cisterns_hold_capture_volume(self) -> bool | None:
        """Whether the cisterns alone could hold the design capture volume."""
        if self.capture_volume_m3 is None:
            return None
        return self.cistern_capacity_m3 >= self.capture_volume_m3


def default_design_rainfall() -> DesignRainfall | None:
    return DesignRainfall.objects.filter(is_default=True).first()


def sponge_metrics(project: Project, *, green_space=None) -> SpongeMetrics:
    """The project's (or one of its green spaces') composite φ, design capture volume V = 10·H·φ·F, hard-paving
    ratio against the project's target, and the rainwater cisterns of its green spaces. Three queries.

    H is the project's own design rainfall, or the default one. With ``green_space`` only that space's
    surfaces and cisterns count; otherwise every surface of the project and the cisterns of all its spaces.
    """
    surfaces = SurfaceArea.objects.filter(project=project).select_related("surface")
    if green_space is not None:
        surfaces = surfaces.filter(green_space=green_space)
    surfaces = list(surfaces)
    if project.design_rainfall_id:
        rainfall = DesignRainfall.objects.filter(pk=project.design_rainfall_id).first()
    else:
        rainfall = default_design_rainfall()
    if green_space is not None:
        cisterns = Cistern.objects.filter(green_space=green_space)
    else:
        cisterns = Cistern.objects.filter(green_space__projects=project)
    cistern_figures = cisterns.aggregate(count=Count("pk", distinct=True), capacity=Sum("capacity_m3", default=ZERO))

    land = sum((row.area_m2 for row in surfaces), ZERO)
    paved = sum((row.area_m2 for row in surfaces if row.surface.counts_as_paving), ZERO)
    coefficient = sponge.composite_runoff_coefficient((row.surface.coefficient, row.area_m2) for row in surfaces)
    volume = None
    if coefficient is not None and rainfall is not None:
        volume = sponge.design_capture_volume_m3(
            depth_mm=rainfall.depth_mm, coefficient=coefficient, area_ha=sponge.m2_to_ha(land)
        )
    ratio = sponge.hard_paving_ratio(paved_m2=paved, land_m2=land)
    target = None if project.hard_paving_target is None else project.hard_paving_target / Decimal("100")
    meets = None if target is None or ratio is None else ratio <= target
    estimated = any(row.estimated or row.surface.estimated for row in surfaces) or bool(rainfall and rainfall.estimated)
    return SpongeMetrics(
        land_area_m2=land,
        paved_area_m2=paved,
        runoff_coefficient=coefficient,
        design_rainfall=rainfall,
        capture_volume_m3=volume,
        hard_paving_ratio=ratio,
        hard_paving_target=target,
        meets_paving_target=meets,
        cistern_count=cistern_figures["count"],
        cistern_capacity_m3=cistern_figures["capacity"],
        estimated=estimated,
    )


# --- Special supervisors (特约监督员) ---------------------------------------------------------------------


def inspections_for_supervisor(supervisor: SpecialSupervisor, *, upcoming_only: bool = False) -> QuerySet:
    """The inspections and design reviews a supervisor is invited to, soonest first when upcoming only
    (scheduled today or later and not yet held), otherwise newest first; with project and findings. Three
    queries however many."""
    inspections = (
        ProjectInspection.objects.filter(invited_supervisors=supervisor)
        .select_related("project")
        .prefetch_related("findings", "invited_supervisors")
    )
    if upcoming_only:
        return inspections.filter(scheduled_for__gte=timezone.localdate(), held_on__isnull=True).order_by(
            "scheduled_for", "pk"
        )
    return inspections.order_by("-scheduled_for", "-pk")


def overdue_findings(on: datetime.date | None = None) -> QuerySet:
    """Open findings whose follow-up was due before ``on`` (today by default), longest overdue first."""
    return (
        InspectionFinding.objects.overdue(on)
        .select_related("inspection__project", "supervisor")
        .order_by("due_date", "pk")
    )
