"""Real-world documents from upload to search (decision 0025): scanned letters found by a
word inside them through OCR, hits that say on which page they are and link to it, the whole
text searchable past the old 200,000-character window, and the status each file gets."""

import shutil

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import files
from repository import services
from repository.models import Document
from tests.factories import PersonFactory, samples
from tests.repository_extraction.test_real_world import LETTER_EN, LETTER_SW

pytestmark = pytest.mark.django_db

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="Tesseract is installed by .ci/run and make test"
)


def upload(owner, name, content, title, callbacks):
    file = SimpleUploadedFile(name, content)
    checked = files.check_upload(
        file, allowed=files.DOCUMENT_EXTENSIONS, max_bytes=settings.REPOSITORY_MAX_SIZE
    )
    with callbacks(execute=True):
        created = services.document_create(
            acting_user=owner,
            data={"title": title, "type": "research", "visibility": "members"},
            upload=file,
            checked=checked,
        )
    created.refresh_from_db()
    return created


def search(client, query):
    response = client.get(reverse("repository:list"), {"q": query})
    assert response.status_code == 200
    return response


def titles(response):
    return sorted(d.title for d in response.context["page"].object_list)


@needs_tesseract
def test_scanned_letters_in_english_and_kiswahili_are_found_by_a_word_inside_them(
    client, django_capture_on_commit_callbacks
):
    owner = PersonFactory().user
    english = upload(
        owner,
        "letter.pdf",
        samples.scanned_pdf(LETTER_EN),
        "Letter",
        django_capture_on_commit_callbacks,
    )
    kiswahili = upload(
        owner,
        "barua.pdf",
        samples.scanned_pdf(LETTER_SW),
        "Barua",
        django_capture_on_commit_callbacks,
    )
    client.force_login(owner)

    assert titles(search(client, "grievance")) == ["Letter"]
    assert titles(search(client, "malalamiko")) == ["Barua"]
    for document in (english, kiswahili):
        assert document.index_status == Document.IndexStatus.INDEXED
        assert document.index_ocr_pages == 1
        page = client.get(document.get_absolute_url()).content.decode()
        assert "The text inside the file is searchable." in page
        assert "read by OCR" in page and "may have mistakes" in page


def test_a_scan_without_ocr_says_no_text_found_never_searchable(
    client, settings, django_capture_on_commit_callbacks
):
    settings.REPOSITORY_OCR = False
    owner = PersonFactory().user
    document = upload(
        owner,
        "scan.pdf",
        samples.scanned_pdf(LETTER_EN),
        "Scan",
        django_capture_on_commit_callbacks,
    )

    assert document.index_status == Document.IndexStatus.EMPTY
    client.force_login(owner)
    page = client.get(document.get_absolute_url()).content.decode()
    assert "No text found" in page
    assert "The text inside the file is searchable." not in page


def test_a_hit_says_on_which_page_it_is_and_links_to_it(client, django_capture_on_commit_callbacks):
    owner = PersonFactory().user
    pages = [f"Chapter {n} on cash transfers" for n in range(1, 37)] + ["Lodwar grievance desk"]
    document = upload(
        owner, "report.pdf", samples.pdf(*pages), "Long report", django_capture_on_commit_callbacks
    )
    assert document.index_pages == 37
    client.force_login(owner)

    response = search(client, "lodwar")

    [hit] = response.context["page"].object_list
    assert hit.snippet_page == 37
    html = response.content.decode()
    assert "Found on page 37" in html
    assert f'href="{document.get_absolute_url()}download/#page=37"' in html


def test_the_whole_text_is_searchable_past_the_old_window(
    client, django_capture_on_commit_callbacks
):
    owner = PersonFactory().user
    text = ("cash transfer programme " * 12_000 + "Kakuma refugee camp\n").encode()
    assert len(text) > 250_000
    upload(owner, "long.txt", text, "Very long", django_capture_on_commit_callbacks)
    client.force_login(owner)

    assert titles(search(client, "kakuma")) == ["Very long"]


def test_a_pptx_without_slides_is_not_called_damaged(client, django_capture_on_commit_callbacks):
    owner = PersonFactory().user
    document = upload(
        owner,
        "deck.pptx",
        samples.pptx_without_slides(),
        "Empty deck",
        django_capture_on_commit_callbacks,
    )

    assert document.index_status == Document.IndexStatus.EMPTY
    assert document.index_error == ""
    client.force_login(owner)
    page = client.get(document.get_absolute_url()).content.decode()
    assert "No text found" in page and "damaged" not in page


def test_a_pdf_with_bytes_before_its_header_is_accepted_and_read(
    client, django_capture_on_commit_callbacks
):
    owner = PersonFactory().user
    document = upload(
        owner,
        "gateway.pdf",
        samples.pdf_with_prefix("Hunger Safety Net"),
        "From the gateway",
        django_capture_on_commit_callbacks,
    )

    assert document.index_status == Document.IndexStatus.INDEXED
    assert "Hunger Safety Net" in document.text


@pytest.mark.skipif(
    __import__("django.db").db.connection.vendor != "postgresql",
    reason="PostgreSQL's 1 MB limit on a tsvector",
)
def test_a_text_too_varied_for_one_vector_falls_back_to_a_window_and_never_fails():
    import hashlib

    from tests.factories import document

    doc = document(title="Made-up words")
    words = [hashlib.md5(str(n).encode()).hexdigest() for n in range(30_000)]  # noqa: S324
    doc.text = " ".join(words)  # 990,000 characters: a vector of them would pass 1 MB
    doc.save(update_fields=["text"])

    services.document_reindex(document=doc)

    found = Document.objects.filter(pk=doc.pk, search_vector__isnull=False)
    assert found.exists()
    assert Document.objects.filter(search_vector=words[0]).exists()
