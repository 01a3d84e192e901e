"""Evidence files of milestones: PDF, DOCX or a photo, checked by content (not by name) and size-limited.

A file is accepted when its bytes are what its name says: a PDF starts with ``%PDF-``, a DOCX is a ZIP
holding ``word/document.xml``, a photo decodes with Pillow. So a renamed executable or a text file named
``.pdf`` is refused. The limit is ``PROJECT_EVIDENCE_MAX_BYTES`` (default 20 MB).
"""

from __future__ import annotations

import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
IMAGE_SUFFIXES = {".jpg": {"JPEG", "MPO"}, ".jpeg": {"JPEG", "MPO"}, ".png": {"PNG"}, ".webp": {"WEBP"}}
SUFFIXES = (".pdf", ".docx", *IMAGE_SUFFIXES)


def evidence_max_bytes() -> int:
    return int(getattr(settings, "PROJECT_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def _is_pdf(file: File) -> bool:
    file.seek(0)
    return file.read(5) == b"%PDF-"


def _is_docx(file: File) -> bool:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _is_image(file: File, formats: set[str]) -> bool:
    file.seek(0)
    try:
        with Image.open(file) as image:
            image.verify()
            return image.format in formats
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False


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
    try:
        if suffix == ".pdf":
            genuine = _is_pdf(file)
        elif suffix == ".docx":
            genuine = _is_docx(file)
        else:
            genuine = _is_image(file, IMAGE_SUFFIXES[suffix])
    finally:
        file.seek(0)
    if not genuine:
        raise ValidationError(
            _("The file's content does not match its type; send a real PDF, DOCX or photo."), code="file_content"
        )
