"""Uploaded files (evidence, scanned decisions): the type is read from the content, never trusted from the name or
the browser, and the size is limited by settings.UPLOAD_MAX_BYTES."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

PDF_MAGIC = b"%PDF-"
IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}


def evidence_content_type(upload) -> str:
    """The upload's real type ("application/pdf" or an image type); ValidationError otherwise."""
    return _content_type(
        upload,
        empty=_("Tệp minh chứng trống."),
        wrong_type=_("Minh chứng phải là tệp PDF hoặc ảnh (JPEG, PNG, WEBP, GIF)."),
    )


def scan_content_type(upload) -> str:
    """The same checks for the scanned copy of a decision."""
    return _content_type(
        upload,
        empty=_("Tệp bản scan quyết định trống."),
        wrong_type=_("Bản scan quyết định phải là tệp PDF hoặc ảnh (JPEG, PNG, WEBP, GIF)."),
    )


def _content_type(upload, *, empty: str, wrong_type: str) -> str:
    size = upload.size or 0
    if size == 0:
        raise ValidationError(empty, code="empty")
    if size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s MB); tối đa %(limit)s MB.")
            % {"size": round(size / 1024 / 1024, 1), "limit": settings.UPLOAD_MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head == PDF_MAGIC:
        return "application/pdf"
    try:
        with Image.open(upload) as image:
            image.verify()
            kind = IMAGE_FORMATS.get(image.format)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        kind = None
    finally:
        upload.seek(0)
    if kind is None:
        raise ValidationError(wrong_type, code="type")
    return kind
