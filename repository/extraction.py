"""Text inside uploaded documents, read for search.

The parsing runs in a subprocess (``repository.extract_worker``) with limits on memory, CPU
time, file writes and processes, so that a hostile or huge file costs at most one short-lived
process: the caller always gets an ``Extraction`` back, never an exception or a crash.

Pages of a PDF that carry no text (a scan), and images, are read by OCR: each page is rendered
to an image by the worker, then read by Tesseract, each a subprocess under the same limits,
page by page up to ``REPOSITORY_OCR_MAX_PAGES`` pages and ``REPOSITORY_OCR_TIMEOUT`` seconds
in all.
"""

import json
import logging
import math
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from repository import extract_worker

logger = logging.getLogger(__name__)

# Processes the worker's user may have: 1 means the worker cannot start another (root is
# exempt from this limit, the other limits still hold).
WORKER_MAX_PROCESSES = 1


# Languages Tesseract reads: English and Kiswahili, the portal's languages.
OCR_LANGUAGES = "eng+swa"


@dataclass(frozen=True)
class Extraction:
    """What reading a file gave: the text of each of its ``pages`` when ``ok``, else the
    reason in ``error`` (a plain sentence for people) and ``code`` (stable, for programs).

    ``page_count`` is how many pages the file has; ``partial`` says why not all of it was
    read ("cap", "pages", "ocr-pages", "ocr-time", "ocr-failed"; empty when it all was);
    ``scanned`` lists the pages that look scanned, ``ocr_pages`` how many were read by OCR."""

    pages: tuple = ()
    ok: bool = True
    error: str = ""
    code: str = ""
    page_count: int = 0
    partial: str = ""
    ocr_pages: int = 0
    scanned: tuple = ()

    @property
    def text(self):
        """The pages in one string, each starting on a line of its own."""
        parts = []
        for page in self.pages:
            if parts and not parts[-1].endswith("\n"):
                parts.append("\n")
            parts.append(page)
        return "".join(parts)

    @property
    def chars(self):
        return sum(len(page) for page in self.pages)

    @property
    def status(self):
        """searchable, partial, empty, protected, damaged or failed (too large, too slow,
        crashed: the file may be fine, the portal could not read it)."""
        if not self.ok:
            return {"encrypted": "protected", "damaged": "damaged"}.get(self.code, "failed")
        if not any(_has_text(page) for page in self.pages):
            return "empty"
        return "partial" if self.partial else "searchable"

    @property
    def message(self):
        """What an uploader reads about it: what the portal did and what to do."""
        status = self.status
        if status in {"protected", "damaged", "failed"}:
            return self.error
        if status == "empty":
            if self.ocr_pages:
                return _(
                    "No text found: the file looks like a scan or a picture, and reading it "
                    "by OCR found no words. It can still be downloaded; give it a clear title "
                    "and summary so that people can find it."
                )
            return _(
                "No text found: the file has no text inside it to search. It can still be "
                "downloaded; give it a clear title and summary so that people can find it."
            )
        pages = self.page_count or len(self.pages)
        read = ngettext(
            "%(chars)s characters read from %(pages)s page.",
            "%(chars)s characters read from %(pages)s pages.",
            pages,
        ) % {"chars": f"{self.chars:,}", "pages": f"{pages:,}"}
        parts = [read]
        if self.ocr_pages:
            parts.append(
                ngettext(
                    "The text of %(count)s page was read by OCR from an image of the page: "
                    "it may have mistakes, so a search can miss some words.",
                    "The text of %(count)s pages was read by OCR from images of the pages: "
                    "it may have mistakes, so a search can miss some words.",
                    self.ocr_pages,
                )
                % {"count": f"{self.ocr_pages:,}"}
            )
        reason = _partial_reasons().get(self.partial)
        if reason:
            parts.append(reason)
        return " ".join(parts)


def _has_text(page):
    return sum(char.isalnum() for char in page) > 0


def _partial_reasons():
    return {
        "cap": _(
            "Only part of it is searchable: the file has more text than the portal keeps "
            "(%(chars)s characters)."
        )
        % {"chars": f"{settings.REPOSITORY_TEXT_MAX_CHARS:,}"},
        "pages": _("Only part of it is searchable: only its first %(pages)s pages were read.")
        % {"pages": f"{extract_worker.PDF_MAX_PAGES:,}"},
        "ocr-pages": _(
            "Only part of it is searchable: only the first %(pages)s scanned pages were read "
            "by OCR."
        )
        % {"pages": f"{settings.REPOSITORY_OCR_MAX_PAGES:,}"},
        "ocr-time": _(
            "Only part of it is searchable: reading its scanned pages by OCR took too long."
        ),
        "ocr-failed": _("Only part of it is searchable: some scanned pages could not be read."),
    }


