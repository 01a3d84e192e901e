"""Choices of the capital projects (重点工程)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProjectKind(models.TextChoices):
    ROAD_GREENING = "road_greening", _("Road-greening upgrade")
    SPONGE_RETROFIT = "sponge_retrofit", _("Sponge-city retrofit")
    NEW_PARK = "new_park", _("New park")
    OTHER = "other", _("Other project")


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    IN_DESIGN = "in_design", _("In design")
    UNDER_CONSTRUCTION = "under_construction", _("Under construction")
    COMPLETED = "completed", _("Completed")
    ACCEPTED = "accepted", _("Accepted")


class WorkUnit(models.TextChoices):
    METRE = "m", _("m")
    SQUARE_METRE = "m2", _("m²")
    CUBIC_METRE = "m3", _("m³")
    KILOMETRE = "km", _("km")
    HECTARE = "ha", _("ha")
    PIECE = "piece", pgettext_lazy("unit", "piece")
    SYSTEM = "system", pgettext_lazy("unit", "system")
    ITEM = "item", pgettext_lazy("unit", "item")
