"""Text inside uploaded documents, read for search.

The parsing runs in a subprocess (``repository.extract_worker``) with limits on memory, CPU
time, file writes and processes, so that a hostile or huge file costs at most one short-lived
process: the caller always gets an ``Extraction`` back, never an exception or a crash.
"""

import logging
import math
import os
import resource
import signal
import subprocess
import sys
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from repository import extract_worker

logger = logging.getLogger(__name__)

# Processes the worker's user may have: 1 means the worker cannot start another (root is
# exempt from this limit, the other limits still hold).
WORKER_MAX_PROCESSES = 1


@dataclass(frozen=True)
class Extraction:
    """What reading a file gave: its text when ``ok``, else the reason in ``error`` (a plain
    sentence for people) and ``code`` (stable, for programs)."""

    text: str = ""
    ok: bool = True
    error: str = ""
    code: str = ""


def _messages():
    return {
        "timeout": _("The file took too long to read."),
        "memory": _("The file needs too much memory to read."),
        "unsupported": _("The file could not be read: text is not taken from this type of file."),
        "encrypted": _("The file could not be read: it is protected by a password."),
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
        "damaged": _("The file could not be read: it is damaged or not what its type says."),
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
    """A bare environment: the worker needs none of the portal's secrets."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONUTF8": "1",
    }
    hooks = os.environ.get(extract_worker.TEST_HOOKS_ENV)
    if hooks:
        env[extract_worker.TEST_HOOKS_ENV] = hooks
    return env


def extract_text(path, content_type, *, max_chars=None, timeout=None, memory_mb=None):
    """Read the text of the file at ``path`` (a local file) whose sniffed MIME type is
    ``content_type``, keeping at most ``max_chars`` characters. Never raises for anything
    the file does."""
    if max_chars is None:
        max_chars = settings.REPOSITORY_TEXT_MAX_CHARS
    if timeout is None:
        timeout = settings.REPOSITORY_EXTRACT_TIMEOUT
    if memory_mb is None:
        memory_mb = settings.REPOSITORY_EXTRACT_MEMORY_MB
    if content_type.startswith("image/"):
        return Extraction()
    command = [
        sys.executable,
        "-m",
        "repository.extract_worker",
        os.fspath(path),
        content_type,
        str(max_chars),
    ]
    try:
        result = subprocess.run(  # noqa: S603 (our own interpreter and module, no shell)
            command,
            timeout=timeout,
            capture_output=True,
            stdin=subprocess.DEVNULL,
            cwd=settings.BASE_DIR,
            env=_worker_environment(),
            preexec_fn=_limits(timeout=timeout, memory_mb=memory_mb),
            start_new_session=True,
        )
    except subprocess.TimeoutExpired:
        return _failure("timeout")
    except OSError as exc:
        return _failure("crashed", f"could not start the worker: {exc}")
    return _outcome(result, max_chars)


def _outcome(result, max_chars):
    returncode = result.returncode
    stderr = result.stderr.decode("utf-8", errors="replace")
    if returncode == 0:
        text = result.stdout.decode("utf-8", errors="replace")
        # PostgreSQL text cannot hold NUL characters.
        text = text.replace("\x00", "")[:max_chars]
        return Extraction(text=text)
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
