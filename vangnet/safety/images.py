"""Uploaded pictures for Words and Pictures: checked, scaled down and re-encoded.

Re-encoding drops everything but the pixels: camera metadata (EXIF with GPS position and
dates), comments and anything hidden after the image data never reach the database.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_SIDE = 1200  # pixels; enough for an A4 page
MAX_PIXELS = 24_000_000  # 24 MP; checked on the header, before any pixel is decoded
FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    content_type: str
    width: int
    height: int
    sha256: str


def clean_image(data: bytes) -> CleanImage:
    """A PNG or JPEG of at most MAX_UPLOAD_BYTES -> the same picture, re-encoded."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if not data:
        raise ValidationError(_("Choose a picture to upload."))
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The picture is too large: at most 5 MB."))
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            if kind not in FORMATS:
                raise ValidationError(_("Upload a photo or drawing as PNG or JPEG."))
            if probe.width * probe.height > MAX_PIXELS:
                # Image.open reads only the header: refused before ~4 bytes a pixel are spent.
                raise ValidationError(
                    _("The picture has too many pixels: at most %(megapixels)d megapixels.")
                    % {"megapixels": MAX_PIXELS // 1_000_000}
                )
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image)  # keep it upright once EXIF is gone
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            if kind == "JPEG":
                image.convert("RGB").save(out, "JPEG", quality=85)
            else:
                keep = "RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB"
                image.convert(keep).save(out, "PNG", optimize=True)
            width, height = image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("This file is not a picture that can be read.")) from None
    content = out.getvalue()
    return CleanImage(
        content=content,
        content_type=FORMATS[kind],
        width=width,
        height=height,
        sha256=hashlib.sha256(content).hexdigest(),
    )


def data_uri(content_type: str, content: bytes) -> str:
    """Pictures are embedded in the page, so one logged page read covers them."""
    import base64

    return f"data:{content_type};base64,{base64.b64encode(bytes(content)).decode('ascii')}"
