"""Uploaded photos are decoded, bounded, re-encoded and stripped of metadata."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from greening.lib.images import clean_photo
from tests.support.images import GPS_IFD, decompression_bomb, jpeg_with_gps, png, text_named_jpg


def test_a_photo_comes_back_as_jpeg_without_exif():
    cleaned = clean_photo(jpeg_with_gps())
    with Image.open(cleaned) as image:
        assert image.format == "JPEG"
        exif = image.getexif()
        assert GPS_IFD not in exif
        assert len(exif) == 0


def test_the_source_photo_did_carry_gps():
    with Image.open(jpeg_with_gps()) as image:
        assert GPS_IFD in image.getexif()


def test_a_png_with_transparency_is_accepted_and_flattened():
    cleaned = clean_photo(png())
    with Image.open(cleaned) as image:
        assert (image.format, image.mode) == ("JPEG", "RGB")


def test_a_text_file_named_jpg_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        clean_photo(text_named_jpg())
    assert excinfo.value.code == "invalid_image"


def test_a_file_over_the_size_limit_is_refused_before_decoding():
    big = SimpleUploadedFile("big.jpg", b"\xff" * (2 * 1024 * 1024), content_type="image/jpeg")
    with pytest.raises(ValidationError) as excinfo:
        clean_photo(big, max_bytes=1024 * 1024)
    assert excinfo.value.code == "too_large"


def test_a_decompression_bomb_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        clean_photo(decompression_bomb())
    assert excinfo.value.code == "too_many_pixels"


def test_a_cleaned_photo_is_not_encoded_twice():
    cleaned = clean_photo(jpeg_with_gps())
    assert clean_photo(cleaned) is cleaned
