"""Checking a plan document before it is stored: the one place the upload rules live.

A document is accepted by what it IS, not by what it is called (``greening.lib.documents``). The name
must end in an extension of that same type (a PNG renamed ``.pdf`` is refused), and the file may
be no larger than ``PLAN_DOCUMENT_MAX_BYTES`` (20 MB by default). Every refusal is translated and
names the file, so staff uploading several at once know which one to fix.

Images are checked by decoding but NOT re-encoded through ``greening.lib.images.clean_photo``:
that turns everything into a lossy JPEG, which would blur the maps and diagrams of a plan. The
documents come from staff, not from the public, and are published as they were approved.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

from greening.lib.documents import DOCX, JPEG, PDF, PNG, sniff_document
from plans.choices import PlanDocumentKind

# The extensions each kind may carry (lower case, without the dot).
EXTENSIONS: dict[str, frozenset[str]] = {
    PlanDocumentKind.PDF: frozenset({"pdf"}),
    PlanDocumentKind.DOCX: frozenset({"docx"}),
    PlanDocumentKind.PNG: frozenset({"png"}),
    PlanDocumentKind.JPEG: frozenset({"jpg", "jpeg"}),
}
# The extension a stored file gets, whatever case or variant the upload used.
STORED_EXTENSION = {
    PlanDocumentKind.PDF: "pdf",
    PlanDocumentKind.DOCX: "docx",
    PlanDocumentKind.PNG: "png",
    PlanDocumentKind.JPEG: "jpg",
}
CONTENT_TYPES = {
    PlanDocumentKind.PDF: "application/pdf",
    PlanDocumentKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    PlanDocumentKind.PNG: "image/png",
    PlanDocumentKind.JPEG: "image/jpeg",
}


@dataclass(frozen=True)
class DocumentInfo:
    """What the check found out about an accepted file."""

    kind: str
    size: int
    name: str


def max_bytes() -> int:
    return settings.PLAN_DOCUMENT_MAX_BYTES


def _base_name(upload: File) -> str:
    return os.path.basename(upload.name or "") or _("(unnamed file)")


def _sniff(upload: File) -> str | None:
    """The plan-document kind the content shows, or None when it is none of the accepted kinds."""
    return {
        PDF: PlanDocumentKind.PDF,
        DOCX: PlanDocumentKind.DOCX,
        PNG: PlanDocumentKind.PNG,
        JPEG: PlanDocumentKind.JPEG,
    }.get(sniff_document(upload))


def inspect_plan_document(upload: File) -> DocumentInfo:
    """Accept a PDF, DOCX, PNG or JPEG by content, with a matching extension, within the size limit.

    Returns the kind and size; raises a ``ValidationError`` naming the file otherwise.
    """
    name = _base_name(upload)
    size = upload.size or 0
    limit = max_bytes()
    if size > limit:
        raise ValidationError(
            _("%(name)s is larger than %(limit)s MB.") % {"name": name, "limit": f"{limit / (1024 * 1024):g}"},
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": name}, code="empty")
    kind = _sniff(upload)
    if kind is None:
        raise ValidationError(
            _("%(name)s is not a PDF, Word (DOCX), PNG or JPEG file.") % {"name": name}, code="file_type"
        )
    extension = os.path.splitext(name)[1].lower().lstrip(".")
    if extension not in EXTENSIONS[kind]:
        raise ValidationError(
            _("%(name)s is a %(kind)s file but its name does not end in .%(extension)s.")
            % {"name": name, "kind": PlanDocumentKind(kind).label, "extension": STORED_EXTENSION[kind]},
            code="extension_mismatch",
        )
    return DocumentInfo(kind=kind, size=size, name=name)


def validate_plan_document(value: File) -> None:
    """Model field validator: checks a new upload; a file already in storage was checked when it came in."""
    if isinstance(value, FieldFile) and value._committed:
        return
    inspect_plan_document(value)


def plan_document_upload_to(instance, filename: str) -> str:
    """Stored under ``plans/`` with a random name: the original name is kept in a field, not in the path."""
    extension = STORED_EXTENSION.get(instance.kind) or os.path.splitext(filename)[1].lower().lstrip(".") or "bin"
    return f"plans/{uuid.uuid4().hex}.{extension}"
