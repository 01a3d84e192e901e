"""Form pieces shared by the apps."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from greening.lib.images import clean_photo


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several photos in one field, each decoded, re-encoded and stripped by ``clean_photo``."""

    widget = MultipleFileInput

    def __init__(self, *args, max_files: int = 6, **kwargs) -> None:
        self.max_files = max_files
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        if len(files) > self.max_files:
            raise forms.ValidationError(
                _("Send at most %(count)d photos.") % {"count": self.max_files}, code="too_many_files"
            )
        single_clean = super().clean
        return [clean_photo(single_clean(file, initial)) for file in files]
