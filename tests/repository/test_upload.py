"""Uploading: the form, the content checks against files that are not what their name says,
and a storage failure. Hostile files (web pages, polyglots, macros, bombs) have their own
module, test_hostile_files, which follows them through indexing and download too."""

import pytest
from django.core.files.storage import FileSystemStorage
from django.urls import reverse

from repository.models import Document, DocumentEvent, DocumentVersion
from tests import factories
from tests.factories import PDF_BYTES, PNG_BYTES, samples, upload

pytestmark = pytest.mark.django_db


def stored_files(settings):
    root = settings.MEDIA_ROOT / "documents"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def post(client, file=None, **fields):
    data = {
        "title": "Cash transfer evaluation",
        "type": Document.Type.EVALUATION,
        "language": "en",
        "visibility": "members",
        "tags": "Cash Transfers, disability ,cash transfers",
    } | fields
    if file is not None:
        data["file"] = file
    return client.post(reverse("repository:upload"), data)


@pytest.fixture
def member_client(client):
    client.force_login(factories.member())
    return client


def test_upload_page_is_for_members_only(client, user):
    assert client.get(reverse("repository:upload")).status_code == 302  # to sign in
    client.force_login(user)  # an account without membership
    assert client.get(reverse("repository:upload")).status_code == 404


def test_member_uploads_a_pdf_stored_under_a_random_name(member_client, settings):
    response = post(member_client, upload("../../etc/My report.pdf", PDF_BYTES))
    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == document.get_absolute_url()
    version = document.versions.get()
    assert version.original_name == "My report.pdf" or version.original_name.endswith(
        "My report.pdf"
    )
    assert "report" not in version.file.name.lower()
    assert version.file.name.startswith(f"documents/{document.pk}/")
    assert version.size == len(PDF_BYTES) and len(version.sha256) == 64
    assert sorted(t.name for t in document.tags.all()) == ["cash transfers", "disability"]
    assert document.events.get().action == DocumentEvent.Action.UPLOADED
    assert len(stored_files(settings)) == 1


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("paper.docx", samples.docx("Hunger Safety Net")),
        ("paper.odt", samples.odt("<text:p>Hunger Safety Net</text:p>")),
        ("figures.csv", "county,amount\nKisumu,1000\nMombasa,2000 — KSh\n".encode()),
        ("notes.txt", b"Habari za asubuhi"),
        ("chart.png", PNG_BYTES),
    ],
)
def test_accepted_types_are_stored(member_client, name, content):
    assert post(member_client, upload(name, content)).status_code == 302
    assert DocumentVersion.objects.get().extension == name.rsplit(".", 1)[1]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        # A JPEG header glued to a zip: the name says PDF, the bytes say otherwise.
        (
            "polyglot.pdf",
            b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + samples.docx("Hunger Safety Net"),
            "not a real PDF",
        ),
        ("letter.docx", b"PK\x03\x04 not really a zip", "not a real Word"),
        ("letter.docx", samples.odt("<text:p>Hunger Safety Net</text:p>"), "not a real Word"),
        ("data.csv", b"\x89PNG\r\n\x1a\n\x00\x00binary\xff\xfe", "not plain text in UTF-8"),
        ("data.csv", "name,place\nZoë,Nyeri\n".encode("latin-1"), "not plain text in UTF-8"),
        ("macro.docm", samples.docm(), "are not accepted"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_wrong_files_are_refused_and_nothing_is_stored(
    member_client, settings, name, content, message
):
    response = post(member_client, upload(name, content))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()
    assert stored_files(settings) == []


def test_file_over_the_size_limit_is_refused(member_client, settings):
    settings.REPOSITORY_MAX_SIZE = 100
    response = post(member_client, upload("big.pdf", PDF_BYTES + b"0" * 200))
    assert "the limit is 100" in " ".join(response.context["form"].errors["file"])
    assert not Document.objects.exists()


def test_a_file_or_a_link_is_needed_but_not_both(member_client):
    response = post(member_client)
    assert "Upload a file or give a link" in str(response.context["form"].errors["file"])
    response = post(
        member_client, upload("a.pdf", PDF_BYTES), external_url="https://video.example/1"
    )
    assert "not both" in str(response.context["form"].errors["file"])
    assert not Document.objects.exists()


def test_a_video_link_needs_no_file(member_client):
    response = post(member_client, external_url="https://video.example/webcast", type="video")
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.external_url == "https://video.example/webcast"
    assert not document.versions.exists()


def test_storage_failure_leaves_no_row_and_no_file(member_client, settings, monkeypatch):
    def broken_save(self, name, content):
        raise OSError("disk full")

    monkeypatch.setattr(FileSystemStorage, "_save", broken_save)
    with pytest.raises(OSError):
        post(member_client, upload("report.pdf", PDF_BYTES))
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()
    assert not DocumentEvent.objects.exists()
    assert stored_files(settings) == []


def test_failure_after_the_file_is_written_removes_it(member_client, settings, monkeypatch):
    def broken_create(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(DocumentEvent.objects, "create", broken_create)
    with pytest.raises(RuntimeError):
        post(member_client, upload("report.pdf", PDF_BYTES))
    assert not Document.objects.exists()
    assert stored_files(settings) == []


def test_member_asking_for_public_waits_for_approval(member_client):
    post(member_client, upload("a.pdf", PDF_BYTES), visibility="public")
    document = Document.objects.get()
    assert document.public_status == Document.PublicStatus.PENDING
    assert document.events.filter(action=DocumentEvent.Action.PUBLIC_REQUESTED).exists()


def test_only_bodies_the_member_sits_on_can_be_chosen(client):
    group = factories.working_group()
    other = factories.working_group()
    seat = factories.seat(group.body)
    client.force_login(seat.user)
    response = post(client, upload("a.pdf", PDF_BYTES), visibility="twg", body=other.body.pk)
    assert "body" in response.context["form"].errors
    response = post(client, upload("a.pdf", PDF_BYTES), visibility="twg")
    assert "Choose the working group" in str(response.context["form"].errors["body"])
    assert not Document.objects.exists()
    response = post(client, upload("a.pdf", PDF_BYTES), visibility="twg", body=group.body.pk)
    assert response.status_code == 302
    assert Document.objects.get().body == group.body


def test_upload_page_loads_the_progress_script_with_a_nonce(member_client):
    response = member_client.get(reverse("repository:upload"))
    html = response.content.decode()
    assert "js/upload.js" in html and "data-upload-progress" in html
    assert 'nonce="' in html.split("js/upload.js")[1][:40]
