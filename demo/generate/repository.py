"""Realistic documents in bulk, for benchmarks and a large demo (PostgreSQL only).

``generate_documents(count)`` writes documents with COPY in batches: types, working group
topics, pillars, counties or national, publishers taken from the organisations present,
English and Kiswahili titles, summaries and extracted text (a few KB to ~100 KB, from a
vocabulary of the sector in both languages, each document leaning to one theme so that a
word matches a realistic share of documents), tags, one to three versions, an upload event,
a mix of visibility levels, and then the stored search vectors in bulk. The files of the
versions are not written: a generated document's page works, its download answers 404-like
storage errors, which is what a benchmark of search and pages needs.

Issue 7's whole-CoP generator can call ``generate_documents`` after making organisations,
working groups and committees; alone, it makes a small set of each if there are none."""

import datetime
import hashlib
import math
import random
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from psycopg.types.json import Jsonb

from committees.models import Body
from demo import prose
from members.models import County, Organisation, Pillar
from repository import search
from repository.models import Document, DocumentEvent, DocumentVersion, Tag
from twg.models import WorkingGroup

GENERATOR_EMAIL = "documents-generator@example.invalid"

# -- Vocabulary ----------------------------------------------------------------------------


def _words(text):
    return text.split()


# The word lists are in demo/data/generate.toml.
WORDS = prose.load("generate")["repository"]
FUNCTION_WORDS = _words(WORDS["function_words"])

GENERAL = _words(WORDS["general"])

# The long tail of a report's words: each is rare, together they make a realistic vector.
TAIL = _words(WORDS["tail"])

SWAHILI = _words(WORDS["swahili"])

# theme: (English words and phrases leaning to it, Kiswahili ones, tags, document types)
THEMES = {
    theme: (words["english"], words["kiswahili"], list(words["tags"]), list(words["types"]))
    for theme, words in WORDS["themes"].items()
}

TITLE_PATTERNS_EN = tuple(WORDS["title_patterns_en"])
TITLE_PATTERNS_SW = tuple(WORDS["title_patterns_sw"])
KINDS = dict(WORDS["kinds"])
SW_KINDS = tuple(WORDS["sw_kinds"])
GROUPS = tuple(WORDS["groups"])
SW_GROUPS = tuple(WORDS["sw_groups"])
AUTHORS = tuple(WORDS["authors"])

ORGANISATIONS = tuple(tuple(row) for row in WORDS["organisations"])

VISIBILITY_MIX = (  # (visibility, public status, weight)
    ("public", "approved", 45),
    ("public", "pending", 4),
    ("public", "refused", 1),
    ("members", "not-requested", 35),
    ("twg", "not-requested", 10),
    ("committee", "not-requested", 5),
)


@dataclass
class Context:
    user_id: int
    organisations: list
    working_groups: list  # (working group id, body id)
    committees: list  # body ids
    pillars: list
    counties: list  # (id, name)
    tags: dict  # name -> id


def _ensure_context():
    """What documents point to: existing rows, or a small realistic set made once."""
    user, _created = get_user_model().objects.get_or_create(
        email=GENERATOR_EMAIL, defaults={"is_active": False}
    )
    if Organisation.objects.count() < 10:
        for name, acronym, category in ORGANISATIONS:
            Organisation.objects.get_or_create(
                name=name,
                defaults={"slug": slugify(name), "acronym": acronym, "category": category},
            )
    if not WorkingGroup.objects.exists():
        for number, theme in enumerate(THEMES):
            name = f"{theme.capitalize()} working group"
            body = Body.objects.create(kind=Body.Kind.WORKING_GROUP, name=name, slug=slugify(name))
            WorkingGroup.objects.create(
                body=body,
                purpose=f"Members who work on {theme}.",
                status=WorkingGroup.Status.ESTABLISHED,
                order=number,
            )
    if not Body.objects.committees().exists():
        Body.objects.create(
            kind=Body.Kind.OVERSIGHT,
            name=Body.Kind.OVERSIGHT.label,
            slug="oversight-committee",
        )
    tag_names = sorted({tag for theme in THEMES.values() for tag in theme[2]})
    tag_names += [f"{county.name.lower()} county" for county in County.objects.all()]
    tags = {}
    for name in tag_names:
        tags[name] = Tag.objects.get_or_create(name=Tag.normalise(name))[0].pk
    return Context(
        user_id=user.pk,
        organisations=list(Organisation.objects.values_list("pk", flat=True)),
        working_groups=list(WorkingGroup.objects.values_list("pk", "body_id")),
        committees=list(Body.objects.committees().values_list("pk", flat=True)),
        pillars=list(Pillar.objects.values_list("pk", flat=True)),
        counties=list(County.objects.values_list("pk", "name")),
        tags=tags,
    )


