"""Uploaded files: checked by their content, never trusted by name, and served only
through views that check permission first."""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
WEBP = "image/webp"

LABELS = {PDF: "PDF", PNG: "PNG", JPEG: "JPEG", WEBP: "WebP"}


def sniff(upload):
    """The MIME type the file's bytes show (None if unknown); the name is ignored."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    return kind.mime if kind else None


def validate_upload(upload, *, allowed, max_bytes):
    """Return the file's real MIME type, or raise ValidationError with a message saying what
    is accepted. ``allowed`` is a collection of MIME types."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    mime = sniff(upload)
    if mime not in allowed:
        accepted = ", ".join(LABELS.get(m, m) for m in sorted(allowed))
        raise ValidationError(
            _("This file's content is not an accepted type. Accepted: %(types)s.")
            % {"types": accepted},
            code="wrong_type",
        )
    return mime


def serve(field_file, *, content_type, filename, inline=True):
    """Send a stored file after the caller has checked permission. In production the web
    server sends it (X-Accel-Redirect); otherwise Django streams it."""
    prefix = settings.PROTECTED_MEDIA_ACCEL_PREFIX
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + field_file.name
    else:
        response = FileResponse(field_file.open("rb"), content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{_quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _quote(filename):
    from urllib.parse import quote

    return quote(filename, safe="")
