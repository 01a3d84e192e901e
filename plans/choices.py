"""Choices of the plans registry and its indicators. Labels are the bureau's own terms (zh-hans in the catalogue)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PlanKind(models.TextChoices):
    """Kinds of plan the reply letter names (专项规划, 五年行动计划, 五年规划, 总体规划)."""

    SPECIAL = "special", _("Special plan")
    FIVE_YEAR_ACTION = "five_year_action", _("Five-year action plan")
    FIVE_YEAR = "five_year", _("Five-year landscaping plan")
    MASTER = "master", _("Master plan")


class PlanStatus(models.TextChoices):
    """Where a plan is in its life; changed only through ``plans.services.plan_change_status``."""

    DRAFTING = "drafting", _("Drafting")
    PUBLIC_CONSULTATION = "public_consultation", _("Public notice and comment")
    APPROVED = "approved", _("Approved")
    IN_FORCE = "in_force", _("In force")
    SUPERSEDED = "superseded", _("Superseded")
    EXPIRED = "expired", _("Expired")


class PlanRelationKind(models.TextChoices):
    """How one plan stands to another (多规融合: greening plans align with the master plan)."""

    ALIGNS_WITH = "aligns_with", _("Aligns with")
    SUPERSEDES = "supersedes", _("Supersedes")


class IndicatorDirection(models.TextChoices):
    """Which side of the target is good.

    "At most" and "at least" are limits from a standard or the letter; "higher/lower is better" are aims.
    Both pairs judge a value against the target the same way (≥ or ≤).
    """

    HIGHER_IS_BETTER = "higher", _("Higher is better")
    LOWER_IS_BETTER = "lower", _("Lower is better")
    AT_MOST = "at_most", _("At most")
    AT_LEAST = "at_least", _("At least")


class IndicatorTargetKind(models.TextChoices):
    """An absolute target, or a change relative to the baseline in per cent (the letter's "+30 %")."""

    ABSOLUTE = "absolute", _("Absolute value")
    RELATIVE_PERCENT = "relative_percent", _("Change on the baseline (%)")


class IndicatorStatus(models.TextChoices):
    """Progress of an indicator towards its target; the rule is ``plans.models.indicator_status``."""

    NO_DATA = "no_data", _("No data")
    MET = "met", _("Met")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    MISSED = "missed", _("Missed")


class PlanVersionLabel(models.TextChoices):
    """The stages a plan's text goes through (征求意见稿 → 送审稿 → 批复稿)."""

    CONSULTATION_DRAFT = "consultation_draft", _("Draft for public comment")
    REVIEW_DRAFT = "review_draft", _("Draft for review")
    APPROVED_TEXT = "approved_text", _("Approved text")
    OTHER = "other", _("Other version")


class PlanDocumentKind(models.TextChoices):
    """The file types a plan document may be; decided from the file's content, never from its name."""

    PDF = "pdf", "PDF"
    DOCX = "docx", "Word (DOCX)"
    PNG = "png", "PNG"
    JPEG = "jpeg", "JPEG"


class CommentStatus(models.TextChoices):
    """Where a public comment is in moderation; only published comments appear on the public page."""

    PENDING = "pending", _("Awaiting moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Not published")


class ActionItemStatus(models.TextChoices):
    """An action item agreed at a coordination meeting (碰头会): open until done or dropped."""

    OPEN = "open", pgettext_lazy("action item", "Open")
    DONE = "done", pgettext_lazy("action item", "Done")
    DROPPED = "dropped", pgettext_lazy("action item", "Dropped")
