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


class SurfaceType(models.TextChoices):
    """Kinds of surface with their own runoff coefficient (domain-facts §4; GB 50014 / 海绵城市建设技术指南)."""

    GREEN_ROOF = "green_roof", _("Green roof")
    HARD_ROOF = "hard_roof", _("Hard roof")
    HARD_PAVING = "hard_paving", _("Road or hard paving")
    BLOCK_PAVING = "block_paving", _("Block paving")
    PERMEABLE_PAVING = "permeable_paving", _("Permeable paving")
    GREEN_SPACE = "green_space", _("Green space")
    WATER = "water", _("Water surface")


class FundingSourceKind(models.TextChoices):
    """Where a project's money comes from (资金保障, the letter's §7)."""

    CITY_FINANCE = "city_finance", _("City finance")
    PROVINCIAL_SPECIAL = "provincial_special", _("Provincial special fund")
    CENTRAL_SPECIAL = "central_special", _("Central special fund")
    DONATION = "donation", _("Donations")
    OTHER = "other", _("Other source")


class FundingApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class DonorKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    PERSON = "person", _("Private person")


class NamingRequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    EXPIRED = "expired", _("Expired")


class InspectionKind(models.TextChoices):
    """What special supervisors are invited to (the letter: 重点项目考察和方案论证)."""

    INSPECTION = "inspection", _("Project inspection")
    DESIGN_REVIEW = "design_review", _("Design review")


class FindingStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("finding", "Open")
    DONE = "done", pgettext_lazy("finding", "Done")
