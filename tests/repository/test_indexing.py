"""The text inside uploaded files is read in the background, after the upload commits."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from core import files
from repository import services, tasks
from repository.models import Document
from tests.factories import PersonFactory, document, samples, version

pytestmark = pytest.mark.django_db


def test_an_upload_is_indexed_once_it_commits(django_capture_on_commit_callbacks, client):
    user = PersonFactory().user
    file = SimpleUploadedFile("review.pdf", samples.pdf("Ulinzi wa kijamii kwa wazee wote"))
    checked = files.check_upload(
        file, allowed=files.DOCUMENT_EXTENSIONS, max_bytes=settings.REPOSITORY_MAX_SIZE
    )
    with django_capture_on_commit_callbacks(execute=True):
        created = services.document_create(
            acting_user=user,
            data={
                "title": "County social registry review",
                "type": "research",
                "visibility": "members",
            },
            upload=file,
            checked=checked,
        )
    created.refresh_from_db()
    assert created.index_status == Document.IndexStatus.INDEXED
    assert "Ulinzi wa kijamii" in created.text

    client.force_login(user)
    page = client.get(created.get_absolute_url()).content.decode()
    assert "The text inside the file is searchable." in page


def test_an_unreadable_file_stays_downloadable_and_says_why(client):
    owner = PersonFactory().user
    doc = document(uploaded_by=owner, with_file=False)
    hostile = version(doc, content=samples.pdf_encrypted(), name="locked.pdf")

    assert tasks.index_document.call(version_id=hostile.pk) == Document.IndexStatus.FAILED
    doc.refresh_from_db()
    assert doc.index_error  # a plain reason, shown on the page
    assert doc.text == ""

    client.force_login(owner)
    page = client.get(doc.get_absolute_url()).content.decode()
    assert "Not searchable" in page
    assert client.get(doc.get_absolute_url() + "download/").status_code == 200


def test_a_superseded_version_does_not_overwrite_the_newest_text():
    doc = document(with_file=False)
    old = version(doc, content=samples.pdf("Old wording"))
    new = version(doc, content=samples.pdf("New wording"))
    assert tasks.index_document.call(version_id=new.pk) == Document.IndexStatus.INDEXED
    assert tasks.index_document.call(version_id=old.pk) == "superseded"
    doc.refresh_from_db()
    assert "New wording" in doc.text
