"""Hostile files through the whole pipeline: a member uploads them through the upload page,
then the task worker (django-tasks' database worker loop, as ``manage.py db_worker`` runs it)
reads them for search. Each one is either refused by the form with nothing stored, or stored,
marked not searchable with the reason, and served only as an attachment with a type from the
allowlist; and the worker goes on to index the next, ordinary document."""

import zlib

import pytest
from django.urls import reverse
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from core.files import CONTENT_TYPES
from repository.models import Document, DocumentEvent, DocumentVersion
from tests import factories
from tests.factories import samples, upload

pytestmark = pytest.mark.django_db

JPEG_HEAD = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
ORDINARY_PHRASE = "Ulinzi wa kijamii kwa wazee wote"


def jpeg_with_comment(comment):
    """A JPEG start whose comment segment (COM) carries ``comment``."""
    return JPEG_HEAD + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + b"\xff\xd9"


def pdf_with_huge_content_stream(operations=500_000, pages=100):
    """Pages that all draw one compressed content stream (about 70 KB) holding 25 megabytes
    of text operations: small to upload, far too slow to read. One page of it was slow for
    pypdf but PDFium reads it within a second on a quiet machine; a hundred pages of it, each
    parsed again (PDFium: 0.8 s a page here), outlast any reader's time limit."""
    content = zlib.compress(b"BT /F1 12 Tf 72 720 Td (Hunger Safety Net) Tj ET\n" * operations, 9)
    first_page = 5
    kids = b" ".join(b"%d 0 R" % (first_page + n) for n in range(pages))
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 3 0 R >> >> >>"
    )
    return samples.pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content)
            + content
            + b"\nendstream",
            *([page] * pages),
        ]
    )


def stored_files(settings):
    root = settings.MEDIA_ROOT / "documents"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def member(client):
    user = factories.member()
    client.force_login(user)
    return user


@pytest.fixture
def database_queue(settings):
    """Tasks go to the database queue, as in production, instead of running at once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def run_worker(monkeypatch):
    """Run the database worker's loop until the queue is empty (``db_worker --batch``).
    Its connection housekeeping is left out: inside the test's transaction it would close
    the connection the test runs in."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run():
        db_worker.Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        ).run()

    return run


def post_upload(client, file, title="Hostile file"):
    return client.post(
        reverse("repository:upload"),
        {
            "title": title,
            "type": Document.Type.RESEARCH,
            "language": "en",
            "visibility": "members",
            "file": file,
        },
    )


# Refused by the form ------------------------------------------------------------------------

REFUSED = [
    pytest.param(
        "report.pdf",
        b"<!DOCTYPE html><html><body><script>fetch('/accounts/')</script></body></html>",
        "not a real PDF",
        id="html-renamed-pdf",
    ),
    pytest.param(
        "chart.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>',
        "are not accepted",
        id="svg-with-script",
    ),
    pytest.param(
        "chart.png",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>',
        "not a real PNG",
        id="svg-renamed-png",
    ),
    pytest.param(
        "report.pdf",
        b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF",
        "web page code",
        id="polyglot-pdf-and-html",
    ),
    pytest.param(
        "photo.jpg",
        jpeg_with_comment(b"<html><script>alert(document.cookie)</script></html>"),
        "web page code",
        id="polyglot-jpeg-and-html",
    ),
    pytest.param(
        "report.pdf",
        samples.pdf("Hunger Safety Net") + samples.docx("Hunger Safety Net"),
        "archive hidden inside",
        id="polyglot-pdf-with-zip-appended",
    ),
    pytest.param(
        "photo.jpg",
        jpeg_with_comment(b"holiday") + samples.docx("Hunger Safety Net"),
        "archive hidden inside",
        id="polyglot-jpeg-with-zip-appended",
    ),
    pytest.param(
        "letter.docx",
        samples.docx(
            "Hunger Safety Net", extra=[("word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")]
        ),
        "macros",
        id="macro-project-renamed-docx",
    ),
    pytest.param(
        "letter.docx",
        samples.docx("Hunger Safety Net", main=samples.DOCM_MAIN),
        "macros",
        id="docm-content-type-renamed-docx",
    ),
]


