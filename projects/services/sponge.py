"""Writes of the sponge-city data: a project's surface areas by type."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from greenspaces.models import GreenSpace
from projects.models import Project, RunoffCoefficient, SurfaceArea


@transaction.atomic
def surface_area_set(
    *,
    project: Project,
    surface: RunoffCoefficient,
    area_m2: Decimal,
    green_space: GreenSpace | None = None,
    estimated: bool = False,
    note: str = "",
    actor=None,
) -> SurfaceArea:
    """Set how much of a project's land (or of one of its green spaces) is of one surface type."""
    row = (
        SurfaceArea.objects.select_for_update()
        .filter(project=project, surface=surface, green_space=green_space)
        .first()
    ) or SurfaceArea(project=project, surface=surface, green_space=green_space)
    row.area_m2 = area_m2
    row.estimated = estimated
    row.note = note
    row.full_clean()
    row._history_user = actor
    row.save()
    return row
