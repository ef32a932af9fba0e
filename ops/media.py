"""Uploaded files, served only to users allowed to see the record that holds them.

`serve_protected(request, file_field)` is the one way to send an upload back: the caller has already
fetched the record with `get_visible_or_404`. `media_file` (the view behind MEDIA_URL) finds the
record generically: any model whose QuerySet is a ScopedQuerySet and that has a FileField/ImageField.
"""

import mimetypes
from pathlib import PurePosixPath

from django.apps import apps
from django.db import models
from django.http import FileResponse, Http404

from units.models import ScopedQuerySet

# Shown in the browser: images a browser cannot run code from (no SVG). Everything else, PDFs included
# (they can carry scripts and the sandbox policy stops browsers' PDF viewers), is downloaded.
INLINE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
}


def serve_protected(request, file_field, *, as_attachment: bool | None = None) -> FileResponse:
    """Send an uploaded file with headers that stop the browser from treating it as a page.

    Images open inline, everything else downloads (Content-Disposition: attachment) as its own type
    (a PDF as application/pdf) or application/octet-stream; never text/html. The file's own CSP forbids scripts.
    """
    if not file_field or not file_field.name:
        raise Http404
    storage = file_field.storage
    if not storage.exists(file_field.name):
        raise Http404
    suffix = PurePosixPath(file_field.name).suffix.lower()
    content_type = INLINE_TYPES.get(suffix) or _download_type(suffix)
    inline = suffix in INLINE_TYPES if as_attachment is None else not as_attachment
    response = FileResponse(
        storage.open(file_field.name, "rb"),
        as_attachment=not inline,
        filename=PurePosixPath(file_field.name).name,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _download_type(suffix: str) -> str:
    guessed, _encoding = mimetypes.guess_type(f"file{suffix}")
    # Anything a browser might parse as markup or script is sent as opaque bytes.
    markup = guessed and (guessed.endswith(("/xml", "+xml")) or "html" in guessed or "script" in guessed)
    if not guessed or guessed.startswith("text/") or markup:
        return "application/octet-stream"
    return guessed


def file_models() -> list[tuple[type[models.Model], list[str]]]:
    """Every scoped model that holds uploads, with the names of its file fields."""
    found = []
    for model in apps.get_models():
        if not isinstance(model._default_manager.all(), ScopedQuerySet):
            continue
        names = [field.name for field in model._meta.concrete_fields if isinstance(field, models.FileField)]
        if names:
            found.append((model, names))
    return found


def find_visible_file(user, name: str):
    """The FieldFile called `name` on a record `user` may see, or None."""
    for model, field_names in file_models():
        for field_name in field_names:
            instance = model._default_manager.visible_to(user).filter(**{field_name: name}).first()
            if instance is not None:
                return getattr(instance, field_name)
    return None
