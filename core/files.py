"""Uploaded files: checked by their content, never trusted by name, and served only
through views that check permission first.

``check_upload`` is the one checker of every upload (documents, bulletin attachments,
membership due-diligence documents, logos): the extension must be one the caller allows AND
the bytes must really be that kind of file; markup a browser could run, a second file hidden
inside (a polyglot), and macros are refused."""

import codecs
import logging
import os
import re
import zipfile
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

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

OOXML_MAIN = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "csv": "text/csv",
    "txt": "text/plain",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
}
# Every served upload: a file that a browser renders (a PDF, an image) runs no script, loads
# nothing and cannot reach the portal's origin, whatever is hidden inside it.
FILE_CSP = "sandbox; default-src 'none'"
# What each use of an upload accepts (extensions; ``check_upload``'s ``allowed``).
DOCUMENT_EXTENSIONS = tuple(CONTENT_TYPES)
APPLICATION_DOCUMENT_EXTENSIONS = ("pdf", "png", "jpg", "jpeg")
IMAGE_EXTENSIONS = ("png", "jpg", "jpeg", "webp")
LABELS = {"pdf": "PDF", "docx": "Word", "xlsx": "Excel", "pptx": "PowerPoint", "odt": "ODT"}
# What the bytes of an image or PDF must sniff as.
SNIFFED = {"pdf": PDF, "png": PNG, "jpg": JPEG, "jpeg": JPEG, "webp": WEBP}
# Markup a browser could run if it ever sniffed a binary file as a page.
MARKUP = re.compile(rb"<\s*(script|html|svg|body|iframe|!doctype\s+html)", re.IGNORECASE)
MACRO_MARKERS = ("vbaproject", "macroenabled", "vbadata")
MAX_MANIFEST = 1024 * 1024  # bytes of [Content_Types].xml we are willing to read


@dataclass(frozen=True)
class CheckedFile:
    extension: str
    content_type: str


def extension_of(name):
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def accepted_text(allowed=DOCUMENT_EXTENSIONS):
    return ", ".join(e.upper() for e in allowed if e != "jpeg")


def check_upload(upload, *, allowed, max_bytes):
    """Return a CheckedFile, or raise ValidationError saying what is wrong. ``allowed`` is
    the extensions this use accepts (a subset of ``CONTENT_TYPES``); whatever the name says,
    the bytes must be that kind of file, with no web page code, hidden archive or macros."""
    extension = extension_of(upload.name)
    if extension not in allowed or extension not in CONTENT_TYPES:
        raise ValidationError(
            _("Files ending in “.%(extension)s” are not accepted. Accepted: %(types)s.")
            % {"extension": extension or "?", "types": accepted_text(allowed)},
            code="extension",
        )
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    label = LABELS.get(extension, extension.upper())
    mismatch = ValidationError(
        _("This file is not a real %(label)s file: its content does not match its name.")
        % {"label": label},
        code="wrong_type",
    )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if extension in SNIFFED:
        if sniff(upload) != SNIFFED[extension] and not (extension == "pdf" and _pdf_late(head)):
            raise mismatch
        _refuse_markup(head)
        _refuse_archive(upload)
    elif extension in OOXML_MAIN or extension == "odt":
        if not head.startswith(b"PK\x03\x04"):
            raise mismatch
        _refuse_markup(head)
        _check_container(upload, extension, mismatch)
    else:
        _check_text(upload)
    return CheckedFile(extension=extension, content_type=CONTENT_TYPES[extension])


def _refuse_markup(head):
    if MARKUP.search(head):
        raise ValidationError(
            _("This file contains web page code and is not accepted."), code="markup"
        )


def _refuse_archive(upload):
    """A PDF or an image that is also a zip archive (a zip's directory sits at its end, so
    one can be glued after any file: the "GIFAR" trick) is two files in one, and no real
    report or picture is made that way."""
    upload.seek(0)
    try:
        is_archive = zipfile.is_zipfile(upload)
    finally:
        upload.seek(0)
    if is_archive:
        raise ValidationError(
            _("This file has an archive hidden inside it and is not accepted."), code="polyglot"
        )


