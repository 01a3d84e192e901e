"""Photos for upload tests, made on the fly with Pillow."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

GPS_IFD = 0x8825


def jpeg_with_gps(name: str = "photo.jpg", size: tuple[int, int] = (64, 48)) -> SimpleUploadedFile:
    """A real JPEG carrying an EXIF GPS position (37.857 N, 113.580 E)."""
    image = Image.new("RGB", size, (40, 120, 60))
    exif = Image.Exif()
    exif[0x010F] = "TestCam"  # Make
    exif[GPS_IFD] = {1: "N", 2: (37.0, 51.0, 26.0), 3: "E", 4: (113.0, 34.0, 49.0)}
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def png(name: str = "photo.png", size: tuple[int, int] = (32, 32)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGBA", size, (200, 10, 10, 128)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def decompression_bomb(name: str = "bomb.png") -> SimpleUploadedFile:
    """A tiny PNG file that claims 20,000 × 20,000 pixels (400 megapixels)."""
    buffer = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def text_named_jpg(name: str = "notes.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, "这不是照片。".encode(), content_type="image/jpeg")
