"""Coordination meetings (碰头机制) with the related units, and the action items they agree.

The letter promises regular meetings with the units concerned so the greening plans fit the
territorial master plan and the sponge-city plan (多规融合). Each meeting records who came, the
minutes and decisions, and action items with a named owner (责任化) and a due date (节点化).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.choices import ActionItemStatus
from plans.models.registry import Plan


class CoordinationMeeting(models.Model):
    """A coordination meeting (碰头会) on the greening plans, with its minutes and decisions."""

    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    convened_by = models.CharField(_("convened by"), max_length=100)
    units_attending = models.TextField(_("units attending"), help_text=_("One unit per line."))
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    plans = models.ManyToManyField(Plan, verbose_name=_("plans discussed"), blank=True, related_name="meetings")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(m2m_fields=[plans])

    class Meta:
        verbose_name = _("coordination meeting")
        verbose_name_plural = _("coordination meetings")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"

    @property
    def units(self) -> list[str]:
        """The units attending, one per line, blanks dropped."""
        return [line.strip() for line in self.units_attending.splitlines() if line.strip()]


class ActionItem(models.Model):
    """Something a meeting asked a unit to do by a date; completed or dropped only through the services."""

    meeting = models.ForeignKey(
        CoordinationMeeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="action_items"
    )
    text = models.TextField(_("action"))
    owner_unit = models.CharField(_("responsible unit"), max_length=100)
    owner_person = models.CharField(_("person responsible"), max_length=50, blank=True)
    due_date = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActionItemStatus.choices, default=ActionItemStatus.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_date"], name="actionitem_status_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ActionItemStatus.DONE, done_on__isnull=False)
                | (~Q(status=ActionItemStatus.DONE) & Q(done_on__isnull=True)),
                name="actionitem_done_on_iff_done",
            ),
        ]

    def __str__(self) -> str:
        text = " ".join(self.text.split())
        return text if len(text) <= 50 else f"{text[:50]}…"

    def clean(self) -> None:
        super().clean()
        try:
            meeting_date = self.meeting.date  # also a meeting not saved yet (``meeting_record`` checks first)
        except ObjectDoesNotExist:
            meeting_date = None
        if self.due_date and meeting_date and self.due_date < meeting_date:
            raise ValidationError({"due_date": _("An action cannot be due before the meeting that agreed it.")})

    def is_overdue_on(self, today: datetime.date) -> bool:
        return self.status == ActionItemStatus.OPEN and self.due_date < today

    @property
    def is_overdue(self) -> bool:
        """Open and past its due date (today in Yangquan)."""
        return self.is_overdue_on(timezone.localdate())