def _messages():
    return {
        "timeout": _("The file took too long to read."),
        "memory": _("The file needs too much memory to read."),
        "unsupported": _("The file could not be read: text is not taken from this type of file."),
        "encrypted": _(
            "The file could not be read: it is protected by a password. Upload a version "
            "without a password so that people can search it."
        ),
        "too_many_pages": _("The file could not be read: it has more than %(pages)s pages.")
        % {"pages": f"{extract_worker.PDF_MAX_PAGES:,}"},
        "too_deep": _("The file could not be read: its structure is nested too deeply."),
        "too_many_parts": _("The file could not be read: it is made of too many parts."),
        "too_large_unpacked": _("The file could not be read: it is too large once unpacked."),
        "zip_bomb": _(
            "The file could not be read: it is compressed far more than a normal document."
        ),
        "xml_declarations": _(
            "The file could not be read: it contains XML declarations that are not allowed."
        ),
        "damaged": _(
            "The file could not be read: it is damaged or not what its type says. Open it on "
            "your computer, save or export it again, and upload the new version."
        ),
        "crashed": _("The file could not be read: the reader stopped unexpectedly."),
    }


def _failure(code, detail=""):
    messages = _messages()
    logger.warning("Text extraction failed (%s): %s", code, detail)
    return Extraction(ok=False, code=code, error=messages.get(code, messages["crashed"]))


def _limits(*, timeout, memory_mb):
    memory = memory_mb * 1024 * 1024
    # CPU seconds: a backstop for the wall-clock timeout, which also catches a sleeping file.
    cpu = math.ceil(timeout) + 1

    def apply():
        # Runs in the child between fork and exec: nothing but setrlimit calls, so that it
        # cannot take a lock another thread held at the fork (if it ever hung, the timeout
        # below would still end the child).
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
        resource.setrlimit(resource.RLIMIT_NPROC, (WORKER_MAX_PROCESSES, WORKER_MAX_PROCESSES))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return apply


