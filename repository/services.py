"""Writes to the knowledge repository. Each service checks who acts, runs in one
transaction, and records the event; a file written to storage is removed again if the
transaction does not commit, so a failure leaves neither a row nor a file."""

import hashlib
import logging
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from committees import selectors as committee_selectors
from committees.models import Body, Meeting
from core import files, mail
from members import selectors as member_selectors
from twg.models import WorkingGroup

from . import search, selectors, tasks
from .models import Document, DocumentEvent, DocumentVersion, FeedToken, MeetingDocument, Tag

logger = logging.getLogger(__name__)

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
RESERVED_SLUGS = {"new", "approvals", "mine", "feed", "feeds"}


SLUG_ATTEMPTS = 5


def _slug_base(title):
    return slugify(title)[:100] or "document"


def _unique_slug(title):
    base = _slug_base(title)
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Document.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _insert_with_unique_slug(document):
    """Save a new document under a free slug. Two uploads with the same title at the same
    moment both find the same slug free; the second insert then breaks the unique index.
    Each insert runs in a savepoint, so that the loser tries again with a random suffix
    instead of failing the upload."""
    for attempt in range(SLUG_ATTEMPTS):
        if attempt == 0:
            document.slug = _unique_slug(document.title)
        else:
            document.slug = f"{_slug_base(document.title)}-{secrets.token_hex(3)}"
        try:
            with transaction.atomic():
                document.save(force_insert=True)
        except IntegrityError:
            if not Document.objects.filter(slug=document.slug).exists():
                raise  # another constraint broke: not ours to retry
            continue
        return
    raise IntegrityError(f"No free slug for {document.title!r} after {SLUG_ATTEMPTS} attempts.")


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
    files.store(version.file, upload, stored)
    version.save()
    tasks.queue_indexing(version)
    return version


def document_reindex(*, document):
    """Store what search reads for one document: its tag names as text, the ids of its
    many-to-many facets and, on PostgreSQL, the weighted vectors of title, summary, tags and
    file text, in one UPDATE. Called whenever one of those changes (creation, metadata or
    tags edited, a new version, text extraction finished), so that search never computes a
    vector per query."""
    names = " ".join(document.tags.order_by("name").values_list("name", flat=True))
    fields = {"tag_names": names, "facet_ids": search.facet_ids(document)}
    row = Document.objects.filter(pk=document.pk)
    if search.is_postgresql():
        text_length = len(document.__dict__.get("text") or "")
        search.update_vectors(row, names, fields, text_length=text_length)
    else:
        row.update(**fields)
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
    metadata fields and the many-to-many values; ``checked`` is ``core.files.check_upload``'s
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
                external_url=external_url or "",
                uploaded_by=acting_user,
                organisation=person.organisation if person else None,
                **{field: data.get(field) for field in METADATA_FIELDS if field in data},
            )
            if not external_url:
                document.index_status = Document.IndexStatus.PENDING
            public_action = _apply_public_status(document, acting_user=acting_user)
            document.full_clean(exclude=["slug"])
            _insert_with_unique_slug(document)
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
        files.discard(stored)
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
            document.index_note = ""
            document.save(
                update_fields=[
                    "external_url",
                    "text",
                    "index_status",
                    "index_error",
                    "index_note",
                    "updated_at",
                ]
            )
            document_reindex(document=document)  # the old file's words are no longer found
            DocumentEvent.objects.create(
                document=document,
                action=DocumentEvent.Action.NEW_VERSION,
                actor=acting_user,
                note=note or _("Version %(number)s") % {"number": number},
            )
    except BaseException:
        files.discard(stored)
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
        if not document.can_transition(Document.WITHDRAWN):
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
        target = Document.PublicStatus.APPROVED if approve else Document.PublicStatus.REFUSED
        if (
            document.visibility != Document.Visibility.PUBLIC
            or document.public_status != Document.PublicStatus.PENDING
            or not document.can_transition(target)
        ):
            raise ValidationError(_("This document is no longer waiting for a decision."))
        document.public_status = target
        document.public_note = note
        document.save(update_fields=["public_status", "public_note", "updated_at"])
        DocumentEvent.objects.create(
            document=document,
            action=DocumentEvent.Action.APPROVED if approve else DocumentEvent.Action.REFUSED,
            actor=acting_user,
            note=note,
        )
        if document.uploaded_by_id != acting_user.pk:
            # The uploader asked for it to be public: tell them the answer (after the commit).
            mail.send_email(
                "repository/email/public_approved"
                if approve
                else "repository/email/public_refused",
                [document.uploaded_by.email],
                {"document": document, "url": settings.SITE_URL + document.get_absolute_url()},
            )
    return document


def download_count(*, document, version):
    """Count one download of the document and of the version served."""
    Document.objects.filter(pk=document.pk).update(download_count=F("download_count") + 1)
    DocumentVersion.objects.filter(pk=version.pk).update(download_count=F("download_count") + 1)


# --- Documents made from a meeting's record ------------------------------------------------