# -- Text ----------------------------------------------------------------------------------


class Writer:
    """Paragraphs drawn once per theme and language, then assembled into documents: fast,
    and each document's words lean to its theme like a real report's."""

    PARAGRAPHS_PER_THEME = 160

    def __init__(self, rng, counties):
        self.rng = rng
        self.places = [name for _pk, name in counties]
        self.pool = {}
        for theme, (english, swahili, _tags, _types) in THEMES.items():
            self.pool[(theme, "en")] = [
                self._paragraph(english.split(), FUNCTION_WORDS, GENERAL)
                for _ in range(self.PARAGRAPHS_PER_THEME)
            ]
            self.pool[(theme, "sw")] = [
                self._paragraph(swahili.split() + english.split()[:4], SWAHILI, SWAHILI)
                for _ in range(self.PARAGRAPHS_PER_THEME)
            ]

    def _paragraph(self, theme_words, glue, general):
        rng = self.rng
        words = []
        for _ in range(rng.randint(40, 140)):
            roll = rng.random()
            if roll < 0.40:
                words.append(rng.choice(glue))
            elif roll < 0.43:
                words.append(str(int(rng.paretovariate(0.6))))  # figures: many distinct
            elif roll < 0.50:
                words.append(rng.choice(TAIL))
            elif roll < 0.75:
                # Zipf-like: the first general words are the most frequent.
                words.append(general[min(int(rng.paretovariate(1.1)) - 1, len(general) - 1)])
            elif roll < 0.99:
                words.append(rng.choice(theme_words))
            else:
                words.append(rng.choice(self.places))
        words[0] = words[0].capitalize()
        return " ".join(words) + "."

    def text(self, rng, theme, language, length):
        pool = self.pool[(theme, language)]
        other = self.pool[(rng.choice(list(THEMES)), language)]
        parts, size = [], 0
        while size < length:
            paragraph = rng.choice(pool if rng.random() < 0.8 else other)
            parts.append(paragraph)
            size += len(paragraph) + 2
        return "\n\n".join(parts)

    def summary(self, rng, theme, language):
        pool = self.pool[(theme, language)]
        return " ".join(rng.choice(pool) for _ in range(2))[:600]


def _text_length(rng):
    """Most texts a few KB (log-normal around 4.5 KB); one in thirty a long report of 30 to
    100 KB."""
    if rng.random() < 1 / 30:
        return rng.randint(30_000, 100_000)
    return int(min(100_000, max(1_500, rng.lognormvariate(math.log(4_500), 0.7))))


# -- Rows ----------------------------------------------------------------------------------

DOCUMENT_COLUMNS = (
    "id", "title", "slug", "summary", "type", "national", "published_on", "authors",
    "language", "visibility", "body_id", "public_status", "public_note", "external_url",
    "rights", "uploaded_by_id", "organisation_id", "created_at", "updated_at", "withdrawn_at",
    "withdrawn_reason", "download_count", "text", "index_status", "index_error", "tag_names",
    "facet_ids",
)  # fmt: skip
VERSION_COLUMNS = (
    "document_id", "number", "file", "original_name", "extension", "content_type", "size",
    "sha256", "uploaded_by_id", "uploaded_at", "download_count",
)  # fmt: skip
EVENT_COLUMNS = ("document_id", "action", "actor_id", "note", "at")
STAGING = "generated_document"


def _title(rng, theme, language, type_, place, year):
    if language == "sw":
        return rng.choice(TITLE_PATTERNS_SW).format(
            sw_kind=rng.choice(SW_KINDS),
            sw_theme=THEMES[theme][1].split()[0] + " " + THEMES[theme][1].split()[-1],
            place=place,
            year=year,
            sw_group=rng.choice(SW_GROUPS),
        )
    kind = KINDS.get(type_, "report")
    return rng.choice(TITLE_PATTERNS_EN).format(
        Kind=kind.capitalize(),
        kind=kind,
        theme=theme,
        theme_cap=theme.capitalize(),
        place=place,
        year=year,
        group=rng.choice(GROUPS),
    )[:300]


def _weighted(rng, items, weights):
    return rng.choices(items, weights=weights, k=1)[0]


