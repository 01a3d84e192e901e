"""Versions of a plan's text (征求意见稿, 送审稿, 批复稿) and the documents that make them up."""

from __future__ import annotations

import os

from django.conf import settings
from django.db import models
from django.db.models import Max, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.choices import PlanDocumentKind, PlanVersionLabel
from plans.documents import STORED_EXTENSION, plan_document_upload_to, validate_plan_document
from plans.models.registry import Plan


class PlanVersion(models.Model):
    """One version of a plan's text, numbered 1, 2, 3 … per plan; consultations are opened on a version."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version number"))
    label = models.CharField(_("stage"), max_length=20, choices=PlanVersionLabel.choices)
    date = models.DateField(_("date of the version"))
    summary = models.TextField(_("summary"), blank=True, help_text=_("What this version changes, in a few lines."))
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="planversion_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="planversion_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.get_label_display()} (v{self.number})"

    @staticmethod
    def next_number(plan: Plan) -> int:
        """The number the plan's next version gets: one more than the highest so far."""
        highest = PlanVersion.objects.filter(plan=plan).aggregate(highest=Max("number"))["highest"]
        return (highest or 0) + 1


class PlanDocument(models.Model):
    """A file of a plan version: the text (PDF, DOCX) or a map or drawing (PNG, JPEG).

    Kind and size are taken from the file by ``plans.documents.inspect_plan_document`` when it is
    uploaded; the stored name is random and the uploader's name is kept for downloads.
    """

    version = models.ForeignKey(
        PlanVersion, verbose_name=_("plan version"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        upload_to=plan_document_upload_to,
        max_length=200,
        validators=[validate_plan_document],
        help_text=_("PDF, Word (DOCX), PNG or JPEG."),
    )
    original_name = models.CharField(_("original file name"), max_length=200, blank=True)
    kind = models.CharField(_("file type"), max_length=10, choices=PlanDocumentKind.choices)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan document")
        verbose_name_plural = _("plan documents")
        ordering = ["version", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def download_name(self) -> str:
        """The name the file downloads as: the uploader's, or the title with the kind's extension."""
        if self.original_name:
            return self.original_name
        extension = STORED_EXTENSION.get(self.kind) or os.path.splitext(self.file.name)[1].lstrip(".")
        return f"{self.title}.{extension}"

    @property
    def size_label(self) -> str:
        """The size as people read it: 820 KB, 3.4 MB."""
        if self.size >= 1024 * 1024:
            return f"{self.size / (1024 * 1024):.1f} MB"
        return f"{max(1, round(self.size / 1024))} KB"