@pytest.mark.parametrize(("name", "content", "message"), REFUSED)
def test_hostile_upload_is_refused_and_nothing_is_stored(
    client,
    member,
    settings,
    database_queue,
    django_capture_on_commit_callbacks,
    name,
    content,
    message,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post_upload(client, upload(name, content))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()
    assert not DocumentEvent.objects.exists()
    assert stored_files(settings) == []
    assert callbacks == [] and not DBTaskResult.objects.exists()


NEW_VERSION_CASES = [
    case
    for case in REFUSED
    if case.id.startswith(("polyglot-pdf-with", "polyglot-jpeg-with", "macro", "docm"))
]


@pytest.mark.parametrize(("name", "content", "message"), NEW_VERSION_CASES)
def test_hostile_new_version_is_refused_and_the_document_is_unchanged(
    client, member, settings, name, content, message
):
    assert post_upload(client, upload("report.pdf", samples.pdf("First"))).status_code == 302
    document = Document.objects.get()
    files_before = stored_files(settings)

    response = client.post(
        reverse("repository:version_new", args=[document.slug]), {"file": upload(name, content)}
    )

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert list(document.versions.values_list("number", flat=True)) == [1]
    assert list(document.events.values_list("action", flat=True)) == ["uploaded"]
    assert stored_files(settings) == files_before


# Stored, not searchable, and the worker goes on ---------------------------------------------

STORED = [
    pytest.param(
        "report.docx",
        samples.docx_zip_bomb(20 * 1024 * 1024),
        "compressed far more than a normal document",
        id="zip-bomb",
    ),
    pytest.param(
        "report.docx",
        samples.docx(document=samples.BILLION_LAUGHS),
        "XML declarations",
        id="docx-billion-laughs",
    ),
    pytest.param(
        "report.pdf", pdf_with_huge_content_stream(), "took too long", id="huge-content-stream"
    ),
]


@pytest.mark.parametrize(("name", "content", "reason"), STORED)
def test_hostile_file_is_stored_not_searchable_and_the_worker_indexes_the_next(
    client,
    member,
    settings,
    database_queue,
    run_worker,
    django_capture_on_commit_callbacks,
    name,
    content,
    reason,
):
    if reason == "took too long":
        # Long enough for the ordinary file on a busy machine, short for this test.
        settings.REPOSITORY_EXTRACT_TIMEOUT = 5
    with django_capture_on_commit_callbacks(execute=True):
        assert post_upload(client, upload(name, content), title="Hostile").status_code == 302
        ordinary = upload("ordinary.pdf", samples.pdf(ORDINARY_PHRASE))
        assert post_upload(client, ordinary, title="Ordinary").status_code == 302
    hostile = Document.objects.get(title="Hostile")
    assert hostile.index_status == Document.IndexStatus.PENDING
    assert DBTaskResult.objects.ready().count() == 2

    run_worker()

    # Both tasks ran to their end in the same worker: the hostile file cost one child process.
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["SUCCESSFUL"] * 2
    hostile.refresh_from_db()
    assert hostile.index_status == Document.IndexStatus.FAILED
    assert reason in hostile.index_error
    assert hostile.text == ""
    following = Document.objects.get(title="Ordinary")
    assert following.index_status == Document.IndexStatus.INDEXED
    assert ORDINARY_PHRASE in following.text

    page = client.get(hostile.get_absolute_url()).content.decode()
    assert "Not searchable" in page and reason in page
    response = client.get(reverse("repository:download", args=[hostile.slug]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == CONTENT_TYPES[name.rsplit(".", 1)[1]]
    assert_served_safely(response)


# Read by PDFium, which parses nesting with a depth limit of its own and reads a long file
# up to the page cap: the worker carries on and the document says what it read.
READ_SAFELY = [
    pytest.param(
        samples.pdf_deeply_nested(), Document.IndexStatus.INDEXED, "Hunger Safety Net", id="deep"
    ),
    pytest.param(
        samples.pdf(*["Page"] * 2001),
        Document.IndexStatus.PARTIAL,
        "only its first 2,000 pages were read",
        id="many-pages",
    ),
]


@pytest.mark.parametrize(("content", "status", "shown"), READ_SAFELY)
def test_a_pdf_built_to_overwhelm_the_reader_is_read_within_limits(
    client,
    member,
    database_queue,
    run_worker,
    django_capture_on_commit_callbacks,
    content,
    status,
    shown,
):
    with django_capture_on_commit_callbacks(execute=True):
        assert post_upload(client, upload("report.pdf", content), title="Odd").status_code == 302

    run_worker()

    document = Document.objects.get(title="Odd")
    assert document.index_status == status
    page = client.get(document.get_absolute_url()).content.decode()
    assert shown in page or shown in document.text


def assert_served_safely(response):
    """What a browser is told about a file it must never run."""
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    ("name", "content_type"),
    [("page.txt", "text/plain; charset=utf-8"), ("page.csv", "text/csv; charset=utf-8")],
)
def test_web_page_saved_as_text_is_served_as_text_to_download(client, member, name, content_type):
    """HTML is valid UTF-8 text, so a .txt or .csv of it is accepted: it is only ever sent
    as plain text, never sniffed, and as a download."""
    page = b"<html><body><script>fetch('/accounts/email/')</script></body></html>"
    assert post_upload(client, upload(name, page)).status_code == 302
    document = Document.objects.get()
    response = client.get(reverse("repository:download", args=[document.slug]))
    assert response["Content-Type"] == content_type
    assert_served_safely(response)


def test_pdf_that_was_read_is_inline_one_that_was_refused_is_an_attachment(
    client, member, run_worker, database_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_upload(client, upload("ordinary.pdf", samples.pdf(ORDINARY_PHRASE)), title="Fine")
        # Starts like a PDF (the upload checks pass it) but has no pages to read: damaged.
        post_upload(client, upload("nested.pdf", samples.PDF_BYTES), title="Nested")
    run_worker()
    fine = client.get(reverse("repository:download", args=["fine"]))
    nested = client.get(reverse("repository:download", args=["nested"]))
    assert fine["Content-Disposition"].startswith("inline;")
    assert nested["Content-Disposition"].startswith("attachment;")
    assert fine["Content-Type"] == nested["Content-Type"] == "application/pdf"
    for response in (fine, nested):
        assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
        assert response["X-Content-Type-Options"] == "nosniff"
