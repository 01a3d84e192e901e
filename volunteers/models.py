"""Citizen park stewards (市民园长): applications, accounts, inspections, suggestions and training.

The letter recruits citizens as 市民园长 with the right to supervise maintenance quality (监督养护质量)
and to suggest landscape design (景观设计建议), trained regularly by experts (培训体系).
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from greening.lib.validators import validate_mainland_mobile
from greenspaces.choices import GreenSpaceKind
from greenspaces.models import GreenSpace
from volunteers.choices import (
    ApplicationStatus,
    Availability,
    CodePurpose,
    EnrolmentStatus,
    ProblemVerdict,
    Rating,
    StewardStatus,
    SuggestionStatus,
)

LATITUDE = {"max_digits": 9, "decimal_places": 6, "validators": [MinValueValidator(-90), MaxValueValidator(90)]}
LONGITUDE = {"max_digits": 9, "decimal_places": 6, "validators": [MinValueValidator(-180), MaxValueValidator(180)]}
MAX_PHOTOS = 6


def _photo_name(folder: str) -> str:
    return f"stewards/{folder}/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.jpg"


def inspection_photo_path(instance, filename: str) -> str:
    return _photo_name("inspections")


def suggestion_photo_path(instance, filename: str) -> str:
    return _photo_name("suggestions")


def _location_pair_constraint(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(latitude__isnull=True, longitude__isnull=True) | Q(latitude__isnull=False, longitude__isnull=False),
        name=f"{prefix}_location_both_or_neither",
    )


# --- Applications and accounts ----------------------------------------------------------------


class StewardApplication(models.Model):
    """A citizen's application to become a 市民园长; staff approve or reject it with a reason."""

    token = models.UUIDField(_("status page key"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=50)
    mobile = models.CharField(_("mobile number"), max_length=11, validators=[validate_mainland_mobile])
    preferred_green_spaces = models.ManyToManyField(
        GreenSpace, verbose_name=_("preferred green spaces"), related_name="steward_applications"
    )
    availability = models.CharField(_("availability"), max_length=20, choices=Availability.choices)
    motivation = models.TextField(_("why you want to be a steward"))
    consent = models.BooleanField(_("agreed to the programme rules"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.PENDING
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    steward = models.ForeignKey(
        "Steward",
        verbose_name=_("steward account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
    )
    created_at = models.DateTimeField(_("applied at"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("steward application")
        verbose_name_plural = _("steward applications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(consent=True), name="stewardapplication_consent_given"),
            models.UniqueConstraint(
                fields=["mobile"],
                condition=Q(status="pending"),
                name="stewardapplication_one_pending_per_mobile",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""),
                name="stewardapplication_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.mobile}）"

    def clean(self) -> None:
        super().clean()
        if not self.consent:
            raise ValidationError({"consent": _("You must agree to the programme rules to apply.")})


class Steward(models.Model):
    """A citizen park steward: a user whose username is the mobile number, with assigned green spaces."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user account"), on_delete=models.PROTECT, related_name="steward"
    )
    name = models.CharField(_("name"), max_length=50)
    mobile = models.CharField(_("mobile number"), max_length=11, unique=True, validators=[validate_mainland_mobile])
    status = models.CharField(_("status"), max_length=10, choices=StewardStatus.choices, default=StewardStatus.ACTIVE)
    green_spaces = models.ManyToManyField(
        GreenSpace, verbose_name=_("assigned green spaces"), related_name="stewards", blank=True
    )
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now, editable=False)
    notes = models.TextField(_("staff notes"), blank=True)

    history = HistoricalRecords(m2m_fields=[green_spaces])

    class Meta:
        verbose_name = _("citizen park steward")
        verbose_name_plural = _("citizen park stewards")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.mobile}）"

    @property
    def is_active(self) -> bool:
        return self.status == StewardStatus.ACTIVE


class OneTimeCode(models.Model):
    """A 6-digit code sent by SMS to set a password; stored hashed, short-lived, single use."""

    mobile = models.CharField(_("mobile number"), max_length=11, db_index=True)
    purpose = models.CharField(_("purpose"), max_length=20, choices=CodePurpose.choices)
    code_hash = models.CharField(_("code (hashed)"), max_length=128)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("wrong attempts"), default=0)

    # The hash stays out of the audit history: history rows are readable by more people.
    history = HistoricalRecords(excluded_fields=["code_hash"])

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.mobile} · {self.created_at:%Y-%m-%d %H:%M}"


# --- Inspections (监督养护质量) ------------------------------------------------------------------


class ChecklistItem(models.Model):
    """One thing a steward scores on an inspection (cleanliness, lawn, trees…), per green-space kind."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=80)
    guidance_zh = models.CharField(_("what to look at (Chinese)"), max_length=200, blank=True)
    guidance_en = models.CharField(_("what to look at (English)"), max_length=300, blank=True)
    kinds = models.JSONField(
        _("green-space kinds"),
        default=list,
        blank=True,
        help_text=_("The kinds of green space this item applies to; empty means every kind."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if not isinstance(self.kinds, list) or any(kind not in GreenSpaceKind.values for kind in self.kinds):
            raise ValidationError({"kinds": _('List green-space kinds by their codes, e.g. ["comprehensive_park"].')})

    @property
    def name(self) -> str:
        return self.name_en if translation.get_language() == "en" and self.name_en else self.name_zh

    @property
    def guidance(self) -> str:
        return self.guidance_en if translation.get_language() == "en" and self.guidance_en else self.guidance_zh

    def applies_to(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds


class Inspection(models.Model):
    """A steward's inspection of one of their green spaces: a scored checklist, problems and photos.

    ``submission_id`` is made by the form before it is sent: a resend or a double tap carries the
    same id and finds the report already saved, so it is never duplicated.
    """

    submission_id = models.UUIDField(_("submission key"), unique=True, editable=False)
    steward = models.ForeignKey(
        Steward, verbose_name=_("steward"), on_delete=models.PROTECT, related_name="inspections"
    )
    green_space = models.ForeignKey(
        GreenSpace, verbose_name=_("green space"), on_delete=models.PROTECT, related_name="steward_inspections"
    )
    contractor = models.ForeignKey(
        "maintenance.Contractor",
        verbose_name=_("contractor at the time"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="steward_inspections",
        help_text=_("The contractor whose active contract covered the green space when it was inspected."),
    )
    score = models.DecimalField(
        _("score"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Mean of the rated items, 1 (very poor) to 5 (very good); items marked N/A are left out."),
    )
    note = models.TextField(_("general remarks"), blank=True)
    latitude = models.DecimalField(_("latitude"), null=True, blank=True, **LATITUDE)
    longitude = models.DecimalField(_("longitude"), null=True, blank=True, **LONGITUDE)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            _location_pair_constraint("inspection"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5), name="inspection_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.green_space} · {timezone.localtime(self.submitted_at):%Y-%m-%d %H:%M} · {self.steward.name}"


class InspectionItem(models.Model):
    """The score of one checklist item on an inspection, and the problem the steward saw there, if any.

    A problem may become a maintenance order (``order``); after the contractor completes it the
    steward confirms it fixed or reopens it (``verdict``, each verdict also a ``ProblemReview`` row).
    """

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="items"
    )
    checklist_item = models.ForeignKey(
        ChecklistItem, verbose_name=_("checklist item"), on_delete=models.PROTECT, related_name="+"
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), choices=Rating.choices, null=True, blank=True, help_text=_("Empty: not applicable.")
    )
    problem = models.TextField(_("problem seen"), blank=True)
    order = models.ForeignKey(
        "maintenance.MaintenanceOrder",
        verbose_name=_("maintenance order"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="steward_problems",
    )
    verdict = models.CharField(_("steward's verdict"), max_length=10, choices=ProblemVerdict.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection item")
        verbose_name_plural = _("inspection items")
        ordering = ["inspection", "checklist_item__sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "checklist_item"], name="inspectionitem_unique_per_item"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="inspectionitem_rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.checklist_item} · {self.get_rating_display() or 'N/A'}"

    @property
    def is_problem(self) -> bool:
        return bool(self.problem.strip())


class InspectionPhoto(models.Model):
    """A photo of an inspection, re-encoded; without EXIF/GPS unless the steward shared the location."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("photo"), upload_to=inspection_photo_path)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection photo")
        verbose_name_plural = _("inspection photos")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.image.name


class ProblemReview(models.Model):
    """A steward's verdict on the work done for a problem: confirmed fixed, or reopened with a reason."""

    item = models.ForeignKey(
        InspectionItem, verbose_name=_("problem"), on_delete=models.CASCADE, related_name="reviews"
    )
    order = models.ForeignKey(
        "maintenance.MaintenanceOrder",
        verbose_name=_("maintenance order"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="steward_reviews",
    )
    verdict = models.CharField(_("verdict"), max_length=10, choices=ProblemVerdict.choices)
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("steward's verdict on a problem")
        verbose_name_plural = _("stewards' verdicts on problems")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(verdict="reopened") | ~Q(note=""), name="problemreview_reopen_has_reason"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} · {self.get_verdict_display()}"


# --- Suggestions (景观设计建议) ----------------------------------------------------------------


class Suggestion(models.Model):
    """A steward's landscape-design suggestion, answered by staff."""

    submission_id = models.UUIDField(_("submission key"), unique=True, editable=False)
    steward = models.ForeignKey(
        Steward, verbose_name=_("steward"), on_delete=models.PROTECT, related_name="suggestions"
    )
    green_space = models.ForeignKey(
        GreenSpace,
        verbose_name=_("green space"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="steward_suggestions",
    )
    title = models.CharField(_("title"), max_length=100)
    text = models.TextField(_("suggestion"))
    latitude = models.DecimalField(_("latitude"), null=True, blank=True, **LATITUDE)
    longitude = models.DecimalField(_("longitude"), null=True, blank=True, **LONGITUDE)
    status = models.CharField(
        _("status"), max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.OPEN
    )
    reply = models.TextField(_("staff reply"), blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("replied by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("landscape-design suggestion")
        verbose_name_plural = _("landscape-design suggestions")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            _location_pair_constraint("suggestion"),
            models.CheckConstraint(condition=~Q(status="replied") | ~Q(reply=""), name="suggestion_replied_has_reply"),
        ]

    def __str__(self) -> str:
        return self.title


class SuggestionPhoto(models.Model):
    """A photo attached to a suggestion (re-encoded, EXIF stripped unless the location is shared)."""

    suggestion = models.ForeignKey(
        Suggestion, verbose_name=_("suggestion"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("photo"), upload_to=suggestion_photo_path)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("suggestion photo")
        verbose_name_plural = _("suggestion photos")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.image.name


# --- Training (培训体系) ----------------------------------------------------------------------


class TrainingSession(models.Model):
    """A training session by an expert (plant care, facility maintenance, hands-on), with a capacity."""

    topic = models.CharField(_("topic"), max_length=100)
    trainer = models.CharField(_("trainer"), max_length=100)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200)
    capacity = models.PositiveSmallIntegerField(_("places"), validators=[MinValueValidator(1)])
    is_induction = models.BooleanField(
        _("induction"), default=False, help_text=_("Attending an induction session gives the right to inspect.")
    )
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="trainingsession_capacity_positive"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="trainingsession_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} · {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The session must end after it starts.")})

    @property
    def duration(self) -> datetime.timedelta:
        return self.ends_at - self.starts_at


class TrainingEnrolment(models.Model):
    """A steward's place (or place in the queue) on a session. Written only by the training services."""

    session = models.ForeignKey(
        TrainingSession, verbose_name=_("training session"), on_delete=models.CASCADE, related_name="enrolments"
    )
    steward = models.ForeignKey(Steward, verbose_name=_("steward"), on_delete=models.CASCADE, related_name="enrolments")
    status = models.CharField(_("status"), max_length=10, choices=EnrolmentStatus.choices)
    queued_at = models.DateTimeField(_("signed up at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training enrolment")
        verbose_name_plural = _("training enrolments")
        ordering = ["session", "queued_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "steward"], name="trainingenrolment_once_per_session"),
        ]

    def __str__(self) -> str:
        return f"{self.steward.name} · {self.session} · {self.get_status_display()}"