def _check_container(upload, extension, mismatch):
    """Office files are zip archives: the right marker must be inside, and no macros."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if extension == "odt":
                if not names or names[0] != "mimetype":
                    raise mismatch
                info = archive.getinfo("mimetype")
                if info.file_size > 200 or archive.read(info).strip() != ODT_MIMETYPE:
                    raise mismatch
                if any("basic/" in name.lower() for name in names):
                    raise _macros()
                return
            if "[Content_Types].xml" not in names:
                raise mismatch
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > MAX_MANIFEST:
                raise mismatch
            manifest = archive.read(info).decode("utf-8", "replace")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, RuntimeError, EOFError):
        raise mismatch from None
    finally:
        upload.seek(0)
    lowered = manifest.lower() + " ".join(names).lower()
    if any(marker in lowered for marker in MACRO_MARKERS):
        raise _macros()
    if OOXML_MAIN[extension] not in manifest:
        raise mismatch


def _macros():
    return ValidationError(
        _("Documents with macros are not accepted. Save it without macros and try again."),
        code="macros",
    )


def _check_text(upload):
    """CSV and plain text: UTF-8 throughout, and no NUL byte (which only binary files have)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    upload.seek(0)
    try:
        for chunk in upload.chunks():
            if b"\x00" in chunk:
                raise _not_text()
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise _not_text() from None
    finally:
        upload.seek(0)


def _not_text():
    return ValidationError(
        _("This file is not plain text in UTF-8. Save it as UTF-8 text (CSV UTF-8) and try again."),
        code="not_text",
    )


# PDF readers accept the %PDF header anywhere in the first 1,024 bytes (a mail gateway or a
# scanner sometimes writes a line before it).
PDF_HEADER_WITHIN = 1024


def _pdf_late(head):
    return b"%PDF-" in head[:PDF_HEADER_WITHIN]


def sniff(upload):
    """The MIME type the file's bytes show (None if unknown); the name is ignored."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    return kind.mime if kind else None


logger = logging.getLogger(__name__)


def store(field_file, content, written, name="upload"):
    """Write ``content`` as ``field_file``'s file (the name comes from the field's
    ``upload_to``), remembering in ``written`` what may be on disk so that ``discard`` can
    remove it when the change fails. The name is chosen and remembered before the write: a
    storage that fails half way (a full disk) leaves part of the file behind."""
    field = field_file.field
    storage = field_file.storage
    name = field.generate_filename(field_file.instance, name)
    written.append((storage, name))
    saved = storage.save(name, content, max_length=field.max_length)
    if saved != name:
        written.append((storage, saved))
    setattr(field_file.instance, field.attname, saved)
    return saved


def discard(written):
    """Remove what ``store`` wrote for a change that failed (a name never written is a
    no-op); a file that cannot be removed is logged, as the change's own error matters more."""
    for storage, name in written:
        try:
            storage.delete(name)
        except Exception:
            logger.exception("Could not remove %s after a failed upload.", name)


def accel_path(field_file, prefix):
    """The address the web server is told to send (X-Accel-Redirect). A file on local disk
    is named by its path under the internal location. A file in object storage (S3) has no
    local path: the internal location proxies to the bucket, and it is named by the path and
    query of the storage's signed, short-lived URL, so the bucket stays private
    (docs/operations.md, "More than one machine")."""
    try:
        field_file.storage.path(field_file.name)
    except NotImplementedError:
        signed = urlsplit(field_file.storage.url(field_file.name))
        return prefix.rstrip("/") + signed.path + (f"?{signed.query}" if signed.query else "")
    return prefix.rstrip("/") + "/" + field_file.name


def serve(field_file, *, content_type, filename, inline=True):
    """Send a stored file after the caller has checked permission. In production the web
    server sends it (X-Accel-Redirect); otherwise Django streams it. Every file goes out
    under the same sandbox policy, never sniffed, never cached by a shared cache."""
    prefix = settings.PROTECTED_MEDIA_ACCEL_PREFIX
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel_path(field_file, prefix)
    else:
        response = FileResponse(field_file.open("rb"), content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename, safe='')}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = FILE_CSP
    return response