def _batch(rng, writer, context, ids, now):
    """Rows for one batch of documents and their relations."""
    documents, versions, events = [], [], []
    relations = {"topics": [], "pillars": [], "counties": [], "publishers": [], "tags": []}
    themes = list(THEMES)
    # A few organisations publish most: the publisher facet has a long tail.
    publisher_weights = [1 / (rank + 1) for rank in range(len(context.organisations))]
    visibilities = [(v, s) for v, s, _w in VISIBILITY_MIX]
    visibility_weights = [w for _v, _s, w in VISIBILITY_MIX]
    for document_id in ids:
        theme_index = rng.randrange(len(themes))
        theme = themes[theme_index]
        english, swahili, theme_tags, types = THEMES[theme]
        language = _weighted(rng, ["en", "sw", "other"], [80, 18, 2])
        text_language = "sw" if language == "sw" else "en"
        type_ = rng.choice(types) if rng.random() < 0.7 else rng.choice(list(Document.Type))
        type_ = str(type_)
        national = rng.random() < 0.35
        doc_counties = [] if national else rng.sample(context.counties, rng.randint(1, 3))
        place = doc_counties[0][1] if doc_counties else "Kenya"
        year = rng.randint(2008, 2026)
        published = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
        visibility, public_status = _weighted(rng, visibilities, visibility_weights)
        body_id = None
        if visibility == "twg":
            body_id = context.working_groups[theme_index % len(context.working_groups)][1]
        elif visibility == "committee":
            body_id = rng.choice(context.committees)
        title = _title(rng, theme, language, type_, place, year)
        created = now - datetime.timedelta(days=rng.randint(0, 3650), minutes=rng.randint(0, 1440))
        external = type_ == "video"
        withdrawn = rng.random() < 0.02
        text = "" if external else writer.text(rng, theme, text_language, _text_length(rng))
        tag_ids = rng.sample(theme_tags, rng.randint(1, min(3, len(theme_tags))))
        if doc_counties and rng.random() < 0.5:
            tag_ids.append(f"{place.lower()} county")
        names = sorted({Tag.normalise(t) for t in tag_ids})
        publishers = {
            _weighted(rng, context.organisations, publisher_weights)
            for _ in range(rng.randint(1, 2))
        }
        wg_ids = [wg for wg, _body in context.working_groups]
        topic_ids = {wg_ids[theme_index % len(wg_ids)]} | set(rng.sample(wg_ids, rng.randint(0, 1)))
        pillar_ids = rng.sample(context.pillars, rng.randint(1, 2))
        facets = {
            "topic": sorted(topic_ids),
            "pillar": sorted(pillar_ids),
            "county": sorted(pk for pk, _name in doc_counties),
            "publisher": sorted(publishers),
        }
        documents.append(
            (
                document_id,
                title,
                f"{slugify(title)[:100]}-{document_id}",
                writer.summary(rng, theme, text_language),
                type_,
                national,
                published,
                ", ".join(rng.sample(AUTHORS, rng.randint(1, 3))),
                language,
                visibility,
                body_id,
                public_status,
                "",
                f"https://video.example.org/{document_id}" if external else "",
                "",
                context.user_id,
                next(iter(publishers)),
                created,
                created,
                created + datetime.timedelta(days=30) if withdrawn else None,
                "Superseded by a later edition." if withdrawn else "",
                int(rng.paretovariate(1.3)) - 1,
                text,
                Document.IndexStatus.FAILED if external else Document.IndexStatus.INDEXED,
                "",
                " ".join(names),
                Jsonb(facets),
            )
        )
        if not external:
            for number in range(1, rng.choice((1, 1, 1, 2, 3)) + 1):
                versions.append(
                    (
                        document_id,
                        number,
                        f"documents/{document_id}/generated-{number}.pdf",
                        f"{slugify(title)[:80]}-v{number}.pdf",
                        "pdf",
                        "application/pdf",
                        len(text) * 3 + 20_000,
                        hashlib.sha256(f"{document_id}-{number}".encode()).hexdigest(),
                        context.user_id,
                        created + datetime.timedelta(days=number - 1),
                        rng.randint(0, 40),
                    )
                )
        events.append((document_id, DocumentEvent.Action.UPLOADED, context.user_id, "", created))
        relations["topics"] += [(document_id, pk) for pk in topic_ids]
        relations["pillars"] += [(document_id, pk) for pk in pillar_ids]
        relations["counties"] += [(document_id, pk) for pk, _name in doc_counties]
        relations["publishers"] += [(document_id, pk) for pk in publishers]
        relations["tags"] += [(document_id, context.tags[name]) for name in names]
    return documents, versions, events, relations


