"""The repository's part of a person's export and erasure (see ``core.personal_data``).
Documents belong to the CoP and the organisations that share them: they stay, uploaded by
"Former member", with the person's name taken out of their text; the feed key is revoked."""

from core.personal_data import Contribution, record, register, scrub_column, stored_file

from .models import Document, DocumentEvent, DocumentVersion, FeedToken


def export(user):
    yield (
        "repository-documents-uploaded",
        (
            record(d, "title", "slug", "type", "visibility", "public_status", "authors")
            | record(d, "summary", "organisation", "created_at")
            for d in Document.objects.filter(uploaded_by=user)
            .select_related("organisation")
            .iterator(chunk_size=200)
        ),
    )
    yield (
        "repository-versions-uploaded",
        (
            record(v, "document", "number", "original_name", "content_type", "size")
            | record(v, "sha256", "uploaded_at")
            for v in DocumentVersion.objects.filter(uploaded_by=user)
            .select_related("document")
            .iterator(chunk_size=200)
        ),
    )
    yield (
        "repository-document-actions",
        (
            record(e, "document", "action", "note", "at")
            for e in DocumentEvent.objects.filter(actor=user)
            .select_related("document")
            .iterator(chunk_size=200)
        ),
    )
    yield (
        "repository-feed-key",
        ({"created_at": t.created_at.isoformat()} for t in FeedToken.objects.filter(user=user)),
    )


def files(user):
    versions = DocumentVersion.objects.filter(uploaded_by=user).only(
        "pk", "file", "original_name", "document_id"
    )
    for version in versions.iterator(chunk_size=200):
        yield from stored_file(
            f"documents/{version.document_id}-{version.pk}-{version.original_name}", version.file
        )


def erase(user, erasure):
    FeedToken.objects.filter(user=user).delete()
    for name in ("authors", "summary", "rights", "public_note", "withdrawn_reason", "text"):
        scrub_column(Document, name, erasure)
    scrub_column(DocumentEvent, "note", erasure)


register(
    Contribution(
        app_label="repository",
        models=(
            "repository.Document",
            "repository.DocumentVersion",
            "repository.DocumentEvent",
            "repository.FeedToken",
        ),
        export=export,
        erase=erase,
        files=files,
    )
)
