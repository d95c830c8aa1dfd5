"""Reads about documents. ``documents_visible_to`` is the one place that decides which
documents a person may see: the list, a document's page, its downloads (and later search and
feeds) all start from it, and what it leaves out answers 404."""

from django.db.models import Exists, OuterRef, Prefetch, Q

from committees import selectors as committee_selectors
from committees.models import Body
from members import selectors as member_selectors
from twg.models import WorkingGroup

from .models import Document, DocumentEvent, DocumentVersion, MeetingDocument


def is_coordinator(user):
    """Content coordinators and the administration team (and superusers) see and moderate
    every document, withdrawn ones included."""
    return committee_selectors.is_staff_role(user)


def can_upload(user):
    return member_selectors.can_use_member_features(user) or is_coordinator(user)


def documents_visible_to(user):
    """Approved public documents for everyone. Members (who accepted the code of conduct)
    also see members' documents and public ones still waiting for approval: a document is
    visible to its audience at once. A working group's or committee's document: the current
    seat holders of that body. Coordinators: everything. Withdrawn documents: coordinators
    only."""
    if is_coordinator(user):
        return Document.objects.all()
    visible = Q(visibility=Document.Visibility.PUBLIC, public_status=Document.PublicStatus.APPROVED)
    if member_selectors.can_use_member_features(user):
        visible |= Q(visibility__in=[Document.Visibility.PUBLIC, Document.Visibility.MEMBERS])
    if user.is_authenticated:
        visible |= Q(
            visibility__in=Document.BODY_LEVELS,
            body_id__in=committee_selectors.body_ids_of(user),
        )
    return Document.objects.filter(visible, withdrawn_at__isnull=True)


def uploads_of(user):
    """The documents ``user`` uploaded, newest first, each with ``can_open``: whether the
    user may still see it. Uploading grants nothing: once a seat ends (or membership, or the
    document is withdrawn) the uploader sees it only as its audience does, and this list
    shows the title and why it cannot be opened, nothing more."""
    visible = documents_visible_to(user).filter(pk=OuterRef("pk"))
    return (
        Document.objects.filter(uploaded_by=user)
        .select_related("body")
        .annotate(can_open=Exists(visible))
        .order_by("-created_at", "-pk")
    )


def document_for_page(*, slug, user):
    """One document the user may see, with everything its page shows, in a fixed number of
    queries; Document.DoesNotExist otherwise."""
    versions = DocumentVersion.objects.select_related("uploaded_by").order_by("-number")
    events = DocumentEvent.objects.select_related("actor")
    return (
        documents_visible_to(user)
        .select_related("body", "uploaded_by", "organisation")
        .prefetch_related(
            Prefetch("topics", queryset=WorkingGroup.objects.select_related("body")),
            "pillars",
            "counties",
            "publishers",
            "tags",
            Prefetch("versions", queryset=versions),
            Prefetch("events", queryset=events),
        )
        .get(slug=slug)
    )


def document_for_download(*, slug, user):
    return documents_visible_to(user).get(slug=slug)


def version_for_download(*, document, number=None):
    """The given version of a document, or its newest; DocumentVersion.DoesNotExist if none."""
    versions = DocumentVersion.objects.filter(document=document)
    if number is None:
        return versions.order_by("-number")[:1].get()
    return versions.get(number=number)


def can_edit(user, document):
    """The uploader (still a member), their organisation's focal person, and coordinators."""
    if not user.is_authenticated:
        return False
    if is_coordinator(user):
        return True
    if not member_selectors.can_use_member_features(user):
        return False
    if document.uploaded_by_id == user.pk:
        return True
    return document.organisation_id is not None and member_selectors.is_focal_person(
        user, document.organisation
    )


def can_withdraw(user, document):
    if not user.is_authenticated:
        return False
    if is_coordinator(user):
        return True
    return document.uploaded_by_id == user.pk and member_selectors.can_use_member_features(user)


def bodies_for(user):
    """Bodies a user may restrict a document to: those they sit on (coordinators: all)."""
    if is_coordinator(user):
        return Body.objects.all()
    return Body.objects.filter(pk__in=committee_selectors.body_ids_of(user))


def approval_queue():
    """Public documents waiting for a coordinator, oldest first."""
    return (
        Document.objects.active()
        .filter(visibility=Document.Visibility.PUBLIC, public_status=Document.PublicStatus.PENDING)
        .select_related("uploaded_by", "organisation")
        .order_by("created_at", "pk")
    )


def meeting_documents_for(*, meeting, user):
    """The documents made from a meeting's record, minutes first, each annotated with
    ``visible``: whether the user may see it (one query)."""
    visible = documents_visible_to(user).filter(pk=OuterRef("document_id"))
    return list(
        MeetingDocument.objects.filter(meeting=meeting)
        .select_related("document")
        .annotate(visible=Exists(visible))
        .order_by("part")
    )
