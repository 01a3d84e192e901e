"""Uploaded photos: checked by decoding, size-limited, re-encoded and stripped of metadata.

A photo is never stored as uploaded: it is decoded with Pillow (so a text file named ``.jpg``
fails), its pixel count is bounded (so a decompression bomb fails before it is expanded), it is
turned upright from its EXIF orientation, and it is written out again as a fresh JPEG, which
carries no EXIF (and so no GPS position) at all. Locations a user chooses to share are stored
in fields, not in the file.
"""

from __future__ import annotations

import io
import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF", "MPO"})
JPEG_QUALITY = 85


class CleanPhoto(ContentFile):
    """A photo that has been through ``clean_photo``: a fresh JPEG without metadata."""


def clean_photo(upload: UploadedFile, *, max_bytes: int | None = None, max_pixels: int | None = None) -> CleanPhoto:
    """Return the photo re-encoded as a metadata-free JPEG, or raise a translated ValidationError.

    A photo already cleaned (by a form, say) is returned as it is, so a service may call this on
    whatever it is given without encoding twice.
    """
    if isinstance(upload, CleanPhoto):
        return upload
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    max_pixels = max_pixels or settings.UPLOAD_MAX_PIXELS
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("The photo is larger than %(limit)d MB.") % {"limit": max_bytes // (1024 * 1024)}, code="too_large"
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as probe:
                if probe.format not in ACCEPTED_FORMATS:
                    raise ValidationError(_("Send a JPEG, PNG, WebP or GIF photo."), code="format")
                width, height = probe.size
                if width * height > max_pixels:
                    raise ValidationError(_("The photo has too many pixels."), code="too_many_pixels")
                probe.load()
                image = ImageOps.exif_transpose(probe)
                if image.mode not in ("RGB", "L"):
                    image = image.convert("RGB")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("The photo has too many pixels."), code="too_many_pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(_("The file is not a photo that can be read."), code="invalid_image") from None
    finally:
        upload.seek(0)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return CleanPhoto(buffer.getvalue(), name=f"{uuid.uuid4().hex}.jpg")
