"""Choices of the citizen-steward programme. Labels are the bureau's own terms (zh-hans in the catalogue)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not approved")


class Availability(models.TextChoices):
    """When an applicant can usually walk their green spaces."""

    WEEKDAY_MORNINGS = "weekday_mornings", _("Weekday mornings")
    WEEKDAY_EVENINGS = "weekday_evenings", _("Weekday evenings")
    WEEKENDS = "weekends", _("Weekends")
    ANY_TIME = "any_time", _("Any time")


class StewardStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("steward", "Active")
    SUSPENDED = "suspended", pgettext_lazy("steward", "Suspended")


class CodePurpose(models.TextChoices):
    SET_PASSWORD = "set_password", _("Set a password")


class Rating(models.IntegerChoices):
    """A checklist item's score: 5 very good … 1 very poor (N/A is an empty rating)."""

    VERY_GOOD = 5, _("Very good")
    GOOD = 4, _("Good")
    FAIR = 3, _("Fair")
    POOR = 2, _("Poor")
    VERY_POOR = 1, _("Very poor")


class ProblemVerdict(models.TextChoices):
    """What the steward says after the contractor reports the work done."""

    CONFIRMED = "confirmed", _("Confirmed fixed")
    REOPENED = "reopened", _("Reopened: not fixed")


class SuggestionStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a reply")
    REPLIED = "replied", _("Replied")


class EnrolmentStatus(models.TextChoices):
    BOOKED = "booked", _("Place booked")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", pgettext_lazy("enrolment", "Cancelled")
    ATTENDED = "attended", _("Attended")
    ABSENT = "absent", _("Absent")


# Enrolments that hold or wait for a place.
LIVE_ENROLMENT_STATUSES = (EnrolmentStatus.BOOKED, EnrolmentStatus.WAITING)
