"""Uploads that go wrong half way: a storage that fails in the middle of writing a file, and
two uploads with the same title at the same moment (the slug race)."""

import re
import threading
from io import StringIO
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, connection

from core import files
from repository import services
from repository.models import Document, DocumentEvent, DocumentVersion
from tests import factories
from tests.factories import samples

# Big enough to arrive in several chunks (SimpleUploadedFile reads 64 KiB at a time), so
# that the failing storage below has written part of the file when it fails.
BIG_PDF = samples.pdf("Hunger Safety Net", page_extra=b" /Pad (" + b"x" * 200_000 + b")")


def stored_files(settings):
    root = settings.MEDIA_ROOT / "documents"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def pdf_upload(content=BIG_PDF, name="report.pdf"):
    file = SimpleUploadedFile(name, content, content_type="application/pdf")
    return file, files.check_upload(
        file, allowed=files.DOCUMENT_EXTENSIONS, max_bytes=django_settings.REPOSITORY_MAX_SIZE
    )


def create(user, title="Cash transfer evaluation", upload=None, **extra):
    file, checked = upload or pdf_upload()
    return services.document_create(
        acting_user=user,
        data={"title": title, "type": "evaluation", "visibility": "members"} | extra,
        upload=file,
        checked=checked,
    )


# Storage failures ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_storage_failing_half_way_through_a_new_document_leaves_no_file_and_no_row(
    failing_storage, settings, django_capture_on_commit_callbacks
):
    user = factories.member()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(OSError, match="No space left"),
    ):
        create(user)
    assert failing_storage.writes == 1  # the write was attempted, and failed part way
    assert stored_files(settings) == []
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()
    assert not DocumentEvent.objects.exists()
    assert callbacks == []  # no indexing queued for a row that does not exist


@pytest.mark.django_db
def test_storage_failing_on_the_second_write_keeps_the_first_version_whole(
    failing_storage, settings, django_capture_on_commit_callbacks
):
    failing_storage.allowed = 1  # the first version is written, the second fails half way
    user = factories.member()
    with django_capture_on_commit_callbacks(execute=True):
        document = create(user)
    document.refresh_from_db()
    first = document.versions.get()
    assert stored_files(settings) == [settings.MEDIA_ROOT / first.file.name]
    status_before = document.index_status

    file, checked = pdf_upload(name="report v2.pdf")
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(OSError, match="No space left"),
    ):
        services.version_add(document=document, acting_user=user, upload=file, checked=checked)

    assert failing_storage.writes == 2
    assert stored_files(settings) == [settings.MEDIA_ROOT / first.file.name]
    assert (settings.MEDIA_ROOT / first.file.name).read_bytes() == BIG_PDF
    assert list(document.versions.values_list("number", flat=True)) == [1]
    assert list(document.events.values_list("action", flat=True)) == ["uploaded"]
    document.refresh_from_db()
    assert document.index_status == status_before
    assert callbacks == []


@pytest.mark.django_db
def test_a_queue_that_refuses_the_indexing_task_does_not_lose_the_committed_file(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    """The task is queued after the commit: if queueing fails, the row and its file stay
    (the document waits to be indexed) rather than the clean-up removing a committed file."""
    from repository import tasks

    def refuse(**kwargs):
        raise ConnectionError("queue unavailable")

    monkeypatch.setattr(tasks, "index_document", SimpleNamespace(enqueue=refuse))
    with django_capture_on_commit_callbacks(execute=True):
        document = create(factories.member())
    version = DocumentVersion.objects.get(document=document)
    assert stored_files(settings) == [settings.MEDIA_ROOT / version.file.name]
    assert Document.objects.get().index_status == Document.IndexStatus.PENDING

    # Once the queue is back, one command queues what was left waiting.
    monkeypatch.undo()
    out = StringIO()
    call_command("queue_indexing", stdout=out)
    assert "1 document queued" in out.getvalue()
    assert Document.objects.get().index_status == Document.IndexStatus.INDEXED
    call_command("queue_indexing", stdout=out)  # nothing waits any more
    assert "0 documents queued" in out.getvalue()


# The slug race ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_same_title_at_the_same_moment_gets_a_suffixed_slug(monkeypatch):
    """Deterministic form of the race: the other upload commits between this one's check
    for a free slug and its insert, so the slug it computed is already taken."""
    user = factories.member()
    first = create(user)
    assert first.slug == "cash-transfer-evaluation"
    monkeypatch.setattr(services, "_unique_slug", lambda title: "cash-transfer-evaluation")

    second = create(user)

    assert re.fullmatch(r"cash-transfer-evaluation-[0-9a-f]{6}", second.slug)
    assert Document.objects.count() == 2
    assert second.versions.count() == 1
    assert list(second.events.values_list("action", flat=True)) == ["uploaded"]


@pytest.mark.django_db
def test_an_integrity_error_not_about_the_slug_is_not_retried(monkeypatch):
    user = factories.member()
    attempts = []

    def broken_save(self, *args, **kwargs):
        attempts.append(self.slug)
        raise IntegrityError("some other constraint")

    monkeypatch.setattr(Document, "save", broken_save)
    with pytest.raises(IntegrityError, match="some other constraint"):
        create(user)
    assert attempts == ["cash-transfer-evaluation"]


@pytest.mark.django_db(transaction=True)
def test_two_uploads_with_the_same_title_at_once_both_succeed(reference_data, monkeypatch):
    """Two threads, each in its own transaction, both find the slug free (the barrier holds
    them until both have looked), then both insert: the unique index makes the second wait
    for the first to commit and then refuse; the retry gives it another slug."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers, so the two checks cannot overlap there")
    first_user, second_user = factories.member(), factories.member()
    barrier = threading.Barrier(2)
    real_unique_slug = services._unique_slug

    def unique_slug_then_wait(title):
        slug = real_unique_slug(title)
        barrier.wait(timeout=10)
        return slug

    monkeypatch.setattr(services, "_unique_slug", unique_slug_then_wait)
    outcomes = []

    def upload(user):
        try:
            outcomes.append(
                services.document_create(
                    acting_user=user,
                    data={"title": "County registry review", "type": "research"}
                    | {"visibility": "members"},
                    external_url="https://video.example/review",
                ).slug
            )
        except Exception as error:  # recorded for the assertion below
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=upload, args=(u,)) for u in (first_user, second_user)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert all(isinstance(outcome, str) for outcome in outcomes), outcomes
    assert len(outcomes) == 2
    assert "county-registry-review" in outcomes
    other = next(slug for slug in outcomes if slug != "county-registry-review")
    assert re.fullmatch(r"county-registry-review-[0-9a-f]{6}", other)
    assert Document.objects.filter(title="County registry review").count() == 2
    assert DocumentEvent.objects.filter(action="uploaded").count() == 2
