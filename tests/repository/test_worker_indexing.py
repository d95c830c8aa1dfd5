"""With the production task backend (the database, read by ``db_worker``), an upload is
saved at once and waits to be indexed; once the worker has run, a phrase that is only inside
the file finds it, highlighted, and the download is the file uploaded. The same journey runs
in Chromium in tests/browser/test_repository_journey.py."""

import signal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from demo import files as demo_files
from repository.models import Document
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHRASE = "Ngaremara grazing reserve compact"


def run_task_worker():
    """``manage.py db_worker`` once over the queue; it sets its own signal handlers, so
    pytest's are put back afterwards."""
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command(
            "db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0
        )
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


def test_an_upload_waits_for_the_worker_then_is_found_by_a_phrase_inside(
    reference_data, client, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    member = PersonFactory().user
    content = demo_files.pdf(f"Elders described the {PHRASE} of the dry season.")
    client.force_login(member)

    response = client.post(
        "/documents/new/",
        {
            "title": "Pastoral cash transfer review for Isiolo",
            "type": "evaluation",
            "language": "en",
            "visibility": "members",
            "file": SimpleUploadedFile("isiolo-review.pdf", content),
        },
    )

    document = Document.objects.get()
    assert response.status_code == 302
    assert document.index_status == Document.IndexStatus.PENDING
    assert DBTaskResult.objects.filter(task_path="repository.tasks.index_document").count() == 1
    page = client.get(document.get_absolute_url()).content.decode()
    assert "The text inside the file is being read for search." in page
    searched = client.get("/documents/", {"q": f'"{PHRASE}"'}).content.decode()
    assert document.get_absolute_url() not in searched

    run_task_worker()

    document.refresh_from_db()
    assert document.index_status == Document.IndexStatus.INDEXED
    assert (
        DBTaskResult.objects.get(task_path="repository.tasks.index_document").status == "SUCCESSFUL"
    )
    page = client.get(document.get_absolute_url()).content.decode()
    assert "The text inside the file is searchable." in page
    searched = client.get("/documents/", {"q": f'"{PHRASE}"'}).content.decode()
    assert document.get_absolute_url() in searched
    assert "<mark>Ngaremara</mark>" in searched
    download = client.get(document.get_absolute_url() + "download/")
    assert b"".join(download.streaming_content) == content