def _meeting_visibility(meeting):
    """Who may see a document made from the meeting's record: the meeting's own audience.
    A body-only meeting gives the working group's or the committee's level."""
    if meeting.audience == Meeting.Audience.PUBLIC:
        return Document.Visibility.PUBLIC, None
    if meeting.audience == Meeting.Audience.BODY and meeting.body is not None:
        if meeting.body.kind == Body.Kind.WORKING_GROUP:
            return Document.Visibility.TWG, meeting.body
        return Document.Visibility.COMMITTEE, meeting.body
    return Document.Visibility.MEMBERS, None


def _meeting_derived(meeting, part):
    """The fields a meeting's document takes from the meeting, each time it is recorded.
    Written in the portal's default language, so that the document does not change with the
    language of whoever records the meeting."""
    day = timezone.localtime(meeting.starts_at).date()
    visibility, body = _meeting_visibility(meeting)
    with translation.override(settings.LANGUAGE_CODE):
        values = {"title": meeting.title, "date": date_format(day, "j F Y")}
        if part == MeetingDocument.Part.MINUTES:
            title = _("Minutes: %(title)s, %(date)s") % values
        else:
            title = _("Recording: %(title)s, %(date)s") % values
    return {"title": title[:300], "published_on": day, "visibility": visibility, "body": body}


def _meeting_summary(meeting, part):
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "kind": meeting.get_kind_display(),
            "body": meeting.body.name if meeting.body else _("the whole CoP"),
            "date": date_format(timezone.localtime(meeting.starts_at).date(), "j F Y"),
        }
        if part == MeetingDocument.Part.MINUTES:
            return _("Minutes of the %(kind)s of %(body)s held on %(date)s.") % values
        return _("Recording of the %(kind)s of %(body)s held on %(date)s.") % values


def _minutes_file(meeting):
    """The minutes as a UTF-8 text file, headed by what the meeting was, checked like any
    upload (so a file the repository would refuse is never stored)."""
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string("repository/meeting_minutes.txt", {"meeting": meeting})
    day = timezone.localtime(meeting.starts_at).date()
    name = f"minutes-{slugify(meeting.title)[:80] or 'meeting'}-{day:%Y-%m-%d}.txt"
    upload = ContentFile(text.encode("utf-8"), name=name)
    checked = files.check_upload(
        upload, allowed=files.DOCUMENT_EXTENSIONS, max_bytes=settings.REPOSITORY_MAX_SIZE
    )
    return upload, checked


def _meeting_document_create(meeting, part, *, acting_user, stored):
    """A new document for one part of the meeting's record, with its link to the meeting."""
    person = member_selectors.person_for(acting_user)
    document = Document(
        summary=_meeting_summary(meeting, part),
        type=Document.Type.MINUTES if part == MeetingDocument.Part.MINUTES else Document.Type.VIDEO,
        national=meeting.body is None or meeting.body.county_id is None,
        authors=meeting.body.name if meeting.body else "",
        external_url=meeting.recording_url if part == MeetingDocument.Part.RECORDING else "",
        uploaded_by=acting_user,
        organisation=person.organisation if person else None,
        **_meeting_derived(meeting, part),
    )
    public_action = _apply_public_status(document, acting_user=acting_user)
    document.full_clean(exclude=["slug"])
    _insert_with_unique_slug(document)
    if meeting.body is not None:
        document.topics.set(WorkingGroup.objects.filter(body=meeting.body))
        if meeting.body.county_id is not None:
            document.counties.set([meeting.body.county_id])
    if meeting.host_id is not None:
        document.publishers.set([meeting.host_id])
    document_reindex(document=document)
    if part == MeetingDocument.Part.MINUTES:
        upload, checked = _minutes_file(meeting)
        _add_version(
            document,
            upload=upload,
            checked=checked,
            acting_user=acting_user,
            number=1,
            stored=stored,
        )
    MeetingDocument.objects.create(meeting=meeting, part=part, document=document)
    DocumentEvent.objects.create(
        document=document,
        action=DocumentEvent.Action.UPLOADED,
        actor=acting_user,
        note=_("From the record of the meeting “%(title)s”.") % {"title": meeting.title},
    )
    if public_action:
        DocumentEvent.objects.create(document=document, action=public_action, actor=acting_user)
    return document


