"""Reads about the bulletin. Who may see what:

- a submission: its submitter (while still a member) and the staff roles; anyone else gets
  404, and once published its summary is read through the edition, not the submission page;
- an edition: published ones for everyone, drafts and scheduled ones for the staff roles.
"""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, Max, Prefetch, Q
from django.utils import timezone

from committees import selectors as committee_selectors
from committees.models import Meeting
from members import selectors as member_selectors
from repository import selectors as repository_selectors
from repository.models import DocumentEvent

from .models import Edition, EditionItem, Section, Submission, SubmissionEvent

EVENTS_AHEAD = datetime.timedelta(days=92)  # "the coming quarter"
NEW_DOCUMENTS_LIMIT = 20
# A full CoP has a hundred public meetings a quarter: the block names the first ones and
# links to the events page.
EVENTS_LIMIT = 20
# What the documents block shows of a document (its search columns are large).
DOCUMENT_FIELDS = ("pk", "title", "slug", "type")
# A document's text and search columns, which no bulletin page shows (kilobytes a row).
DOCUMENT_HEAVY_FIELDS = ("text", "tag_names", "facet_ids", "search_vector", "heading_vector")


def is_coordinator(user):
    """Content coordinators and the administration team moderate and publish."""
    return committee_selectors.is_staff_role(user)


def can_submit(user):
    return member_selectors.can_use_member_features(user) or is_coordinator(user)


# --- Submissions ---------------------------------------------------------------------------


def submissions_of(user):
    """A member's own submissions, newest first, with what the list shows."""
    return Submission.objects.filter(submitted_by=user).select_related("edition_item__section")


def submission_for_submitter(*, pk, user):
    """One of the user's own submissions; Submission.DoesNotExist for anyone else's."""
    return (
        Submission.objects.select_related("document", "organisation")
        .prefetch_related(
            Prefetch("events", queryset=SubmissionEvent.objects.select_related("actor"))
        )
        .get(pk=pk, submitted_by=user)
    )


def submission_for_coordinator(pk):
    return (
        Submission.objects.for_listing()
        .prefetch_related(
            Prefetch("events", queryset=SubmissionEvent.objects.select_related("actor"))
        )
        .get(pk=pk)
    )


def moderation_queue():
    """Submissions waiting for a decision, oldest first."""
    return Submission.objects.pending().for_listing().order_by("submitted_at", "pk")


def waiting_for_submitter():
    return (
        Submission.objects.filter(status=Submission.Status.CHANGES_REQUESTED)
        .for_listing()
        .order_by("submitted_at", "pk")
    )


def documents_for_submission(user):
    """Repository documents a member may point a submission at: those they may see."""
    return repository_selectors.documents_visible_to(user).order_by("title")


def can_see_submission_file(user, submission):
    """A submission's file: its submitter, the staff roles, and everyone once it is
    published in an edition that is out."""
    if submission.status == Submission.Status.PUBLISHED:
        return True
    if is_coordinator(user):
        return True
    return user.is_authenticated and submission.submitted_by_id == user.pk


# --- Editions ------------------------------------------------------------------------------


def editions_visible_to(user):
    if is_coordinator(user):
        return Edition.objects.all()
    return Edition.objects.published()


def archive():
    """Published editions, newest first."""
    return Edition.objects.published().order_by("-published_at", "-pk")


def editions_for_coordinator():
    return Edition.objects.select_related("created_by").order_by("-year", "-quarter")


def edition_for_page(*, slug, user):
    return editions_visible_to(user).get(slug=slug)


def sections_of(edition):
    """The edition's sections in order, each with its items, their submissions and what an
    item shows (organisation, repository document): three queries whatever the size."""
    items = (
        EditionItem.objects.select_related("submission__organisation", "submission__document")
        .defer(*(f"submission__document__{name}" for name in DOCUMENT_HEAVY_FIELDS))
        .order_by("position", "pk")
    )
    return list(
        Section.objects.filter(edition=edition)
        .order_by("position", "pk")
        .prefetch_related(Prefetch("items", queryset=items))
    )


