"""Writes to the knowledge repository. Each service checks who acts, runs in one
transaction, and records the event; a file written to storage is removed again if the
transaction does not commit, so a failure leaves neither a row nor a file."""

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from members import selectors as member_selectors

from . import search, selectors, tasks
from .models import Document, DocumentEvent, DocumentVersion, Tag

METADATA_FIELDS = (
    "title",
    "summary",
    "type",
    "national",
    "published_on",
    "authors",
    "language",
    "visibility",
    "body",
    "rights",
)
M2M_FIELDS = ("topics", "pillars", "counties", "publishers")
# Paths under /documents/ that a document's slug must not take.
RESERVED_SLUGS = {"new", "approvals"}


def _unique_slug(title):
    base = slugify(title)[:100] or "document"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Document.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _sha256(upload):
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _set_tags(document, names):
    normalised = sorted({Tag.normalise(name) for name in names if Tag.normalise(name)})
    tags = [Tag.objects.get_or_create(name=name)[0] for name in normalised]
    document.tags.set(tags)


def _apply_public_status(document, *, acting_user, previous_visibility=None):
    """Public is asked for by members and granted by coordinators; leaving public drops it."""
    if document.visibility != Document.Visibility.PUBLIC:
        document.public_status = Document.PublicStatus.NOT_REQUESTED
        return None
    if selectors.is_coordinator(acting_user):
        if document.public_status != Document.PublicStatus.APPROVED:
            document.public_status = Document.PublicStatus.APPROVED
            return DocumentEvent.Action.APPROVED
        return None
    if previous_visibility != Document.Visibility.PUBLIC or (
        document.public_status == Document.PublicStatus.NOT_REQUESTED
    ):
        document.public_status = Document.PublicStatus.PENDING
        return DocumentEvent.Action.PUBLIC_REQUESTED
    return None


def _add_version(document, *, upload, checked, acting_user, number, stored):
    """Store the file under a random name, then its row. ``stored`` collects what was
    written so that the caller removes it if the transaction fails."""
    version = DocumentVersion(
        document=document,
        number=number,
        original_name=upload.name[:255],
        extension=checked.extension,
        content_type=checked.content_type,
        size=upload.size,
        sha256=_sha256(upload),
        uploaded_by=acting_user,
    )
    version.file.save("upload", upload, save=False)
    stored.append((version.file.storage, version.file.name))
    version.save()
    tasks.queue_indexing(version)
    return version


def _discard(stored):
    for storage, name in stored:
        storage.delete(name)


def document_reindex(*, document):
    """Store what search reads for one document: its tag names as text, the ids of its
    many-to-many facets and, on PostgreSQL, the weighted vectors of title, summary, tags and
    file text, in one UPDATE. Called whenever one of those changes (creation, metadata or
    tags edited, a new version, text extraction finished), so that search never computes a
    vector per query."""
    names = " ".join(document.tags.order_by("name").values_list("name", flat=True))
    fields = {"tag_names": names, "facet_ids": search.facet_ids(document)}
    if search.is_postgresql():
        fields.update(search.stored_vectors(names))
    Document.objects.filter(pk=document.pk).update(**fields)
    document.tag_names, document.facet_ids = names, fields["facet_ids"]


def _check_metadata(data, acting_user):
    visibility = data["visibility"]
    body = data.get("body")
    if visibility in Document.BODY_LEVELS:
        if body is None:
            raise ValidationError(
                {"body": _("Choose the working group or committee that may see it.")}
            )
        wants_twg = visibility == Document.Visibility.TWG
        is_twg = body.kind == body.Kind.WORKING_GROUP
        if wants_twg != is_twg:
            raise ValidationError(
                {
                    "body": _("Choose a working group.")
                    if wants_twg
                    else _("Choose a committee, not a working group.")
                }
            )
        if not selectors.bodies_for(acting_user).filter(pk=body.pk).exists():
            raise ValidationError(
                {"body": _("You can only restrict a document to a body you sit on.")}
            )
    else:
        data["body"] = None


