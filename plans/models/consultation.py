"""Public consultation (公示征求意见): a window on a plan version, and the public's comments on it."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from greening.lib.validators import validate_mainland_mobile
from plans.choices import CommentStatus
from plans.models.documents import PlanVersion

COMMENT_MAX_CHARS = 2000
NAME_MAX_CHARS = 50


class Consultation(models.Model):
    """A window in which the public may comment on a plan version; opened only by ``consultation_open``.

    Open from ``starts_at`` to ``ends_at`` inclusive. Closing early moves ``ends_at`` to the moment
    of closing (and records who closed it), so the window always says when comments were taken.
    """

    version = models.ForeignKey(
        PlanVersion, verbose_name=_("plan version"), on_delete=models.PROTECT, related_name="consultations"
    )
    starts_at = models.DateTimeField(_("opens at"))
    ends_at = models.DateTimeField(_("closes at"))
    notice = models.TextField(
        _("notice to the public"), help_text=_("Shown on the public page: what is asked, and how comments are used.")
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened on"), default=timezone.now)
    closed_early_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed early by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_early_at = models.DateTimeField(_("closed early on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("public consultation")
        verbose_name_plural = _("public consultations")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="consultation_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.version.plan} · {self.version.get_label_display()}"

    def clean(self) -> None:
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The consultation must close after it opens.")})

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.starts_at <= now <= self.ends_at

    def has_started(self, now: datetime.datetime | None = None) -> bool:
        return self.starts_at <= (now or timezone.now())

    def has_ended(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) > self.ends_at

    @property
    def plan(self):
        return self.version.plan


class ConsultationComment(models.Model):
    """A comment from the public on a consultation; shown publicly only once published by staff.

    ``client_key`` is a keyed hash of the sender's IP address (for rate limits and for spotting a
    flood); the address itself is never stored. Written only by ``comment_submit`` and the
    moderation services, which record who moderated or replied, and when.
    """

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="comments"
    )
    body = models.TextField(_("comment"), max_length=COMMENT_MAX_CHARS)
    name = models.CharField(_("name"), max_length=NAME_MAX_CHARS, blank=True)
    mobile = models.CharField(_("mobile number"), max_length=11, blank=True, validators=[validate_mainland_mobile])
    client_key = models.CharField(_("sender key"), max_length=64, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING)
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("moderated on"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    reply = models.TextField(_("reply"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("replied by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    replied_at = models.DateTimeField(_("replied on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consultation comment")
        verbose_name_plural = _("consultation comments")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["consultation", "status", "created_at"], name="comment_public_list")]
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="comment_body_given"),
            models.CheckConstraint(
                condition=~Q(status=CommentStatus.REJECTED) | ~Q(rejection_reason=""),
                name="comment_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        text = " ".join(self.body.split())
        return text if len(text) <= 40 else f"{text[:40]}…"
