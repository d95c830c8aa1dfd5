"""seed_demo's documents: real files across types and levels, indexed, found by search."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from core import files
from demo.repository import DOCUMENTS
from repository.models import Document, DocumentVersion

pytestmark = pytest.mark.django_db

V, S = Document.Visibility, Document.PublicStatus
# A word only inside the Kiswahili guide's file ("an account opened in the name of..."):
# neither a title, a summary nor a tag of any demo document has it.
WORD_ONLY_IN_THE_FILE = "iliyofunguliwa"
KISWAHILI_GUIDE = "Mwongozo wa Inua Jamii kwa wazee"


def test_seed_demo_adds_indexed_documents_at_every_level(demo):
    assert "documents (39 new" in demo.output
    # The demo's uploads; seed_demo also files the minutes and recordings of held meetings.
    documents = Document.objects.filter(meeting_link__isnull=True)
    assert Document.objects.filter(meeting_link__isnull=False).exists()
    assert 36 <= documents.count() <= 48 and documents.count() == len(DOCUMENTS)
    levels = {
        (V.PUBLIC, S.APPROVED),
        (V.PUBLIC, S.PENDING),
        (V.PUBLIC, S.REFUSED),
        (V.MEMBERS, S.NOT_REQUESTED),
        (V.TWG, S.NOT_REQUESTED),
        (V.COMMITTEE, S.NOT_REQUESTED),
    }
    assert set(documents.values_list("visibility", "public_status")) == levels
    assert documents.filter(language=Document.Language.KISWAHILI).count() >= 5
    with_files = documents.filter(external_url="")
    assert with_files.exclude(index_status=Document.IndexStatus.INDEXED).count() == 0
    assert with_files.filter(text__contains="Inua Jamii").exists()
    assert documents.filter(withdrawn_at__isnull=False).count() == 1
    assert documents.exclude(external_url="").get().type == Document.Type.VIDEO
    assert DocumentVersion.objects.filter(number=2, document__in=documents).count() == 2
    assert set(DocumentVersion.objects.values_list("extension", flat=True)) == {
        "pdf",
        "docx",
        "xlsx",
        "pptx",
        "odt",
        "csv",
        "txt",
        "png",
    }
    # Every file is what its extension says, by the same check an upload goes through.
    for version in DocumentVersion.objects.all():
        with version.file.open("rb") as stored:
            upload = SimpleUploadedFile(version.original_name, stored.read())
        assert (
            files.check_upload(upload, allowed=files.DOCUMENT_EXTENSIONS, max_bytes=10**7).extension
            == version.extension
        )
    # Documents restricted to a body were uploaded by someone sitting on it.
    for document in documents.filter(visibility__in=Document.BODY_LEVELS):
        assert document.body.seats.filter(user=document.uploaded_by).exists()


def test_a_word_inside_a_kiswahili_file_finds_it_and_levels_hold(client):
    assert not Document.objects.filter(title__icontains=WORD_ONLY_IN_THE_FILE).exists()
    assert not Document.objects.filter(summary__icontains=WORD_ONLY_IN_THE_FILE).exists()

    page = client.get("/documents/", {"q": WORD_ONLY_IN_THE_FILE}).content.decode()

    assert Document.objects.get(title=KISWAHILI_GUIDE).get_absolute_url() in page
    assert f"<mark>{WORD_ONLY_IN_THE_FILE}</mark>" in page
    # Read aloud in Kiswahili: the title and the snippet say which language they are in.
    guide = Document.objects.get(title=KISWAHILI_GUIDE)
    assert f'<h2 class="h5 mb-1" lang="sw"><a href="{guide.get_absolute_url()}">' in page
    # The words of the file are in Kiswahili; a "Found on page" link before them is in the
    # page's language.
    snippet = re.search(r'<p class="mb-1 small search-snippet">.*?</p>', page, re.S).group()
    assert re.search(rf'<span lang="sw">[^<]*<mark>{WORD_ONLY_IN_THE_FILE}</mark>', snippet)

    # A visitor sees the approved public documents only; the demo member sees the members'
    # documents and their working group's, not a committee's they have no seat on.
    def link(title):
        return Document.objects.get(title=title).get_absolute_url()

    visitor_sees = {
        "Kenya Social Protection Policy: summary for practitioners": True,
        "Enhanced single registry: data dictionary": False,
    }
    for title, seen in visitor_sees.items():
        found = client.get("/documents/", {"q": f'"{title}"'}).content.decode()
        assert (link(title) in found) is seen, title
    client.force_login(get_user_model().objects.get(email="member@demo.cop.ke"))
    member_sees = {
        "Enhanced single registry: data dictionary": True,
        "Drought scale-up triggers: working draft": True,
        "Draft work plan of the Coordination Committee": False,
        "Cash transfer payment schedule 2025": False,  # withdrawn
    }
    for title, seen in member_sees.items():
        found = client.get("/documents/", {"q": f'"{title}"'}).content.decode()
        # The query is echoed in the search box: look for the link to the document.
        assert (link(title) in found) is seen, title
