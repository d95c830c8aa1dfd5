"""Bulletin editions and submissions in bulk, for benchmarks (PostgreSQL only).

``generate_bulletin`` writes past quarterly editions, all published (put on the web without
delivery rows: they are history, as ``edition_publish(distribute=False)`` would leave them),
each with an editorial, sections and items made from members' submissions that went the
whole way (submitted, accepted with a summary, placed, published); then submissions still in
moderation: waiting for the coordinator, sent back for changes, declined, or accepted and not
yet placed. Called by ``manage.py generate_cop`` after the repository is filled, so some
items point to public documents."""

import datetime
import zoneinfo

from bulletin.models import Edition, EditionItem, Section, Submission, SubmissionEvent
from bulletin.services import store_new_documents
from core import bulk
from demo import prose
from demo.generate.committees import THEMES, seat_holders
from repository.models import Document

NAIROBI = zoneinfo.ZoneInfo("Africa/Nairobi")
Kind, Status, Action = Submission.Kind, Submission.Status, SubmissionEvent.Action

# The word lists are in demo/data/generate.toml.
WORDS = prose.load("generate")["bulletin"]
SECTIONS = tuple(WORDS["sections"])
TITLES = {Kind(key): value for key, value in WORDS["titles"].items()}
SUMMARIES = tuple(WORDS["summaries"])
SUBMISSION_COLUMNS = (
    "id", "kind", "title", "link", "file", "file_name", "file_extension", "file_content_type",
    "document_id", "description", "submitted_by_id", "organisation_id", "status", "summary",
    "note_to_submitter", "created_at", "submitted_at", "decided_at", "updated_at",
)  # fmt: skip
# What is still in moderation, in turn.
PENDING_CYCLE = (
    Status.SUBMITTED, Status.SUBMITTED, Status.ACCEPTED, Status.CHANGES_REQUESTED,
    Status.SUBMITTED, Status.DECLINED, Status.SUBMITTED, Status.ACCEPTED,
)  # fmt: skip


def _quarters(today, count):
    """The ``count`` quarters before today's, newest first."""
    year, quarter = today.year, (today.month - 1) // 3 + 1
    for _ in range(count):
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
        yield year, quarter


def _quarter_start(year, quarter):
    return datetime.datetime(year, 3 * quarter - 2, 1, 9, tzinfo=NAIROBI)


class _Submissions:
    """Rows of submissions and their events, written together at the end."""

    def __init__(self, rng, authors, documents, coordinator_id):
        self.rng, self.authors, self.documents = rng, authors, documents
        self.coordinator_id = coordinator_id
        self.rows, self.events = [], []

    def add(self, pk, *, status, submitted_at, decided_at=None, published_at=None):
        rng = self.rng
        kind = rng.choice(list(Kind))
        theme = rng.choice(THEMES)
        title = TITLES[kind].format(theme=theme)
        author, organisation = rng.choice(self.authors)
        document = (
            rng.choice(self.documents) if self.documents and rng.random() < 0.2 else None
        )  # fmt: skip
        link = "" if document else f"https://news.example.org/{kind}/{pk}"
        summary = ""
        if status in (Status.ACCEPTED, Status.PUBLISHED):
            summary = rng.choice(SUMMARIES).format(theme=theme)
        note = {
            Status.DECLINED: "Thank you: this is outside the bulletin's scope.",
            Status.CHANGES_REQUESTED: "Please add the county figures and a shorter title.",
        }.get(status, "")
        updated = published_at or decided_at or submitted_at
        self.rows.append(
            (pk, kind, title, link, "", "", "", "", document,
             f"A contribution on {theme} from a member organisation.", author, organisation,
             status, summary, note, submitted_at, submitted_at, decided_at, updated)
        )  # fmt: skip
        self.events.append((pk, Action.SUBMITTED, author, "", submitted_at))
        if decided_at is None:
            return
        decision = {
            Status.DECLINED: Action.DECLINED,
            Status.CHANGES_REQUESTED: Action.CHANGES_REQUESTED,
        }.get(status, Action.ACCEPTED)
        self.events.append((pk, decision, self.coordinator_id, note, decided_at))
        if published_at is not None:
            placed = decided_at + (published_at - decided_at) / 2
            self.events.append((pk, Action.PLACED, self.coordinator_id, "", placed))
            self.events.append((pk, Action.PUBLISHED, self.coordinator_id, "", published_at))