def reference_time(edition, now=None):
    """The moment the edition speaks from: when it was published, or when it will be."""
    if edition.published_at:
        return edition.published_at
    if edition.status == Edition.Status.SCHEDULED and edition.publish_at:
        return edition.publish_at
    return now or timezone.now()


def previous_edition(edition, now=None):
    """The last edition published before this one speaks (None for the first)."""
    return (
        Edition.objects.published()
        .exclude(pk=edition.pk)
        .filter(published_at__lt=reference_time(edition, now))
        .order_by("-published_at")
        .first()
    )


def upcoming_public_events(edition, now=None):
    """Public meetings in the quarter after the edition's moment (cancelled ones left out),
    soonest first, at most EVENTS_LIMIT + 1 (the extra one tells the page to point to the
    events page for the rest): an archived edition keeps showing what was coming when it went
    out. Only what the block shows is read."""
    start = reference_time(edition, now)
    return list(
        committee_selectors.meetings_visible_to(AnonymousUser())
        .exclude(status=Meeting.Status.CANCELLED)
        .filter(starts_at__gte=start, starts_at__lt=start + EVENTS_AHEAD)
        .only("pk", "title", "starts_at", "venue")
        .order_by("starts_at", "pk")[: EVENTS_LIMIT + 1]
    )


def new_public_documents(edition, now=None):
    """Documents made public since the previous edition went out (up to this edition's
    moment), newest first, at most NEW_DOCUMENTS_LIMIT, each with ``made_public_at``. A
    published edition reads the block stored when it was published (a few rows, whatever the
    size of the repository), through the visibility selector: a document withdrawn or no
    longer public since then drops out. Drafts and previews work it out."""
    if edition.documents_stored:
        return list(
            repository_selectors.documents_visible_to(AnonymousUser())
            .filter(bulletin_entries__edition=edition)
            .only(*DOCUMENT_FIELDS)
            .annotate(made_public_at=F("bulletin_entries__made_public_at"))
            .order_by("bulletin_entries__position")
        )
    return work_out_new_public_documents(edition, now)


def work_out_new_public_documents(edition, now=None):
    """The documents block as it stands at the edition's moment. ``made_public_at`` is the
    time of the coordinator's last approval; only the approvals in the window between the
    previous edition and this one are read, then each candidate's last approval is checked
    (one approved again later is left to the edition of that time)."""
    end = reference_time(edition, now)
    previous = previous_edition(edition, now)
    approvals = DocumentEvent.objects.filter(action=DocumentEvent.Action.APPROVED, at__lte=end)
    if previous is not None:
        approvals = approvals.filter(at__gt=previous.published_at)
    documents = (
        repository_selectors.documents_visible_to(AnonymousUser())
        .filter(pk__in=approvals.values("document_id"))
        .only(*DOCUMENT_FIELDS)
        .annotate(
            made_public_at=Max("events__at", filter=Q(events__action=DocumentEvent.Action.APPROVED))
        )
        .filter(made_public_at__lte=end)
    )
    if previous is not None:
        documents = documents.filter(made_public_at__gt=previous.published_at)
    return list(documents.order_by("-made_public_at", "-pk")[:NEW_DOCUMENTS_LIMIT])


def placeable_submissions():
    """Accepted submissions not yet in an edition, oldest first."""
    return Submission.objects.placeable().for_listing().order_by("decided_at", "pk")


def delivery_counts(edition):
    """How many deliveries of the edition are in each status, keyed by the status with "_"
    for "-" (``failed_temporary``) so that templates can read them."""
    rows = edition.deliveries.values("status").annotate(n=Count("pk")).order_by()
    return {row["status"].replace("-", "_"): row["n"] for row in rows}
