"""Evidence files of milestones: PDF, DOCX or a photo, checked by content (not by name) and size-limited.

A file is accepted when its bytes are what its name says (``greening.lib.documents``), so a renamed
executable or a text file named ``.pdf`` is refused. The limit is ``PROJECT_EVIDENCE_MAX_BYTES`` (default 20 MB).
"""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext_lazy as _

from greening.lib.documents import EXTENSIONS, sniff_document

SUFFIXES = tuple(f".{extension}" for extensions in EXTENSIONS.values() for extension in sorted(extensions))


def evidence_max_bytes() -> int:
    return settings.PROJECT_EVIDENCE_MAX_BYTES


def validate_evidence(file: File) -> None:
    """Refuse an evidence file that is too large or is not really a PDF, DOCX, JPEG, PNG or WebP."""
    if getattr(file, "_committed", False):
        return  # already in storage: it was checked when it was uploaded
    limit = evidence_max_bytes()
    if file.size is not None and file.size > limit:
        raise ValidationError(
            _("The file is larger than %(limit)d MB.") % {"limit": limit // (1024 * 1024)}, code="too_large"
        )
    suffix = PurePath(file.name or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise ValidationError(_("Send a PDF, DOCX or photo (JPEG, PNG, WebP) file."), code="file_type")
    kind = sniff_document(file)
    if kind is None or suffix.lstrip(".") not in EXTENSIONS[kind]:
        raise ValidationError(
            _("The file's content does not match its type; send a real PDF, DOCX or photo."), code="file_content"
        )
