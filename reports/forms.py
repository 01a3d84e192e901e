"""The report's query: which day, and which format."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

HTML, XLSX = "html", "xlsx"


class ReportQueryForm(forms.Form):
    as_of = forms.DateField(
        label=_("as of"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter the date as YYYY-MM-DD, for example 2026-06-30.")},
    )
    format = forms.ChoiceField(
        label=_("format"),
        required=False,
        choices=[(HTML, _("page")), (XLSX, "XLSX")],
        error_messages={"invalid_choice": _("The format must be html or xlsx.")},
    )

    def clean_as_of(self) -> datetime.date:
        today = timezone.localdate()
        as_of = self.cleaned_data["as_of"] or today
        if as_of > today:
            raise forms.ValidationError(_("The report cannot show a day that has not yet come."), code="future")
        return as_of

    def clean_format(self) -> str:
        return self.cleaned_data["format"] or HTML
