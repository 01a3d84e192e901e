"""Reads of the green estate shared by pages, admin, tasks and reports."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from greenspaces.models import Cistern, District, GreenSpace, HeritageTree, Species


@dataclass(frozen=True)
class EstateSummary:
    districts: int
    green_spaces: int
    total_area_m2: Decimal
    cistern_capacity_m3: Decimal
    cisterns: int
    species: int
    backbone_species: int
    heritage_trees: int

    @property
    def total_area_ha(self) -> Decimal:
        return self.total_area_m2 / Decimal("10000")


def estate_summary() -> EstateSummary:
    """Headline figures of the estate, in four queries."""
    spaces = GreenSpace.objects.aggregate(count=Count("id"), area=Sum("total_area_m2", default=Decimal("0")))
    cisterns = Cistern.objects.aggregate(count=Count("id"), capacity=Sum("capacity_m3", default=Decimal("0")))
    species = Species.objects.aggregate(count=Count("id"), backbone=Count("id", filter=~Q(backbone="")))
    return EstateSummary(
        districts=District.objects.count(),
        green_spaces=spaces["count"],
        total_area_m2=spaces["area"],
        cistern_capacity_m3=cisterns["capacity"],
        cisterns=cisterns["count"],
        species=species["count"],
        backbone_species=species["backbone"],
        heritage_trees=HeritageTree.objects.count(),
    )


def heritage_trees_patrol_overdue(*, today: datetime.date) -> list[HeritageTree]:
    """Trees whose patrol is overdue on ``today``, most urgent (longest overdue) first."""
    trees = list(
        HeritageTree.objects.with_last_patrol()
        .patrol_overdue(today)
        .select_related("species", "district", "green_space")
    )
    return sorted(trees, key=lambda tree: (tree.next_patrol_due(), tree.registry_code))
