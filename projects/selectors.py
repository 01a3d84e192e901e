"""Reads of the capital projects shared by pages and reports."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q

from projects.choices import ProjectKind
from projects.models import DonationScheme, Project, WorkItem


@dataclass(frozen=True)
class ProjectFigures:
    """The letter's project commitments as the data holds them now."""

    projects: int
    sponge_retrofits: int
    new_parks: int
    kerbs_m: Decimal | None
    fitness_trail_m2: Decimal | None
    naming_threshold_yuan: Decimal | None


KERBS = "混凝土路缘石改造为双层定制石质缘石"
TRAIL = "新增彩色透水混凝土健身步道"


def project_figures() -> ProjectFigures:
    """Headline figures of the key projects, in a handful of queries."""
    counts = Project.objects.aggregate(
        total=Count("pk"),
        sponge=Count("pk", filter=Q(kind=ProjectKind.SPONGE_RETROFIT, programme__contains="海绵城市")),
        parks=Count("pk", filter=Q(kind=ProjectKind.NEW_PARK)),
    )
    scheme = DonationScheme.objects.values_list("naming_threshold", flat=True).first()
    planned = dict(WorkItem.objects.filter(name__in=[KERBS, TRAIL]).values_list("name", "planned_quantity"))
    return ProjectFigures(
        projects=counts["total"],
        sponge_retrofits=counts["sponge"],
        new_parks=counts["parks"],
        kerbs_m=planned.get(KERBS),
        fitness_trail_m2=planned.get(TRAIL),
        naming_threshold_yuan=scheme,
    )