def document_create(*, acting_user, data, tags=(), upload=None, checked=None, external_url=""):
    """Create a document with its first version (or its external link). ``data`` holds the
    metadata fields and the many-to-many values; ``checked`` is ``checks.check_upload``'s
    answer for ``upload``."""
    if not selectors.can_upload(acting_user):
        raise PermissionDenied
    if bool(upload) == bool(external_url):
        raise ValidationError(_("Give either a file or an external link, not both."))
    data = dict(data)
    _check_metadata(data, acting_user)
    person = member_selectors.person_for(acting_user)
    stored = []
    try:
        with transaction.atomic():
            document = Document(
                slug=_unique_slug(data["title"]),
                external_url=external_url or "",
                uploaded_by=acting_user,
                organisation=person.organisation if person else None,
                **{field: data.get(field) for field in METADATA_FIELDS if field in data},
            )
            if not external_url:
                document.index_status = Document.IndexStatus.PENDING
            public_action = _apply_public_status(document, acting_user=acting_user)
            document.full_clean(exclude=["slug"])
            document.save()
            for field in M2M_FIELDS:
                getattr(document, field).set(data.get(field) or [])
            _set_tags(document, tags)
            document_reindex(document=document)
            if upload:
                _add_version(
                    document,
                    upload=upload,
                    checked=checked,
                    acting_user=acting_user,
                    number=1,
                    stored=stored,
                )
            DocumentEvent.objects.create(
                document=document, action=DocumentEvent.Action.UPLOADED, actor=acting_user
            )
            if public_action:
                DocumentEvent.objects.create(
                    document=document, action=public_action, actor=acting_user
                )
    except BaseException:
        _discard(stored)
        raise
    return document


def document_update(*, document, acting_user, data, tags=()):
    if not selectors.can_edit(acting_user, document):
        raise PermissionDenied
    data = dict(data)
    _check_metadata(data, acting_user)
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        previous_visibility = document.visibility
        for field in METADATA_FIELDS:
            if field in data:
                setattr(document, field, data[field])
        if "external_url" in data and data["external_url"] and not document.versions.exists():
            document.external_url = data["external_url"]
        public_action = _apply_public_status(
            document, acting_user=acting_user, previous_visibility=previous_visibility
        )
        document.full_clean()
        document.save()
        for field in M2M_FIELDS:
            if field in data:
                getattr(document, field).set(data[field] or [])
        _set_tags(document, tags)
        document_reindex(document=document)
        DocumentEvent.objects.create(
            document=document, action=DocumentEvent.Action.EDITED, actor=acting_user
        )
        if public_action:
            DocumentEvent.objects.create(document=document, action=public_action, actor=acting_user)
    return document


def version_add(*, document, acting_user, upload, checked, note=""):
    """A new file for the same document: the newest is served, older ones stay."""
    if not selectors.can_edit(acting_user, document):
        raise PermissionDenied
    if document.is_withdrawn:
        raise ValidationError(_("This document is withdrawn."))
    stored = []
    try:
        with transaction.atomic():
            document = Document.objects.select_for_update().get(pk=document.pk)
            number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
            version = _add_version(
                document,
                upload=upload,
                checked=checked,
                acting_user=acting_user,
                number=number,
                stored=stored,
            )
            document.external_url = ""
            document.text = ""
            document.index_status = Document.IndexStatus.PENDING
            document.index_error = ""
            document.save(
                update_fields=["external_url", "text", "index_status", "index_error", "updated_at"]
            )
            document_reindex(document=document)  # the old file's words are no longer found
            DocumentEvent.objects.create(
                document=document,
                action=DocumentEvent.Action.NEW_VERSION,
                actor=acting_user,
                note=note or _("Version %(number)s") % {"number": number},
            )
    except BaseException:
        _discard(stored)
        raise
    return version


def document_withdraw(*, document, acting_user, reason):
    if not selectors.can_withdraw(acting_user, document):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the document is withdrawn.")})
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        if document.is_withdrawn:
            raise ValidationError(_("This document is already withdrawn."))
        document.withdrawn_at = timezone.now()
        document.withdrawn_reason = reason
        document.save(update_fields=["withdrawn_at", "withdrawn_reason", "updated_at"])
        DocumentEvent.objects.create(
            document=document, action=DocumentEvent.Action.WITHDRAWN, actor=acting_user, note=reason
        )
    return document


def document_decide_public(*, document, acting_user, approve, note=""):
    """A content coordinator makes a document public, or refuses to (with a note)."""
    if not selectors.is_coordinator(acting_user):
        raise PermissionDenied
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationError({"note": _("Say why the document is not made public.")})
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        if (
            document.visibility != Document.Visibility.PUBLIC
            or document.public_status != Document.PublicStatus.PENDING
            or document.is_withdrawn
        ):
            raise ValidationError(_("This document is no longer waiting for a decision."))
        document.public_status = (
            Document.PublicStatus.APPROVED if approve else Document.PublicStatus.REFUSED
        )
        document.public_note = note
        document.save(update_fields=["public_status", "public_note", "updated_at"])
        DocumentEvent.objects.create(
            document=document,
            action=DocumentEvent.Action.APPROVED if approve else DocumentEvent.Action.REFUSED,
            actor=acting_user,
            note=note,
        )
    return document


def download_count(*, document, version):
    """Count one download of the document and of the version served."""
    Document.objects.filter(pk=document.pk).update(download_count=F("download_count") + 1)
    DocumentVersion.objects.filter(pk=version.pk).update(download_count=F("download_count") + 1)
