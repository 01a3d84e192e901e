"""Forms of the plans app: the public comment form and the staff forms the admin uses.

Forms only collect input; the rules live in ``plans.services`` (comments, consultations,
meetings) and ``plans.documents`` (uploads), so a page and the admin refuse the same things with
the same message.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.forms.models import construct_instance
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans import services
from plans.documents import inspect_plan_document
from plans.models import COMMENT_MAX_CHARS, NAME_MAX_CHARS, Consultation, PlanDocument

HONEYPOT = "website"


class CommentForm(forms.Form):
    """A comment from the public. Nothing is required here: ``comment_submit`` says what is missing.

    ``website`` is a honeypot: hidden from people (off screen, out of the tab order, hidden from
    screen readers and labelled "leave this field empty"), filled in by form-filling robots.
    """

    body = forms.CharField(
        label=_("Your comment"),
        required=False,
        strip=False,
        help_text=_("Up to 2,000 characters."),
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": COMMENT_MAX_CHARS}),
    )
    name = forms.CharField(
        label=_("Name (optional)"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": NAME_MAX_CHARS, "autocomplete": "name"}),
    )
    mobile = forms.CharField(
        label=_("Mobile number (optional)"),
        required=False,
        help_text=_("Only staff see it, in case they need to ask you about your comment."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel", "maxlength": 20}),
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def is_robot(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())


class PlanDocumentForm(forms.ModelForm):
    """Admin form of a plan document: the upload is checked by ``inspect_plan_document``, kind and size set from it."""

    class Meta:
        model = PlanDocument
        fields = ["title", "file", "notes"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            info = inspect_plan_document(upload)
            self.instance.kind, self.instance.size, self.instance.original_name = info.kind, info.size, info.name[:200]
        return upload


class ConsultationOpenForm(forms.ModelForm):
    """Opening a consultation in the admin: checked by the service's own rule before ``consultation_open`` runs."""

    class Meta:
        model = Consultation
        fields = ["version", "starts_at", "ends_at", "notice", "notes"]

    def clean(self):
        cleaned = super().clean()
        version, starts_at, ends_at = cleaned.get("version"), cleaned.get("starts_at"), cleaned.get("ends_at")
        if version and starts_at and ends_at:
            try:
                services.consultation_check(version=version, starts_at=starts_at, ends_at=ends_at)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned

    def _post_clean(self) -> None:
        # The model's own checks run in the service; here they would report the same errors twice.
        self.instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("reply"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Published under the comment on the public page; the comment is published with it."),
    )


class ExtendForm(forms.Form):
    ends_at = forms.DateTimeField(label=_("new closing time"), help_text=_("For example 2026-12-31 18:00."))


class CompleteForm(forms.Form):
    on = forms.DateField(label=_("done on"), initial=timezone.localdate)
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
