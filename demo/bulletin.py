"""Demo data for the bulletin: two published editions of past quarters, a draft for the
current quarter, and items in every state of moderation, all made through the services.

Idempotent: an edition is found by its quarter and a submission by its title, so a second
run changes nothing. The past editions are put on the web without being e-mailed (they are
history, entered after the fact)."""

import datetime

from django.utils import timezone

from bulletin import selectors, services
from bulletin.models import Edition, Submission
from demo import prose
from members import selectors as member_selectors

K = Submission.Kind

DATA = prose.load("bulletin")


def _item(item, *, summary=True):
    fields = (item["title"], K(item["kind"]), item["link"], item["description"])
    return (*fields, item["summary"]) if summary else fields


# (title, kind, link, description, summary) of each published edition's items, and the items
# still waiting for moderation (no summary yet).
PUBLISHED_ITEMS = [[_item(item) for item in edition["items"]] for edition in DATA["editions"]]
PENDING_ITEMS = [_item(item, summary=False) for item in DATA["pending"]]
ACCEPTED_ITEM = _item(DATA["accepted"])


def _quarter(day):
    return day.year, (day.month - 1) // 3 + 1


def _previous(year, quarter):
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def _submitters(users):
    """Demo members (not staff) who may submit (the coordinator if none may)."""
    found = [
        u
        for u in users.values()
        if member_selectors.can_use_member_features(u) and not selectors.is_coordinator(u)
    ]
    found.sort(key=lambda u: u.email != "member@demo.cop.ke")  # the member account first
    return found or [users["coordinator@demo.cop.ke"]]


def _submission(title, kind, link, description, submitter):
    existing = Submission.objects.filter(title=title).first()
    if existing:
        return existing, False
    return (
        services.submission_create(
            acting_user=submitter, kind=kind, title=title, description=description, link=link
        ),
        True,
    )


def seed(users):
    """Returns how many submissions were created."""
    coordinator = users["coordinator@demo.cop.ke"]
    submitters = _submitters(users)
    created = 0
    current = _quarter(timezone.localdate())
    earlier = _previous(*current)
    earliest = _previous(*earlier)
    for (year, quarter), items, days_ago in (
        (earliest, PUBLISHED_ITEMS[0], 120),
        (earlier, PUBLISHED_ITEMS[1], 30),
    ):
        if Edition.objects.filter(year=year, quarter=quarter).exists():
            continue
        edition = services.edition_create(acting_user=coordinator, year=year, quarter=quarter)
        edition = services.edition_update(
            edition=edition,
            acting_user=coordinator,
            title=edition.title,
            editorial=(
                f"<p>Welcome to the bulletin for <strong>{edition.title}</strong>. This "
                "quarter's items come from members across national and county programmes."
                "</p><p>Send us your own through the <em>Submit an item</em> page.</p>"
            ),
        )
        section = services.section_add(
            edition=edition, acting_user=coordinator, title="From members"
        )
        for index, (title, kind, link, description, summary) in enumerate(items):
            item, new = _submission(
                title, kind, link, description, submitters[index % len(submitters)]
            )
            created += new
            if item.status == Submission.Status.SUBMITTED:
                services.submission_accept(
                    submission=item, acting_user=coordinator, summary=summary
                )
                services.item_add(section=section, submission=item, acting_user=coordinator)
        services.edition_publish(edition=edition, acting_user=coordinator, distribute=False)
        # Dated back; its documents block is left to be worked out on each view (the demo's
        # documents are uploaded after the bulletin, and a demo repository is small).
        edition.document_entries.all().delete()
        Edition.objects.filter(pk=edition.pk).update(
            published_at=timezone.now() - datetime.timedelta(days=days_ago),
            documents_stored=False,
        )
    year, quarter = current
    if not Edition.objects.filter(year=year, quarter=quarter).exists():
        draft = services.edition_create(acting_user=coordinator, year=year, quarter=quarter)
        services.section_add(edition=draft, acting_user=coordinator, title="News")
        services.section_add(edition=draft, acting_user=coordinator, title="Research and reports")
    for index, (title, kind, link, description) in enumerate(PENDING_ITEMS):
        _item, new = _submission(
            title, kind, link, description, submitters[-1 - index % len(submitters)]
        )
        created += new
    title, kind, link, description, summary = ACCEPTED_ITEM
    item, new = _submission(title, kind, link, description, submitters[0])
    created += new
    if item.status == Submission.Status.SUBMITTED:
        services.submission_accept(submission=item, acting_user=coordinator, summary=summary)
    return created
