"""Documents are judged by their bytes: the one rule plan documents and milestone evidence share."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from greening.lib.documents import DOCX, JPEG, PDF, PNG, sniff_document


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def image_bytes(format: str, size=(4, 4)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, format=format)
    return buffer.getvalue()


def zip_bytes(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<w:document/>")
    return buffer.getvalue()


def test_each_kind_is_recognised_by_its_content_whatever_the_name():
    assert sniff_document(upload("x.bin", b"%PDF-1.7\n...")) == PDF
    assert sniff_document(upload("x.bin", zip_bytes("word/document.xml", "[Content_Types].xml"))) == DOCX
    assert sniff_document(upload("x.bin", image_bytes("PNG"))) == PNG
    assert sniff_document(upload("x.bin", image_bytes("JPEG"))) == JPEG


def test_a_zip_that_is_not_a_word_document_and_plain_text_are_refused():
    assert sniff_document(upload("a.docx", zip_bytes("evil.exe"))) is None
    assert sniff_document(upload("a.pdf", b"just some text")) is None


def test_an_image_beyond_the_pixel_limit_is_refused(settings):
    settings.UPLOAD_MAX_PIXELS = 10_000
    assert sniff_document(upload("big.png", image_bytes("PNG", size=(101, 100)))) is None


def test_the_file_is_left_at_its_start():
    file = upload("x.pdf", b"%PDF-1.7\n")
    sniff_document(file)
    assert file.read(5) == b"%PDF-"