def _copy(cursor, table, columns, rows):
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _reserve_ids(cursor, count):
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence('repository_document', 'id')) "
        "FROM generate_series(1, %s)",
        [count],
    )
    return [row[0] for row in cursor.fetchall()]


def generate_documents(count, *, seed=2026, batch_size=1_000, workers=2, log=None):
    """Add ``count`` generated documents; returns how many. PostgreSQL only (COPY)."""
    if connection.vendor != "postgresql":
        raise RuntimeError("The document generator writes with COPY: it needs PostgreSQL.")
    rng = random.Random(seed)  # noqa: S311 - generated text, not secrets
    context = _ensure_context()
    writer = Writer(rng, context.counties)
    now = timezone.now()
    m2m = {name: getattr(Document, name).through for name in
           ("topics", "pillars", "counties", "publishers", "tags")}  # fmt: skip
    m2m_columns = {
        "topics": ("document_id", "workinggroup_id"),
        "pillars": ("document_id", "pillar_id"),
        "counties": ("document_id", "county_id"),
        "publishers": ("document_id", "organisation_id"),
        "tags": ("document_id", "tag_id"),
    }
    batches = [
        (number, min(batch_size, count - start)) for number, start in
        enumerate(range(0, count, batch_size))
    ]  # fmt: skip
    progress = {"done": 0}
    table = Document._meta.db_table
    lock = threading.Lock()

    def write(number, size, *, threaded):
        # Each batch has its own random stream: the output does not depend on thread timing.
        batch_rng = random.Random(seed * 1_000_003 + number)  # noqa: S311
        try:
            with transaction.atomic(), connection.cursor() as wrapper:
                cursor = wrapper.cursor  # psycopg's own cursor, for COPY
                ids = _reserve_ids(cursor, size)
                documents, versions, events, relations = _batch(
                    batch_rng, writer, context, ids, now
                )
                # Rows go to a scratch table first, then into the documents' table with their
                # vectors computed by the database on the way: each row is written once.
                cursor.execute(
                    f"CREATE TEMPORARY TABLE {STAGING} (LIKE {table} INCLUDING DEFAULTS) "
                    "ON COMMIT DROP"
                )
                _copy(cursor, STAGING, DOCUMENT_COLUMNS, documents)
                columns = ", ".join(DOCUMENT_COLUMNS)
                vectors = search.stored_vectors_sql()
                cursor.execute(
                    f"INSERT INTO {table} ({columns}, {', '.join(vectors)}) "  # noqa: S608
                    f"SELECT {columns}, {', '.join(vectors.values())} FROM {STAGING}"
                )
                cursor.execute(f"DROP TABLE {STAGING}")
                _copy(cursor, DocumentVersion._meta.db_table, VERSION_COLUMNS, versions)
                _copy(cursor, DocumentEvent._meta.db_table, EVENT_COLUMNS, events)
                for name, rows in relations.items():
                    _copy(cursor, m2m[name]._meta.db_table, m2m_columns[name], rows)
        finally:
            if threaded:
                connection.close()  # each thread has its own connection
        with lock:
            progress["done"] += size
            if log:
                log(f"{progress['done']} of {count} documents")

    # The database parses the text into vectors, which takes most of the time: two batches
    # at once keep both cores busy.
    if workers > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            jobs = [pool.submit(write, number, size, threaded=True) for number, size in batches]
            for job in jobs:
                job.result()
    else:
        for number, size in batches:
            write(number, size, threaded=False)
    done = progress["done"]
    with connection.cursor() as cursor:
        for model in (Document, DocumentVersion, DocumentEvent, *m2m.values()):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    return done


def record_approvals(*, actor_id):
    """Give each generated document that is public and approved the coordinator's approval
    event (a few days after its upload), as the approval service records it: the feeds and
    the bulletin's "new public documents" read when a document was made public from there.
    Returns how many."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {DocumentEvent._meta.db_table} (document_id, action, actor_id, note, at) "  # noqa: S608
            "SELECT d.id, %s, %s, '', LEAST(d.created_at + (d.id %% 9 + 1) * INTERVAL '1 day', "
            "now()) "
            f"FROM {Document._meta.db_table} d WHERE d.visibility = %s AND d.public_status = %s "
            f"AND NOT EXISTS (SELECT 1 FROM {DocumentEvent._meta.db_table} e "
            "WHERE e.document_id = d.id AND e.action = %s)",
            [
                DocumentEvent.Action.APPROVED,
                actor_id,
                Document.Visibility.PUBLIC,
                Document.PublicStatus.APPROVED,
                DocumentEvent.Action.APPROVED,
            ],
        )
        return cursor.rowcount
