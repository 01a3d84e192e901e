"""Reads of the green estate shared by pages, admin, tasks and reports."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from greenspaces.models import Cistern, District, GreenSpace, GreenSpaceNaming, HeritageTree, Species


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


def _namings_in_force(on: datetime.date) -> Prefetch:
    return Prefetch("namings", queryset=GreenSpaceNaming.objects.in_force(on), to_attr="namings_in_force")


def current_naming(green_space: GreenSpace, *, on: datetime.date | None = None) -> GreenSpaceNaming | None:
    """The name the space carries on ``on`` (today by default), or None; uses the public pages' prefetch."""
    on = on or timezone.localdate()
    prefetched = getattr(green_space, "namings_in_force", None)
    if prefetched is not None:
        return prefetched[0] if prefetched else None
    return GreenSpaceNaming.objects.in_force(on).filter(green_space=green_space).order_by("-valid_from").first()


def parks_for_public(*, query: str = "", district_code: str = "", on: datetime.date | None = None) -> QuerySet:
    """Green spaces for the public list: by name, optionally in one district, with cistern and heritage-tree
    counts and the naming in force on ``on``; two queries however many spaces there are."""
    on = on or timezone.localdate()
    spaces = GreenSpace.objects.select_related("district").with_features().prefetch_related(_namings_in_force(on))
    if query.strip():
        named = GreenSpaceNaming.objects.in_force(on).filter(name__icontains=query.strip()).values("green_space")
        spaces = spaces.filter(Q(name__icontains=query.strip()) | Q(pk__in=named))
    if district_code:
        spaces = spaces.filter(district__code=district_code)
    return spaces.order_by("district__sort_order", "name")


def park_for_public(code: str, *, on: datetime.date | None = None) -> GreenSpace:
    """One green space for its public page, with cisterns, heritage-tree count, the naming in force on ``on``
    and the key projects on it (the reverse relation ``projects``; greenspaces imports nothing of projects)."""
    on = on or timezone.localdate()
    return (
        GreenSpace.objects.select_related("district")
        .with_features()
        .prefetch_related("cisterns", "projects", _namings_in_force(on))
        .get(code=code)
    )