def _worker_environment():
    """A bare environment: the worker needs none of the portal's secrets. Tesseract runs one
    thread (a thread counts as a process for the process limit)."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONUTF8": "1",
        "OMP_THREAD_LIMIT": "1",
    }
    hooks = os.environ.get(extract_worker.TEST_HOOKS_ENV)
    if hooks:
        env[extract_worker.TEST_HOOKS_ENV] = hooks
    return env


def _run(command, *, timeout, memory_mb, stdin=None):
    """Run one sandboxed step; its CompletedProcess, or raise TimeoutExpired / OSError."""
    return subprocess.run(  # noqa: S603 (our own interpreter and module, or tesseract; no shell)
        command,
        timeout=timeout,
        capture_output=True,
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        cwd=settings.BASE_DIR,
        env=_worker_environment(),
        preexec_fn=_limits(timeout=timeout, memory_mb=memory_mb),
        start_new_session=True,
    )


def extract_text(path, content_type, *, max_chars=None, timeout=None, memory_mb=None):
    """Read the text of the file at ``path`` (a local file) whose sniffed MIME type is
    ``content_type``, keeping at most ``max_chars`` characters, page by page; scanned pages
    and images by OCR. Never raises for anything the file does."""
    if max_chars is None:
        max_chars = settings.REPOSITORY_TEXT_MAX_CHARS
    if timeout is None:
        timeout = settings.REPOSITORY_EXTRACT_TIMEOUT
    if memory_mb is None:
        memory_mb = settings.REPOSITORY_EXTRACT_MEMORY_MB
    if content_type.startswith("image/"):
        return _ocr_image(path, max_chars=max_chars, memory_mb=memory_mb)
    command = [
        sys.executable,
        "-m",
        "repository.extract_worker",
        os.fspath(path),
        content_type,
        str(max_chars),
    ]
    try:
        result = _run(command, timeout=timeout, memory_mb=memory_mb)
    except subprocess.TimeoutExpired:
        return _failure("timeout")
    except OSError as exc:
        return _failure("crashed", f"could not start the worker: {exc}")
    extraction = _outcome(result, max_chars)
    if extraction.ok and content_type == extract_worker.PDF:
        extraction = _ocr_scanned_pages(path, extraction, max_chars=max_chars, memory_mb=memory_mb)
    return extraction


def _outcome(result, max_chars):
    returncode = result.returncode
    stderr = result.stderr.decode("utf-8", errors="replace")
    if returncode == 0:
        try:
            data = json.loads(result.stdout.decode("utf-8", errors="replace"))
            pages, remaining = [], max_chars
            for page in data["pages"]:
                # PostgreSQL text cannot hold NUL characters.
                page = str(page).replace("\x00", "")[:remaining]
                remaining -= len(page)
                pages.append(page)
            return Extraction(
                pages=tuple(pages),
                page_count=int(data.get("page_count") or len(pages)),
                partial=str(data.get("partial") or ""),
                scanned=tuple(
                    int(n) for n in data.get("scanned") or () if 0 < int(n) <= len(pages)
                ),
            )
        except (ValueError, KeyError, TypeError) as exc:
            return _failure("crashed", f"unreadable answer: {exc}")
    lines = [line for line in stderr.splitlines() if line.strip()]
    last_line = lines[-1] if lines else ""
    if returncode == extract_worker.EXIT_REFUSED and "\t" in last_line:
        code, detail = last_line.split("\t", 1)
        return _failure(code, detail or code)
    if returncode == extract_worker.EXIT_MEMORY or "MemoryError" in stderr:
        return _failure("memory", "MemoryError")
    if returncode == -signal.SIGXCPU:
        return _failure("timeout", "CPU time limit")
    if returncode == -signal.SIGKILL:
        # Not our timeout (that raises TimeoutExpired): most likely the kernel's OOM killer.
        return _failure("memory", "killed")
    return _failure("crashed", f"exit {returncode}: {stderr.strip()[-500:]}")


# OCR -----------------------------------------------------------------------------------------


def ocr_available():
    return settings.REPOSITORY_OCR and shutil.which("tesseract") is not None


def _tesseract(image, *, timeout, memory_mb):
    """The text Tesseract reads in ``image`` (PNG bytes, or a path), or None if it failed."""
    source = "stdin" if isinstance(image, bytes) else os.fspath(image)
    command = ["tesseract", source, "stdout", "-l", OCR_LANGUAGES, "--psm", "3"]
    try:
        result = _run(
            command,
            timeout=timeout,
            memory_mb=memory_mb,
            stdin=image if isinstance(image, bytes) else None,
        )
    except (subprocess.TimeoutExpired, OSError) as exc:
        logger.warning("OCR failed: %s", exc)
        return None
    if result.returncode != 0:
        logger.warning("OCR failed (exit %s): %s", result.returncode, result.stderr[-300:])
        return None
    return extract_worker.normalise(result.stdout.decode("utf-8", errors="replace"))


def _ocr_image(path, *, max_chars, memory_mb):
    if not ocr_available():
        return Extraction(pages=("",), page_count=1)
    text = _tesseract(path, timeout=settings.REPOSITORY_OCR_TIMEOUT, memory_mb=memory_mb)
    if text is None:
        return Extraction(pages=("",), page_count=1, ocr_pages=1, partial="ocr-failed")
    return Extraction(pages=(text[:max_chars],), page_count=1, ocr_pages=1)


def _ocr_scanned_pages(path, extraction, *, max_chars, memory_mb):
    """The extraction with its scanned pages (pages with next to no text) read by OCR, one
    page at a time: the worker renders the page, Tesseract reads the image."""
    scanned = list(extraction.scanned)
    if not scanned or not ocr_available():
        return extraction
    pages = list(extraction.pages)
    partial = extraction.partial
    if len(scanned) > settings.REPOSITORY_OCR_MAX_PAGES:
        scanned = scanned[: settings.REPOSITORY_OCR_MAX_PAGES]
        partial = partial or "ocr-pages"
    deadline = time.monotonic() + settings.REPOSITORY_OCR_TIMEOUT
    remaining = max_chars - sum(len(page) for page in pages)
    read = 0
    for number in scanned:
        left = deadline - time.monotonic()
        if left <= 1:
            partial = partial or "ocr-time"
            break
        image = _render(path, number, timeout=left, memory_mb=memory_mb)
        text = None
        if image is not None:
            text = _tesseract(image, timeout=deadline - time.monotonic(), memory_mb=memory_mb)
        if text is None:
            partial = partial or "ocr-failed"
            continue
        read += 1
        if text.strip():
            text = text[: max(remaining, 0)]
            remaining -= len(text)
            pages[number - 1] = (pages[number - 1].rstrip("\n") + "\n" + text).lstrip("\n")
    return Extraction(
        pages=tuple(pages), page_count=extraction.page_count, partial=partial, ocr_pages=read
    )


def _render(path, number, *, timeout, memory_mb):
    command = [
        sys.executable,
        "-m",
        "repository.extract_worker",
        "--render",
        os.fspath(path),
        str(number),
    ]
    try:
        result = _run(command, timeout=max(timeout, 1), memory_mb=memory_mb)
    except (subprocess.TimeoutExpired, OSError) as exc:
        logger.warning("Rendering page %s for OCR failed: %s", number, exc)
        return None
    if result.returncode != 0 or not result.stdout:
        logger.warning("Rendering page %s for OCR failed: %s", number, result.stderr[-300:])
        return None
    return result.stdout