def _meeting_document_update(document, meeting, part, *, has_content, acting_user, stored):
    """Bring an existing document in line with the meeting: its derived fields (who may see
    it follows the meeting's audience even when the minutes were cleared), and, when the
    meeting has content for it, a new version if the minutes file differs from the newest
    one, or the recording's new link."""
    previous_visibility = document.visibility
    changed = []
    for field, value in _meeting_derived(meeting, part).items():
        current = document.body_id if field == "body" else getattr(document, field)
        if current != (value.pk if field == "body" and value else value):
            setattr(document, field, value)
            changed.append(str(Document._meta.get_field(field).verbose_name))
    if (
        part == MeetingDocument.Part.RECORDING
        and has_content
        and document.external_url != meeting.recording_url
    ):
        document.external_url = meeting.recording_url
        changed.append(str(Document._meta.get_field("external_url").verbose_name))
    public_action = _apply_public_status(
        document, acting_user=acting_user, previous_visibility=previous_visibility
    )
    if changed or public_action:
        document.full_clean()
        document.save()
        document_reindex(document=document)  # the title is searched
    if changed:
        DocumentEvent.objects.create(
            document=document,
            action=DocumentEvent.Action.EDITED,
            actor=acting_user,
            note=_("Follows the meeting: %(fields)s.") % {"fields": ", ".join(changed)},
        )
    if public_action:
        DocumentEvent.objects.create(document=document, action=public_action, actor=acting_user)
    if part != MeetingDocument.Part.MINUTES or not has_content:
        return
    upload, checked = _minutes_file(meeting)
    newest = document.versions.order_by("-number").first()
    if newest is not None and newest.sha256 == _sha256(upload):
        return  # recorded again with the same minutes: nothing new to keep
    number = (newest.number if newest else 0) + 1
    _add_version(
        document,
        upload=upload,
        checked=checked,
        acting_user=acting_user,
        number=number,
        stored=stored,
    )
    document.text = ""
    document.index_status = Document.IndexStatus.PENDING
    document.index_error = ""
    document.index_note = ""
    document.save(update_fields=["text", "index_status", "index_error", "index_note", "updated_at"])
    document_reindex(document=document)  # the old minutes' words are no longer found
    DocumentEvent.objects.create(
        document=document,
        action=DocumentEvent.Action.NEW_VERSION,
        actor=acting_user,
        note=_("The minutes were recorded again (version %(number)s).") % {"number": number},
    )


def document_from_meeting(*, meeting, acting_user):
    """File a held meeting's minutes (a "Meeting minutes" document whose versions are text
    files) and its recording (a "Webcast or video" document linking to it) in the
    repository, seen by the meeting's audience; recording the meeting again brings them up
    to date. A withdrawn document is left as it is: it is never brought back by the meeting.
    Clearing the minutes or the recording on the meeting does not withdraw a document (that
    is done in the repository, with a reason). Returns the meeting's documents by part."""
    if not committee_selectors.can_convene(acting_user, meeting.body):
        raise PermissionDenied
    stored = []
    try:
        with transaction.atomic():
            meeting = (
                Meeting.objects.select_for_update(of=("self",))
                .select_related("body", "host")
                .get(pk=meeting.pk)
            )
            if meeting.status != Meeting.Status.HELD:
                raise ValidationError(
                    _("Only a meeting that was held has minutes or a recording to file.")
                )
            links = {
                link.part: link.document
                for link in MeetingDocument.objects.filter(meeting=meeting).select_related(
                    "document"
                )
            }
            wanted = {
                MeetingDocument.Part.MINUTES: bool(meeting.minutes),
                MeetingDocument.Part.RECORDING: bool(meeting.recording_url),
            }
            for part, has_content in wanted.items():
                if part in links:
                    document = Document.objects.select_for_update().get(pk=links[part].pk)
                    links[part] = document
                    if not document.is_withdrawn:
                        _meeting_document_update(
                            document,
                            meeting,
                            part,
                            has_content=has_content,
                            acting_user=acting_user,
                            stored=stored,
                        )
                elif has_content:
                    links[part] = _meeting_document_create(
                        meeting, part, acting_user=acting_user, stored=stored
                    )
    except BaseException:
        files.discard(stored)
        raise
    return links


def documents_from_held_meetings(*, acting_user):
    """File the record of every held meeting that has minutes or a recording (meetings
    recorded before the repository filed them, or demo data); each meeting in its own
    transaction. Safe to run again: unchanged records make no new version. Returns how many
    meetings were filed."""
    meetings = (
        Meeting.objects.filter(status=Meeting.Status.HELD)
        .exclude(minutes="", recording_url="")
        .select_related("body")
        .order_by("starts_at", "pk")
    )
    count = 0
    for meeting in meetings:
        document_from_meeting(meeting=meeting, acting_user=acting_user)
        count += 1
    return count


# -- Private feed addresses ----------------------------------------------------------------


@transaction.atomic
def feed_token_create(*, acting_user):
    """The user's private feed key, made if they have none (asking twice keeps it)."""
    feed, _created = FeedToken.objects.get_or_create(
        user=acting_user, defaults={"token": secrets.token_urlsafe(32)}
    )
    return feed


@transaction.atomic
def feed_token_reset(*, acting_user):
    """A new key: every private feed address given before answers 404 from now on."""
    feed = FeedToken.objects.select_for_update().filter(user=acting_user).first()
    if feed is None:
        return feed_token_create(acting_user=acting_user)
    feed.token = secrets.token_urlsafe(32)
    feed.created_at = timezone.now()
    feed.save(update_fields=["token", "created_at"])
    return feed
