"""Choices of the green estate. Labels are the bureau's own terms (zh-hans in the catalogue)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class GreenSpaceKind(models.TextChoices):
    """Kinds of green space, after GB/T 50563 and CJJ/T 85 categories as the bureau uses them."""

    COMPREHENSIVE_PARK = "comprehensive_park", _("Comprehensive park")
    COMMUNITY_PARK = "community_park", _("Community park")
    POCKET_PARK = "pocket_park", _("Pocket park")
    BOTANICAL_GARDEN = "botanical_garden", _("Botanical garden")
    ROAD_GREEN_BELT = "road_green_belt", _("Road green belt")
    RIVERSIDE_BELT = "riverside_belt", _("Riverside green belt")
    WETLAND = "wetland", _("Wetland park")
    NURSERY_BASE = "nursery_base", _("Nursery base")
    SQUARE = "square", _("Square")
    OTHER = "other", _("Other green space")


class MaintenanceGrade(models.TextChoices):
    """Maintenance quality grade (CJJ/T 287-2018)."""

    ONE = "grade_1", _("Grade 1")
    TWO = "grade_2", _("Grade 2")
    THREE = "grade_3", _("Grade 3")


class OpeningStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PARTLY_OPEN = "partly_open", _("Partly open")
    CLOSED_FOR_WORKS = "closed_for_works", _("Closed for works")
    PLANNED = "planned", _("Planned")


class SpeciesForm(models.TextChoices):
    EVERGREEN_TREE = "evergreen_tree", _("Evergreen tree")
    DECIDUOUS_TREE = "deciduous_tree", _("Deciduous tree")
    SHRUB = "shrub", _("Shrub")
    GROUNDCOVER = "groundcover", _("Groundcover")
    GRASS = "grass", _("Grass")
    VINE = "vine", _("Vine")
    AQUATIC = "aquatic", _("Aquatic plant")


class DroughtTolerance(models.TextChoices):
    VERY_HIGH = "very_high", _("Very high")
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class WaterUseClass(models.TextChoices):
    """WUCOLS water-use class; its species factor ks feeds the irrigation model."""

    HIGH = "H", _("High (H)")
    MODERATE = "M", _("Moderate (M)")
    LOW = "L", _("Low (L)")
    VERY_LOW = "VL", _("Very low (VL)")


class BackboneStatus(models.TextChoices):
    """Whether a species is one of the 20 drought-tolerant backbone species, and on whose word."""

    NONE = "", _("Not a backbone species")
    NAMED = "named", _("Backbone species named in the reply letter")
    PROPOSED = "proposed", _("Backbone species proposed, to be confirmed")


class HeritageTreeGrade(models.TextChoices):
    """古树名木 grades: 一级 ≥500 years or 名木, 二级 300–499, 三级 100–299, 后续资源 50–99."""

    GRADE_1 = "grade_1", _("Grade 1 (500 years or more, or famous tree)")
    GRADE_2 = "grade_2", _("Grade 2 (300–499 years)")
    GRADE_3 = "grade_3", _("Grade 3 (100–299 years)")
    RESERVE = "reserve", _("Reserve resource (50–99 years)")


class AgeMethod(models.TextChoices):
    RECORDS = "records", _("Historical records")
    CORE = "core", _("Increment core or ring count")
    COMPARISON = "comparison", _("Comparison with trees of known age")
    INTERVIEW = "interview", _("Interviews with residents")
    ESTIMATE = "estimate", _("Visual estimate")


class Vigour(models.TextChoices):
    NORMAL = "normal", _("Normal")
    WEAK = "weak", _("Weak")
    ENDANGERED = "endangered", _("Endangered")
    DEAD = "dead", _("Dead")
