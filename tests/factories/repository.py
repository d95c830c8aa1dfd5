"""Documents and their versions, stored as the services store them."""

import itertools

from django.core.files.uploadedfile import SimpleUploadedFile

from core.files import CheckedFile
from repository import services
from repository.models import Document, DocumentVersion, Tag
from tests.factories.accounts import UserFactory
from tests.factories.samples import PDF_BYTES

_numbers = itertools.count(1)


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


# What the upload check returns for a PDF, for services called without the form.
PDF_CHECKED = CheckedFile(extension="pdf", content_type="application/pdf")