def generate_bulletin(rng, *, editions, pending, coordinator_id, now):
    """``editions`` published editions (the quarters before the current one) and ``pending``
    submissions in moderation. Returns counts by table."""
    bulk.require_postgresql()
    today = now.astimezone(NAIROBI).date()
    authors = [(h.user_id, h.organisation_id) for h in seat_holders()]
    documents = list(
        Document.objects.filter(
            visibility=Document.Visibility.PUBLIC,
            public_status=Document.PublicStatus.APPROVED,
            withdrawn_at__isnull=True,
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:2000]
    )
    quarters = list(_quarters(today, editions))
    plan = []  # (edition id, year, quarter, [(section id, title, item count)])
    edition_ids = bulk.reserve_ids(Edition, len(quarters))
    section_total = 0
    for pk, (year, quarter) in zip(edition_ids, quarters, strict=True):
        titles = rng.sample(SECTIONS, rng.randint(3, 5))
        plan.append((pk, year, quarter, [(title, rng.randint(2, 5)) for title in titles]))
        section_total += len(titles)
    section_ids = iter(bulk.reserve_ids(Section, section_total))
    item_total = sum(n for *_rest, sections in plan for _title, n in sections)
    submission_ids = iter(bulk.reserve_ids(Submission, item_total + pending))
    submissions = _Submissions(rng, authors, documents, coordinator_id)
    edition_rows, section_rows, item_rows = [], [], []
    for pk, year, quarter, sections in plan:
        start = _quarter_start(year, quarter)
        published = min(
            _quarter_start(*((year + 1, 1) if quarter == 4 else (year, quarter + 1)))
            + datetime.timedelta(days=10),
            now - datetime.timedelta(days=1),
        )
        created = min(start + datetime.timedelta(days=45), published - datetime.timedelta(days=5))
        editorial = (
            f"<p>Welcome to the bulletin for {year} Q{quarter}. This quarter members wrote "
            f"about <strong>{rng.choice(THEMES)}</strong> and {rng.choice(THEMES)}.</p>"
            "<p>Send us your news, studies and event reports for the next edition.</p>"
        )
        edition_rows.append(
            (pk, year, quarter, Edition.default_title(year, quarter),
             Edition.default_slug(year, quarter), editorial, Edition.Status.PUBLISHED,
             published, published, coordinator_id, created, published, False)
        )  # fmt: skip
        for position, (title, count) in enumerate(sections):
            section = next(section_ids)
            section_rows.append((section, pk, title, position))
            for item_position in range(count):
                submission = next(submission_ids)
                submitted = start + datetime.timedelta(
                    days=rng.randint(0, 40), hours=rng.randint(0, 8)
                )
                decided = submitted + datetime.timedelta(days=rng.randint(1, 10))
                submissions.add(
                    submission,
                    status=Status.PUBLISHED,
                    submitted_at=submitted,
                    decided_at=min(decided, published - datetime.timedelta(days=2)),
                    published_at=published,
                )
                item_rows.append((section, submission, item_position))
    for n in range(pending):
        status = PENDING_CYCLE[n % len(PENDING_CYCLE)]
        submitted = now - datetime.timedelta(days=rng.randint(1, 60), hours=rng.randint(0, 23))
        decided = None
        if status != Status.SUBMITTED:
            decided = min(submitted + datetime.timedelta(days=rng.randint(1, 7)), now)
        submissions.add(next(submission_ids), status=status, submitted_at=submitted,
                        decided_at=decided)  # fmt: skip
    bulk.copy_rows(
        Edition,
        ("id", "year", "quarter", "title", "slug", "editorial", "status", "publish_at",
         "published_at", "created_by_id", "created_at", "updated_at", "documents_stored",
         "automatic_blocks"),
        ((*row, "[]") for row in edition_rows),
    )  # fmt: skip
    bulk.copy_rows(Section, ("id", "edition_id", "title", "position"), section_rows)
    bulk.copy_rows(Submission, SUBMISSION_COLUMNS, submissions.rows)
    bulk.copy_rows(EditionItem, ("section_id", "submission_id", "position"), item_rows)
    bulk.copy_rows(
        SubmissionEvent, ("submission_id", "action", "actor_id", "note", "at"), submissions.events
    )
    # Each edition's "new public documents" block, as publishing stores it (the repository's
    # approvals are generated first).
    for edition in Edition.objects.filter(pk__in=edition_ids).order_by("published_at"):
        store_new_documents(edition)
    return {
        "editions": len(edition_rows),
        "sections": len(section_rows),
        "items": len(item_rows),
        "submissions": len(submissions.rows),
    }


def analyse():
    bulk.analyse(Edition, Section, EditionItem, Submission, SubmissionEvent)
