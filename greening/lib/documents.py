"""What an uploaded document really is, judged from its bytes and never from its name.

A PDF starts with ``%PDF-``; a DOCX is a ZIP archive holding ``word/document.xml`` (only the archive's
directory is read, nothing is decompressed, so a ZIP bomb costs nothing); PNG, JPEG and WebP images
must decode with Pillow within ``UPLOAD_MAX_PIXELS``. Plan documents and milestone evidence both
ask here, so the rule for "is this really a PDF" lives in one place.
"""

from __future__ import annotations

import warnings
import zipfile

from django.conf import settings
from django.core.files.base import File
from PIL import Image, UnidentifiedImageError

PDF, DOCX, PNG, JPEG, WEBP = "pdf", "docx", "png", "jpeg", "webp"
IMAGE_FORMATS = {"PNG": PNG, "JPEG": JPEG, "MPO": JPEG, "WEBP": WEBP}
# The extensions (lower case, no dot) a file of each kind may carry.
EXTENSIONS = {PDF: {"pdf"}, DOCX: {"docx"}, PNG: {"png"}, JPEG: {"jpg", "jpeg"}, WEBP: {"webp"}}


def sniff_document(upload: File) -> str | None:
    """The kind the content shows (``PDF``, ``DOCX``, ``PNG``, ``JPEG``, ``WEBP``), or None for anything else.

    Leaves the file at its start.
    """
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        return DOCX if "word/document.xml" in names else None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                found = image.format
                width, height = image.size
                if width * height > settings.UPLOAD_MAX_PIXELS:
                    return None
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
    finally:
        upload.seek(0)
    return IMAGE_FORMATS.get(found)
