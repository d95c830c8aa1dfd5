"""Reads about documents. ``documents_visible_to`` is the one place that decides which
documents a person may see: the list, a document's page, its downloads (and later search and
feeds) all start from it, and what it leaves out answers 404."""

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from committees import selectors as committee_selectors
from committees.models import Body
from members import selectors as member_selectors
from twg.models import WorkingGroup

from .models import Document, DocumentEvent, DocumentVersion, FeedToken, MeetingDocument

FEED_SIZE = 30


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


RELATED_COUNT = 5
# How much each kind of overlap weighs when ranking related documents: a shared working
# group topic says most, then a shared tag or publisher, then the same type.
RELATED_WEIGHTS = {"topics": 3, "tags": 2, "publishers": 2, "type": 1}
RELATED_COLUMNS = {"topics": "workinggroup", "tags": "tag", "publishers": "organisation"}
# Only the most recently filed documents are ranked: the last 100 links for the page's
# topics, for its tags and for its publishers, and the 20 newest of its type. That keeps the
# page's cost flat however many documents share a common topic, tag, publisher or type.
RELATED_POOL = 100
RELATED_SAME_TYPE_POOL = 20


def _pk_in_any(*pools):
    """Documents whose pk is in any of the ``pools`` (ordered, sliced id queries). On
    PostgreSQL one UNION ALL drives the query from the few ids; SQLite allows no LIMIT inside
    a UNION, so there each pool is its own ``IN``."""
    if connection.features.supports_slicing_ordering_in_compound:
        first, *rest = pools
        return Q(pk__in=first.union(*rest, all=True)) if rest else Q(pk__in=first)
    found = Q(pk__in=pools[0])
    for pool in pools[1:]:
        found |= Q(pk__in=pool)
    return found


def _overlap(through, column, ids):
    """How many of ``ids`` a document shares through one many-to-many table (0 if none)."""
    shared = (
        through.objects.filter(document_id=OuterRef("pk"), **{f"{column}__in": ids})
        .order_by()
        .values("document_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(shared, output_field=IntegerField()), Value(0))


def related_documents(document, *, user, limit=RELATED_COUNT):
    """A handful of documents the user may see that share topics, tags, publishers or the
    type with ``document``, the most overlap first, then the newest: one query. Reads the
    document's topics, tags and publishers from its prefetch (``document_for_page``)."""
    chosen = {
        "topics": [t.pk for t in document.topics.all()],
        "tags": [t.pk for t in document.tags.all()],
        "publishers": [p.pk for p in document.publishers.all()],
    }
    visible = documents_visible_to(user).filter(withdrawn_at__isnull=True).exclude(pk=document.pk)
    same_type = visible.filter(type=document.type).order_by("-pk").values("pk")
    pools = [same_type[:RELATED_SAME_TYPE_POOL]]
    score = Case(When(type=document.type, then=Value(RELATED_WEIGHTS["type"])), default=Value(0))
    for relation, ids in chosen.items():
        if not ids:
            continue
        through = getattr(Document, relation).through
        column = RELATED_COLUMNS[relation]
        recent = through.objects.filter(**{f"{column}__in": ids}).order_by("-pk")
        pools.append(recent.values("document_id")[:RELATED_POOL])
        score = score + RELATED_WEIGHTS[relation] * _overlap(through, column, ids)
    return list(
        visible.filter(_pk_in_any(*pools))
        .annotate(overlap=score)
        .order_by("-overlap", "-created_at", "-pk")
        .only("slug", "title", "type", "published_on", "created_at")[:limit]
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


# -- Feeds ---------------------------------------------------------------------------------


def _for_feed(queryset):
    """What an entry shows: publishers and topics (with their names), in two queries."""
    return queryset.prefetch_related(
        "publishers",
        Prefetch("topics", queryset=WorkingGroup.objects.select_related("body")),
    )


def public_feed_documents(limit=FEED_SIZE):
    """The newest approved public documents, newest first by when they were made public
    (their upload date if no approval is recorded): exactly what a visitor may see. Only
    the newest public documents and the most recent approvals are ranked, so the feed's
    cost does not grow with the repository."""
    public = documents_visible_to(AnonymousUser())
    approvals = DocumentEvent.objects.filter(action=DocumentEvent.Action.APPROVED)
    made_public = approvals.filter(document_id=OuterRef("pk")).order_by("-at").values("at")[:1]
    recently_approved = approvals.order_by("-pk").values("document_id")[: limit * 3]
    documents = (
        public.filter(_pk_in_any(public.order_by("-pk").values("pk")[:limit], recently_approved))
        .annotate(listed_at=Coalesce(Subquery(made_public), F("created_at")))
        .order_by("-listed_at", "-pk")
    )
    return list(_for_feed(documents)[:limit])


def feed_token_of(user):
    if not user.is_authenticated:
        return None
    return FeedToken.objects.filter(user=user).first()


def feed_user(token):
    """The active user a private feed key belongs to, or None (unknown or reset key)."""
    if not token:
        return None
    feed = FeedToken.objects.select_related("user").filter(token=token, user__is_active=True)
    found = feed.first()
    return found.user if found else None


def can_follow(user, working_group):
    """A working group's private feed is for its current seat holders (and coordinators)."""
    if not user.is_authenticated:
        return False
    return is_coordinator(user) or working_group.body_id in committee_selectors.body_ids_of(user)


def followed_groups(user):
    """The working groups whose document feed the user may follow."""
    groups = WorkingGroup.objects.select_related("body").order_by("order", "body__name")
    if is_coordinator(user):
        return list(groups)
    return list(groups.filter(body_id__in=committee_selectors.body_ids_of(user)))


def working_group_feed_documents(user, working_group, limit=FEED_SIZE):
    """A working group's feed, as ``user`` may see it today: the group's own documents and
    the public and members' documents filed under its topic, newest first. Only the group's
    newest documents and the latest filed under its topic are read, so the feed's cost does
    not grow with the repository."""
    own = Document.objects.filter(body_id=working_group.body_id).order_by("-pk").values("pk")
    on_topic = (
        Document.topics.through.objects.filter(workinggroup_id=working_group.pk)
        .order_by("-pk")
        .values("document_id")
    )
    documents = documents_visible_to(user).filter(
        _pk_in_any(own[: limit * 3], on_topic[: limit * 3]),
        Q(body_id=working_group.body_id)
        | Q(visibility__in=[Document.Visibility.PUBLIC, Document.Visibility.MEMBERS]),
        withdrawn_at__isnull=True,
    )
    return list(_for_feed(documents.order_by("-created_at", "-pk"))[:limit])
