"""Forms of the steward pages: phone first, every field labelled, errors in the steward's language."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from greening.lib.forms import MultiplePhotoField
from greening.lib.validators import validate_mainland_mobile
from greenspaces.models import GreenSpace
from volunteers.choices import Availability, ProblemVerdict, Rating
from volunteers.models import LATITUDE, LONGITUDE, MAX_PHOTOS, ChecklistItem, Steward

NOT_YOURS = _("This green space is not one of yours.")
NOT_APPLICABLE = ""


def mobile_field(**kwargs) -> forms.CharField:
    return forms.CharField(
        label=_("Mobile number"),
        max_length=11,
        min_length=1,
        validators=[validate_mainland_mobile],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel", "pattern": "[0-9]*"}),
        **kwargs,
    )


class GreenSpaceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: GreenSpace) -> str:
        return f"{obj.name}（{obj.district.name}）"


class ApplicationForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=50, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    mobile = mobile_field(help_text=_("Your sign-in name; codes to set the password are texted to it."))
    green_spaces = GreenSpaceChoiceField(
        label=_("Green spaces you would look after"),
        queryset=GreenSpace.objects.select_related("district").order_by("district__sort_order", "name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one green space you would look after.")},
    )
    availability = forms.ChoiceField(
        label=_("When you are usually free"), choices=Availability.choices, widget=forms.RadioSelect
    )
    motivation = forms.CharField(
        label=_("Why you want to be a steward"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    consent = forms.BooleanField(
        label=_("I have read the programme rules above and agree to them."),
        error_messages={"required": _("You must agree to the programme rules to apply.")},
    )


class SignInForm(AuthenticationForm):
    """Mobile number and password. Repeated failures are counted by django-axes per (number, IP)."""

    username = forms.CharField(
        label=_("Mobile number"),
        max_length=150,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "username", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _("The mobile number or the password is wrong."),
        "inactive": _("This account is switched off. Ask the bureau's greening section."),
    }


class CodeRequestForm(forms.Form):
    mobile = mobile_field()


class PasswordSetForm(forms.Form):
    mobile = mobile_field()
    code = forms.RegexField(
        label=_("Code from the text message"),
        regex=r"^\d{6}$",
        error_messages={"invalid": _("The code has 6 digits.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}),
    )
    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits, not a common password."),
    )
    new_password2 = forms.CharField(
        label=_("New password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        if data.get("new_password1") and data.get("new_password1") != data.get("new_password2"):
            self.add_error("new_password2", _("The two passwords differ."))
        return data


class LocationFields(forms.Form):
    """Where the steward was: filled by the browser with permission, kept only when shared."""

    share_location = forms.BooleanField(
        label=_("Share my location with this report"),
        required=False,
        help_text=_("Otherwise no position is kept, and photos are stored without their location data."),
    )
    latitude = forms.DecimalField(
        label=_("latitude"), required=False, widget=forms.HiddenInput, max_digits=9, decimal_places=6,
        validators=LATITUDE["validators"],
    )  # fmt: skip
    longitude = forms.DecimalField(
        label=_("longitude"), required=False, widget=forms.HiddenInput, max_digits=9, decimal_places=6,
        validators=LONGITUDE["validators"],
    )  # fmt: skip

    def clean(self):
        data = super().clean()
        if not data.get("share_location"):
            data["latitude"] = data["longitude"] = None
        elif (data.get("latitude") is None) != (data.get("longitude") is None):
            raise forms.ValidationError(_("The location was only half received. Try again."))
        return data


class InspectionForm(LocationFields):
    """A checklist scored item by item, with problems, photos and the place; built for one green space."""

    submission_id = forms.UUIDField(widget=forms.HiddenInput)
    green_space = forms.ModelChoiceField(
        label=_("Green space"),
        queryset=GreenSpace.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": NOT_YOURS},
    )
    note = forms.CharField(
        label=_("General remarks"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    photos = MultiplePhotoField(label=_("Photos (up to 6)"), max_files=MAX_PHOTOS)

    RATING_CHOICES = [(str(value), label) for value, label in Rating.choices] + [(NOT_APPLICABLE, _("N/A"))]

    def __init__(self, *args, steward: Steward, checklist: list[ChecklistItem], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["green_space"].queryset = steward.green_spaces.all()
        self.fields["submission_id"].initial = uuid.uuid4()
        self.checklist = checklist
        for item in checklist:
            self.fields[f"rating_{item.pk}"] = forms.TypedChoiceField(
                label=item.name,
                help_text=item.guidance,
                choices=self.RATING_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                initial=NOT_APPLICABLE,
            )
            self.fields[f"problem_{item.pk}"] = forms.CharField(
                label=_("Problem seen at: %(item)s") % {"item": item.name},
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self):
        """(checklist item, rating field, problem field) for the template."""
        return [(item, self[f"rating_{item.pk}"], self[f"problem_{item.pk}"]) for item in self.checklist]

    def item_reports(self):
        from volunteers.services import ItemReport

        return [
            ItemReport(
                checklist_item_id=item.pk,
                rating=self.cleaned_data.get(f"rating_{item.pk}"),
                problem=self.cleaned_data.get(f"problem_{item.pk}", ""),
            )
            for item in self.checklist
        ]

    def clean(self):
        data = super().clean()
        if self.checklist and not any(
            data.get(f"rating_{item.pk}") is not None or (data.get(f"problem_{item.pk}") or "").strip()
            for item in self.checklist
        ):
            raise forms.ValidationError(_("Rate at least one item of the checklist, or describe a problem."))
        return data


class SuggestionForm(LocationFields):
    submission_id = forms.UUIDField(widget=forms.HiddenInput)
    green_space = forms.ModelChoiceField(
        label=_("Green space (optional)"),
        queryset=GreenSpace.objects.none(),
        required=False,
        empty_label=_("Not about one of my green spaces"),
        error_messages={"invalid_choice": NOT_YOURS},
    )
    title = forms.CharField(label=_("Title"), max_length=100)
    text = forms.CharField(label=_("Your suggestion"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6}))
    photos = MultiplePhotoField(label=_("Photos (up to 6)"), max_files=MAX_PHOTOS)

    field_order = ["submission_id", "green_space", "title", "text", "photos", "share_location"]

    def __init__(self, *args, steward: Steward, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["green_space"].queryset = steward.green_spaces.all()
        self.fields["submission_id"].initial = uuid.uuid4()


class ReviewForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Is it fixed?"), choices=ProblemVerdict.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note (say what is still wrong when you reopen)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("verdict") == ProblemVerdict.REOPENED and not (data.get("note") or "").strip():
            self.add_error("note", _("Say what is still wrong."))
        return data


class FindingForm(forms.Form):
    """A special supervisor's finding at an inspection, with the follow-up it calls for (optional)."""

    text = forms.CharField(label=_("What did you find?"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))
    action = forms.CharField(
        label=_("Follow-up action (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    owner_unit = forms.CharField(label=_("Unit to act (with an action)"), required=False, max_length=100)
    due_date = forms.DateField(
        label=_("Due (with an action)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
