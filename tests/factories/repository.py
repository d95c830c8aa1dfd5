"""Builders for the repository tests: documents, versions and files good and hostile."""

import io
import itertools
import zipfile

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import CONTENT_COORDINATORS
from core.files import CheckedFile
from repository import services
from repository.models import Document, DocumentVersion, Tag
from tests.factories import UserFactory

_numbers = itertools.count(1)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


def pdf(name="report.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def ooxml(main_type, *, extra=(), content_types_extra=""):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types>'
            f'<Override PartName="/word/document.xml" ContentType="{main_type}"/>'
            f"{content_types_extra}</Types>",
        )
        archive.writestr("word/document.xml", "<w:document/>")
        for name, data in extra:
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


def docx_bytes():
    return ooxml(DOCX_MAIN)


def docm_bytes():
    return ooxml(
        DOCM_MAIN,
        extra=[("word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")],
        content_types_extra='<Default Extension="bin" '
        'ContentType="application/vnd.ms-office.vbaProject"/>',
    )


def odt_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def coordinator():
    user = UserFactory()
    user.groups.add(Group.objects.get(name=CONTENT_COORDINATORS))
    return user


def document(*, uploaded_by=None, with_file=True, **kwargs):
    """A document created directly (services are tested on their own), with what search
    reads stored as the services store it."""
    number = next(_numbers)
    kwargs.setdefault("visibility", Document.Visibility.MEMBERS)
    if kwargs["visibility"] == Document.Visibility.PUBLIC:
        kwargs.setdefault("public_status", Document.PublicStatus.APPROVED)
    doc = Document.objects.create(
        title=kwargs.pop("title", f"Document {number}"),
        slug=kwargs.pop("slug", f"document-{number}"),
        type=kwargs.pop("type", Document.Type.RESEARCH),
        uploaded_by=uploaded_by or UserFactory(),
        **kwargs,
    )
    services.document_reindex(document=doc)
    if with_file:
        version(doc)
    return doc


def relate(doc, **relations):
    """Add many-to-many values (``counties=[...]``, ``publishers=[...]``...) and store them
    for search and facets, as the services do."""
    for name, values in relations.items():
        getattr(doc, name).add(*values)
    services.document_reindex(document=doc)
    return doc


def tag(doc, *names):
    """Add tags to a document and store them for search, as the services do."""
    doc.tags.add(*[Tag.objects.get_or_create(name=name)[0] for name in names])
    services.document_reindex(document=doc)


def version(doc, *, content=PDF_BYTES, name="report.pdf", number=None):
    number = number or doc.versions.count() + 1
    item = DocumentVersion(
        document=doc,
        number=number,
        original_name=name,
        extension="pdf",
        content_type="application/pdf",
        size=len(content),
        sha256="0" * 64,
        uploaded_by=doc.uploaded_by,
    )
    item.file.save("upload", SimpleUploadedFile(name, content), save=False)
    item.save()
    return item


PDF_CHECKED = CheckedFile(extension="pdf", content_type="application/pdf")
