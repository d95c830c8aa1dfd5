"""Background work of the repository: reading the text inside files for search.

The task runs outside the request (a ``db_worker`` in production). The parsing itself runs
in a limited subprocess (``extraction.extract_text``), so a hostile or huge file costs one
short-lived process and leaves the document downloadable, marked "not searchable" with the
reason."""

import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.db import transaction
from django_tasks import task

from .extraction import extract_text
from .models import PAGE_BREAK, TEXT_CAP, Document, DocumentVersion

STATUSES = {
    "searchable": Document.IndexStatus.INDEXED,
    "partial": Document.IndexStatus.PARTIAL,
    "empty": Document.IndexStatus.EMPTY,
}


@contextmanager
def local_copy(field_file):
    """A path on local disk for a stored file: the file itself on the file system storage,
    a temporary copy otherwise (object storage)."""
    try:
        yield Path(field_file.path)
        return
    except NotImplementedError:
        pass
    with tempfile.NamedTemporaryFile(suffix=Path(field_file.name).suffix) as copy:
        with field_file.open("rb") as source:
            shutil.copyfileobj(source, copy)
        copy.flush()
        yield Path(copy.name)


@task()
def index_document(*, version_id):
    """Read the text of one version and store it on its document, if that version is still
    the newest (a later upload queues its own task)."""
    version = DocumentVersion.objects.select_related("document").filter(pk=version_id).first()
    if version is None:
        return "gone"
    with local_copy(version.file) as path:
        result = extract_text(path, version.content_type)
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=version.document_id)
        newest = document.versions.order_by("-number").values_list("pk", flat=True).first()
        if newest != version.pk:
            return "superseded"
        store(document, result)
        # services imports this module to queue indexing, hence the import here.
        from .services import document_reindex

        document_reindex(document=document)
    return document.index_status


def store(document, result):
    """Save what reading the file gave on the document: its pages' text (separated by
    PAGE_BREAK), the status that tells the truth about it and the message for people."""
    status = STATUSES.get(result.status, Document.IndexStatus.FAILED)
    readable = status != Document.IndexStatus.FAILED
    text = PAGE_BREAK.join(page.rstrip("\n") for page in result.pages) if readable else ""
    document.text = text[:TEXT_CAP] if status != Document.IndexStatus.EMPTY else ""
    document.index_status = status
    document.index_error = "" if readable else result.error
    document.index_note = result.message if readable else ""
    document.index_pages = (result.page_count or len(result.pages)) if readable else 0
    document.index_ocr_pages = result.ocr_pages
    document.save(
        update_fields=[
            "text",
            "index_status",
            "index_error",
            "index_note",
            "index_pages",
            "index_ocr_pages",
        ]
    )


def queue_indexing(version):
    """Index the version once the transaction that stored it commits. ``robust``: the row and
    its file are committed by then, so a queue that cannot take the task must not turn into
    an error for the upload (whose clean-up would then remove a file a row points to); the
    document stays "waiting to be indexed" and the failure is logged."""
    transaction.on_commit(lambda: index_document.enqueue(version_id=version.pk), robust=True)
