"""Search and faceted filters over documents. Everything here narrows a queryset it is given,
which always starts from ``selectors.documents_visible_to``: search never widens what a user
may see.

On PostgreSQL: full-text search with the 'simple' configuration (English and Kiswahili are
mixed, so no stemming), title weighted most, then summary, tags and the text inside the file;
web-search syntax (``"a phrase"``, ``or``, ``-word``); ranking; highlighted snippets from the
file text; titles close to the query when nothing matches. The vectors are stored
(``services.document_reindex`` keeps them), never computed per query. On SQLite: every word
must appear in the title, summary, a tag or the text.

The count and the facet counts come from one query over the matching documents
(``facet_counts``); the page of results is another; snippets a third, for the page's rows
only. ``benchmarks/repository_search.py`` measures them at 100,000 documents."""

import datetime
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.postgres.lookups import TrigramSimilar
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramSimilarity,
)
from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import (
    ExtractYear,
    Greatest,
    Left,
    Lower,
    Mod,
    StrIndex,
    Substr,
)
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from ..models import SAMPLE_EVERY, Document

SEARCHED_TEXT_CHARS = 200_000  # characters of a file's text that search reads
HEADLINE_CHARS = 1_500  # characters of a file's text that a snippet is made from
PUBLISHER_OPTIONS = 15  # the publisher facet shows the most frequent ones (and any chosen)
NATIONAL = "national"  # the county facet's option for documents about the whole country
CONFIG = "simple"
TRIGRAM_THRESHOLD = 0.3
EXACT_UP_TO = 2_000  # a search matching more documents than this gets estimated counts
SNIPPET_RADIUS = 90  # characters either side of the first match in a SQLite snippet
# Characters from Unicode's private use area mark the highlights in PostgreSQL's headline, so
# that the text can be escaped before the marks become <mark> tags.
START, STOP = "\ue000", "\ue001"


def is_postgresql():
    return connection.vendor == "postgresql"


class Sort:
    RELEVANCE = "relevance"
    NEWEST = "newest"
    DOWNLOADS = "downloads"
    CHOICES = (
        (RELEVANCE, _("Relevance")),
        (NEWEST, _("Newest")),
        (DOWNLOADS, _("Most downloaded")),
    )


# -- Matching ------------------------------------------------------------------------------


def stored_vectors(tag_names):
    """What ``services.document_reindex`` stores: ``search_vector``, weighted title A,
    summary B, tag names C, the file's text D, which finds documents; and ``heading_vector``,
    the title and tags only, small enough to be kept in the row and rank every match cheaply
    (words of the summary or the text find a document without lifting it). ``tag_names`` is a
    string, or an expression such as ``F("tag_names")`` for bulk updates. A tsvector holds
    at most 1 MB, so the text is read on its first part: one long document can never make
    indexing fail."""
    if not hasattr(tag_names, "resolve_expression"):
        tag_names = Value(tag_names, output_field=TextField())

    title = SearchVector("title", weight="A", config=CONFIG)
    tags = SearchVector(tag_names, weight="C", config=CONFIG)
    return {
        "search_vector": title
        + SearchVector("summary", weight="B", config=CONFIG)
        + tags
        + SearchVector(Left("text", SEARCHED_TEXT_CHARS), weight="D", config=CONFIG),
        "heading_vector": title + tags,
    }


def stored_vectors_sql():
    """``stored_vectors`` written as SQL over a row's columns (``title``, ``summary``,
    ``tag_names``, ``text``), for bulk inserts; a test checks that both give the same."""
    title = f"setweight(to_tsvector('{CONFIG}', coalesce(title, '')), 'A')"
    summary = f"setweight(to_tsvector('{CONFIG}', coalesce(summary, '')), 'B')"
    tags = f"setweight(to_tsvector('{CONFIG}', coalesce(tag_names, '')), 'C')"
    text = f"left(coalesce(text, ''), {SEARCHED_TEXT_CHARS})"
    text = f"setweight(to_tsvector('{CONFIG}', {text}), 'D')"
    return {
        "search_vector": f"{title} || {summary} || {tags} || {text}",
        "heading_vector": f"{title} || {tags}",
    }


def _query(query):
    return SearchQuery(query, search_type="websearch", config=CONFIG)


def words(query):
    """The words of a query for the SQLite match: quotes, signs and ``or`` are dropped."""
    found = [w.strip("\"'-+") for w in query.split()]
    return [w for w in found if w and w.lower() != "or"]


def _word_match(word):
    return (
        Q(title__icontains=word)
        | Q(summary__icontains=word)
        | Q(tag_names__icontains=word)
        | Q(text__icontains=word)
    )


def matching(queryset, query):
    """Documents of ``queryset`` that match ``query``, without ranking (for counts). On
    PostgreSQL the stored vector answers, through its GIN index."""
    if is_postgresql():
        return queryset.filter(search_vector=_query(query))
    for word in words(query):
        queryset = queryset.filter(_word_match(word))
    return queryset


# A phrase ("cash transfer", or a hyphenated word, which the parser reads as one) is checked
# against each candidate's word positions, which means reading its whole vector: 17,000
# candidates that hold both words cost half a second. So a phrase search is answered in two
# steps: its words, with every phrase operator read as AND, find and rank the candidates
# through the index; the phrase is then checked on the few candidates a page or the sample
# needs. Not for a phrase that is left out ("-\"a b\""): its words alone would leave out too much.
RELAXED_SQL = (
    "regexp_replace(CAST(websearch_to_tsquery(%s::regconfig, %s) AS text),"
    " '<[0-9]+>|<->', '&', 'g')::tsquery"
)
_NEGATED_PHRASE = re.compile(r'(^|\s)-\s*("|\S*\w[-/.]\w)')


def has_phrase(query):
    """True when ``query`` holds a phrase and every phrase in it is wanted, not left out."""
    if not is_postgresql() or _NEGATED_PHRASE.search(query):
        return False
    return '"' in query or bool(re.search(r"\w[-/.]\w", query))


def relaxed_matching(queryset, query):
    """Documents of ``queryset`` holding the words of ``query``, its phrases read as AND: all
    the documents that ``matching`` finds, and some more."""
    relaxed = RawSQL(RELAXED_SQL, [CONFIG, query])  # noqa: S611 - constants and parameters
    return queryset.alias(
        relaxed_match=ExpressionWrapper(
            Func(F("search_vector"), relaxed, function="", arg_joiner=" @@ "),
            output_field=BooleanField(),
        )
    ).filter(relaxed_match=True)


def phrase_check(query):
    """The exact check of ``query``, written as a function call so that the planner cannot
    answer it from the index (which would check every candidate): it runs on the rows it is
    given."""
    return ExpressionWrapper(
        Func(F("search_vector"), _query(query), function="ts_match_vq"),
        output_field=BooleanField(),
    )


def is_simple(query):
    """True for words, with or without OR, and nothing left out and no phrase: the query's
    match on a document's heading (title and tags) then implies its match on the document."""
    if not is_postgresql() or has_phrase(query):
        return False
    return not any(token.startswith("-") for token in query.split())


def close_titles(queryset, query):
    """Typo tolerance: documents whose title is close to the query (PostgreSQL only)."""
    if not is_postgresql():
        return queryset.none()
    # The % operator (pg_trgm's own threshold, 0.3 by default) can use the trigram index.
    return queryset.alias(similarity=TrigramSimilarity("title", query)).filter(
        TrigramSimilar(F("title"), Value(query)), similarity__gt=TRIGRAM_THRESHOLD
    )


def ranked(queryset, query, *, fuzzy=False):
    """``queryset`` (already narrowed by ``matching`` or ``close_titles``) with a relevance
    rank read from the stored heading vector. Snippets are made apart, for one page's rows only
    (``add_snippets``)."""
    if is_postgresql():
        if fuzzy:
            return queryset.annotate(rank=F("similarity"))
        # The heading vector: title and tags weigh; a match only in the summary or the
        # file's text ranks nothing and sorts by date (reading every match's large vector
        # costs seconds). For a simple query, documents whose heading matches come first.
        queryset = queryset.annotate(rank=SearchRank(F("heading_vector"), _query(query)))
        if is_simple(query):
            # The same lookup HeadingFirst filters the heading matches with.
            match = Q(heading_vector=_query(query))
            queryset = queryset.annotate(
                heading_match=ExpressionWrapper(match, output_field=BooleanField())
            )
        return queryset
    # SQLite: titles that hold every word first, then summaries.
    terms = words(query) or [query]
    in_title = Q(*[Q(title__icontains=w) for w in terms])
    in_summary = Q(*[Q(summary__icontains=w) for w in terms])
    return queryset.annotate(
        rank=Case(
            When(in_title, then=Value(2)),
            When(in_summary, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


# -- Snippets ------------------------------------------------------------------------------


def _highlighted(headline):
    """PostgreSQL's headline, escaped, with its marks turned into balanced <mark> tags (a
    stray mark character in the file text cannot open a tag that is never closed)."""
    parts, open_ = [], False
    for piece in re.split(f"([{START}{STOP}])", headline):
        if piece == START:
            if not open_:
                parts.append("<mark>")
                open_ = True
        elif piece == STOP:
            if open_:
                parts.append("</mark>")
                open_ = False
        else:
            parts.append(escape(piece))
    if open_:
        parts.append("</mark>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above


def _plain_snippet(text, terms):
    """SQLite: the text around the first word found, escaped, with the words in <mark>."""
    lowered = text.lower()
    found = [(lowered.find(t.lower()), t) for t in terms]
    found = [(at, t) for at, t in found if at >= 0]
    if not found:
        return ""
    at, _term = min(found)
    start, end = max(0, at - SNIPPET_RADIUS), min(len(text), at + SNIPPET_RADIUS)
    window = text[start:end]
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    parts, last = [], 0
    for match in pattern.finditer(window):
        parts.append(escape(window[last : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    parts.append(escape(window[last:]))
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308 - escaped above


def _first_wanted_word(query):
    """The first word the query asks for (not one it excludes), lower case, or ''."""
    for token in query.split():
        if token.startswith("-") or token.lower() == "or":
            continue
        word = token.strip("\"'+").lower()
        if word:
            return word
    return ""


def _headlines(documents, query):
    """PostgreSQL's highlighted excerpts for one page of documents, in one query. A headline
    parses all the text it is given, slowly, so it is given a window of HEADLINE_CHARS
    around the first place where the first wanted word occurs (found by a plain substring
    search, which is fast), or the start of the text."""
    text = Left("text", SEARCHED_TEXT_CHARS)
    start = Value(1)
    word = _first_wanted_word(query)
    if word:
        found_at = StrIndex(Lower(text), Value(word))
        start = Greatest(found_at - Value(HEADLINE_CHARS // 3), Value(1))
    found = Document.objects.filter(pk__in=[d.pk for d in documents]).annotate(
        headline=SearchHeadline(
            Substr(text, start, HEADLINE_CHARS),
            _query(query),
            config=CONFIG,
            start_sel=START,
            stop_sel=STOP,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
    )
    return dict(found.values_list("pk", "headline"))


def add_snippets(documents, query, *, fuzzy=False):
    """Set ``snippet`` on each document of a page: a safe, highlighted excerpt of the text
    inside the file, or an empty string when the match is elsewhere."""
    terms = words(query)
    headlines = {}
    if is_postgresql() and query and not fuzzy and documents:
        headlines = _headlines(documents, query)
    for document in documents:
        headline = headlines.get(document.pk)
        if headline is not None:
            document.snippet = _highlighted(headline) if START in headline else ""
        elif terms and "text" in document.__dict__:
            document.snippet = _plain_snippet(document.text, terms)
        else:
            document.snippet = ""


# -- Facets --------------------------------------------------------------------------------


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool
    # What the checkbox shows after its label, "(12)" or "(about 1,200)", and its element id:
    # made here once, since a page has up to ~150 options and the template language is slow.
    shown: str = ""
    element_id: str = ""


@dataclass
class Facet:
    name: str
    legend: str
    options: list = field(default_factory=list)


def _within(facet, relation, values):
    """Documents whose ``relation`` (a many-to-many path ending in a slug) is one of
    ``values``. On PostgreSQL the row's own ``facet_ids`` answer (``@>``, a check of the row
    in hand) against the ids the slugs name, read once: a subquery over the whole relation
    table (every document's pillars...) cost a hash of 100,000 rows per query."""
    if not is_postgresql():
        return Q(pk__in=Document.objects.filter(**{f"{relation}__in": values}).values("pk"))
    field, _, slug_path = relation.partition("__")
    target = Document._meta.get_field(field).related_model
    ids = target.objects.filter(**{f"{slug_path}__in": values}).values_list("pk", flat=True)
    found = Q(pk__in=[])
    for pk in sorted(ids):
        found |= Q(facet_ids__contains={facet: [pk]})
    return found


def _county_filter(values):
    counties = [v for v in values if v != NATIONAL]
    chosen = _within("county", "counties__slug", counties) if counties else Q(pk__in=[])
    return chosen | Q(national=True) if NATIONAL in values else chosen


def _years(values):
    return [int(v) for v in values if v.isdigit() and len(v) == 4]


@dataclass(frozen=True)
class FacetSpec:
    """A facet: its legend, the filter its chosen values make, and where its counts come
    from: a column of the matching documents (``column``, with ``choices`` for labels), or a
    many-to-many field of Document (``relation``) whose target has the slug and name, or
    whose target's ``via`` foreign key has them (a topic's body)."""

    legend: str
    filter: object
    column: str = ""
    choices: tuple = ()
    relation: str = ""
    via: str = ""


FACETS = {
    "type": FacetSpec(
        _("Type"), lambda values: Q(type__in=values), column="type", choices=Document.Type.choices
    ),
    "topic": FacetSpec(
        _("Working group topic"),
        lambda values: _within("topic", "topics__body__slug", values),
        relation="topics",
        via="body",
    ),
    "pillar": FacetSpec(
        _("Pillar"), lambda values: _within("pillar", "pillars__slug", values), relation="pillars"
    ),
    "county": FacetSpec(_("County"), _county_filter, relation="counties"),
    "year": FacetSpec(
        _("Year"), lambda values: Q(published_on__year__in=_years(values)), column="year"
    ),
    "language": FacetSpec(
        _("Language"),
        lambda values: Q(language__in=values),
        column="language",
        choices=Document.Language.choices,
    ),
    "publisher": FacetSpec(
        _("Publisher"),
        lambda values: _within("publisher", "publishers__slug", values),
        relation="publishers",
    ),
}


def facet_ids(document):
    """The ids a document's many-to-many facets point to, as ``Document.facet_ids`` keeps
    them (one query per relation)."""
    return {
        name: sorted(getattr(document, spec.relation).values_list("pk", flat=True))
        for name, spec in FACETS.items()
        if spec.relation
    }


def _options_of(name, spec):
    """SQL turning the ids of one facet, read from the matching rows ``m``, into rows of the
    table that holds the option's slug and name (``opt``)."""
    qn = connection.ops.quote_name
    if is_postgresql():
        ids = f"CROSS JOIN LATERAL jsonb_array_elements_text(m.doc_facets -> '{name}') AS k(id)"
        key = "CAST(k.id AS BIGINT)"
    else:
        ids = f"JOIN json_each(m.doc_facets, '$.{name}') AS k"
        key = "k.value"
    target = Document._meta.get_field(spec.relation).related_model._meta
    if not spec.via:
        return f" {ids} JOIN {qn(target.db_table)} opt ON opt.{qn(target.pk.column)} = {key}"
    via = target.get_field(spec.via)
    holder = via.related_model._meta
    return (
        f" {ids} JOIN {qn(target.db_table)} hop ON hop.{qn(target.pk.column)} = {key}"
        f" JOIN {qn(holder.db_table)} opt ON opt.{qn(holder.pk.column)} = hop.{qn(via.column)}"
    )


def facet_counts(matching_documents, filters, *, check=None):
    """The number of results and every facet's counts in one query. The documents that
    match the search (and visibility) are read once, as a materialised common table
    expression with one flag per chosen filter and the ids of their many-to-many facets
    (``Document.facet_ids``); each facet then counts the rows whose flags, all but its own,
    are true, so that its other options stay visible and can be added. The work grows with
    the number of matches, not with the size of the relations' tables.
    Returns ``Counts``."""
    flags = {
        f"f_{name}": ExpressionWrapper(condition, output_field=BooleanField())
        for name, condition in filters.items()
    }
    if check is not None:  # a phrase, checked on the candidates read (``phrase_check``)
        flags["f__check"] = check
    rows = matching_documents.order_by().values(
        doc_id=F("pk"),
        doc_type=F("type"),
        doc_language=F("language"),
        doc_national=F("national"),
        doc_year=ExtractYear("published_on"),
        doc_facets=F("facet_ids"),
        **flags,
    )
    base_sql, params = rows.query.sql_with_params()

    def where(except_facet=None):
        names = [f"m.f_{name}" for name in filters if name != except_facet]
        if check is not None:
            names.append("m.f__check")
        return " AND ".join(names) or "1 = 1"

    # Only constants and table and column names from the models are written into the SQL;
    # the values (the search, the chosen options, the user's bodies) are parameters.
    total = "SELECT 'total', CAST(NULL AS TEXT), CAST(NULL AS TEXT), COUNT(*) FROM m"
    parts = [f"{total} WHERE {where()}"]
    if filters or check is not None:  # the rows read, whatever the filters: the query's cost
        parts.append("SELECT 'rows', CAST(NULL AS TEXT), CAST(NULL AS TEXT), COUNT(*) FROM m")
    for name, spec in FACETS.items():
        if spec.column:
            parts.append(
                f"SELECT '{name}', CAST(m.doc_{spec.column} AS TEXT), CAST(NULL AS TEXT), "  # noqa: S608
                f"COUNT(*) FROM m WHERE m.doc_{spec.column} IS NOT NULL AND {where(name)} "
                f"GROUP BY m.doc_{spec.column}"
            )
        else:
            parts.append(
                f"SELECT '{name}', opt.slug, opt.name, COUNT(*) FROM m{_options_of(name, spec)} "  # noqa: S608
                f"WHERE {where(name)} GROUP BY opt.slug, opt.name"
            )
        if name == "county":
            parts.append(
                f"SELECT 'county', '{NATIONAL}', CAST(NULL AS TEXT), COUNT(*) FROM m "  # noqa: S608
                f"WHERE m.doc_national AND {where(name)} HAVING COUNT(*) > 0"
            )
    sql = f"WITH m AS MATERIALIZED ({base_sql}) " + " UNION ALL ".join(parts)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    total, rows, counts = 0, None, {name: [] for name in FACETS}
    for name, value, label, count in found:
        if name == "total":
            total = count
        elif name == "rows":
            rows = count
        else:
            counts[name].append((value, label, count))
    return Counts(total, counts, rows=total if rows is None else rows)


@dataclass
class Counts:
    """What ``facet_counts`` found: the number of results, each facet's ``(value, label,
    count)`` rows, and how many matching rows were read (the results before the filters)."""

    total: int
    facets: dict
    rows: int = 0
    estimated: bool = False  # the facets' counts are estimates
    exact_total: bool = True  # the number of results is exact

    def scaled(self, factor):
        """These counts, read on a sample, as estimates for the whole collection."""
        return Counts(
            _about(self.total * factor),
            {
                name: [(value, label, _about(count * factor)) for value, label, count in rows]
                for name, rows in self.facets.items()
            },
            rows=self.rows * factor,
            estimated=True,
            exact_total=False,
        )


def _about(number):
    """An estimate rounded to two significant figures (84,360 → 84,000; 67 → 67)."""
    if number < 100:
        return number
    scale = 10 ** (len(str(number)) - 2)
    return round(number / scale) * scale


def in_sample(queryset):
    """The documents of ``queryset`` in the fixed sample: one in SAMPLE_EVERY, by id (an
    expression index finds them)."""
    # An integer output, so that the comparison is the indexed expression itself (no cast).
    bucket = Mod("id", SAMPLE_EVERY, output_field=BigIntegerField())
    return queryset.alias(sample_bucket=bucket).filter(sample_bucket=0)


def counts(matching_documents, filters, *, check=None, filtered=None):
    """The number of results and the facet counts: exact when the search matches few
    documents, estimated from the sample when it matches many. The work is bounded either
    way: reading every match of a common word (84,000 of 100,000 documents) for exact counts
    cost 300 ms; reading one in twenty costs a twentieth, and an estimate is all a count of
    tens of thousands needs. Two queries either way: the sample's, then the exact counts, or
    the exact number of results when the filters leave few.

    With a phrase, ``matching_documents`` are its candidates (``relaxed_matching``) and
    ``check`` the phrase: the rows read are candidates, so they decide. An exact count of a
    phrase's results would check every candidate; it is made only when the sample has none
    (is there really nothing?), on the candidates the filters leave, read first.
    ``filtered``: the matching documents with the filters applied (by default, after)."""
    sampled = facet_counts(in_sample(matching_documents), filters, check=check)
    if sampled.rows * SAMPLE_EVERY <= EXACT_UP_TO:
        return facet_counts(matching_documents, filters, check=check)
    estimate = sampled.scaled(SAMPLE_EVERY)
    few = sampled.total == 0 if check is not None else sampled.total * SAMPLE_EVERY <= EXACT_UP_TO
    if few:
        # Few results after the filters: count them, so that the number and pages add up.
        found = _filtered(matching_documents, filters) if filtered is None else filtered
        if check is not None:
            ids = list(found.order_by().values_list("pk", flat=True))
            found = Document.objects.filter(pk__in=ids).filter(check)
        estimate.total = found.count()
        estimate.exact_total = True
    return estimate


def _filtered(documents, filters):
    for condition in filters.values():
        documents = documents.filter(condition)
    return documents


def _options(name, rows, selected):
    spec = FACETS[name]
    labels = dict(spec.choices)
    if name == "year":
        rows = sorted(rows, key=lambda row: row[0], reverse=True)
    else:
        rows = sorted(rows, key=lambda row: (-row[2], row[1] or row[0]))
    if name == "county":  # the whole country first, then the counties
        rows = sorted(rows, key=lambda row: row[0] != NATIONAL)
        labels[NATIONAL] = _("National (the whole country)")
    if name == "publisher":
        kept = rows[:PUBLISHER_OPTIONS]
        rows = kept + [row for row in rows[PUBLISHER_OPTIONS:] if row[0] in selected]
    return [
        Option(value, labels.get(value, label or value), count, value in selected)
        for value, label, count in rows
    ]


# -- The search page -----------------------------------------------------------------------


@dataclass
class Results:
    """What the list page shows for the GET parameters: ``documents`` to paginate, their
    ``count``, and ``facets()`` with counts that combine the search with every other chosen
    filter (the count and the facets come from one query)."""

    visible: object
    query: str
    chosen: dict
    sort: str
    fuzzy: bool = False

    @cached_property
    def filters(self):
        """The condition each chosen facet makes, built once (a relation's reads its ids).
        Without a search, years are date ranges, which the "newest" index answers; with
        one, the year is checked on the search's matches (a range would tempt the planner to
        read a whole year and check the search on each document)."""
        filters = {name: FACETS[name].filter(values) for name, values in self.chosen.items()}
        if "year" in filters and not self.query:
            filters["year"] = Q(pk__in=[])
            for year in _years(self.chosen["year"]):
                filters["year"] |= Q(
                    published_on__gte=datetime.date(year, 1, 1),
                    published_on__lt=datetime.date(year + 1, 1, 1),
                )
        return filters

    @cached_property
    def phrase(self):
        """True when the query's phrases are checked apart (``has_phrase``)."""
        return bool(self.query) and not self.fuzzy and has_phrase(self.query)

    def _base(self, *, filtered=False):
        """The visible documents that match the search (its phrases' candidates), and the
        chosen filters if ``filtered``. The filters come first in the SQL: PostgreSQL checks
        conditions of equal cost in the order written, and a filter on the row is cheap
        where the search's check can read a large vector."""
        documents = _filtered(self.visible, self.filters) if filtered else self.visible
        if not self.query:
            return documents
        if self.fuzzy:
            return close_titles(documents, self.query)
        if self.phrase:
            return relaxed_matching(documents, self.query)
        return matching(documents, self.query)

    @cached_property
    def _counts(self):
        check = phrase_check(self.query) if self.phrase else None
        return counts(self._base(), self.filters, check=check, filtered=self._base(filtered=True))

    @property
    def count(self):
        return self._counts.total

    @property
    def estimated(self):
        """True when the facets' counts are estimates (``counts``): they say "about"."""
        return self._counts.estimated

    @property
    def exact_total(self):
        """False when the number of results is an estimate too."""
        return self._counts.exact_total

    @property
    def documents(self):
        if self.phrase:
            check = phrase_check(self.query)
            return PhraseChecked(
                self._listing(self._base(filtered=True)),
                lambda ids: self._listing(Document.objects.filter(pk__in=ids)).filter(check),
            )
        documents = self._listing(self._base(filtered=True))
        # Many results: read them heading matches first. Few after the filters (counted
        # exactly): the ranked query reads no more, and walking the rest in date order would
        # check the search on many rows the filters then leave out.
        if not self.exact_total and "heading_match" in documents.query.annotations:
            headed = self.visible.filter(heading_vector=_query(self.query))
            return HeadingFirst(self._listing(_filtered(headed, self.filters)), documents)
        return documents

    def _listing(self, documents):
        """``documents`` with what a row of the page shows, ranked and in the chosen order."""
        documents = documents.for_listing().defer("search_vector", "heading_vector")
        if self.query:
            documents = ranked(documents, self.query, fuzzy=self.fuzzy)
        if is_postgresql():
            documents = documents.defer("text")
        if self.sort == Sort.RELEVANCE and self.query:
            order = ["-rank", F("published_on").desc(nulls_last=True), "-pk"]
            if "heading_match" in documents.query.annotations:
                order.insert(0, "-heading_match")
            return documents.order_by(*order)
        if self.sort == Sort.DOWNLOADS:
            return documents.order_by("-download_count", "-created_at", "-pk")
        return documents.order_by(F("published_on").desc(nulls_last=True), "-created_at", "-pk")

    @property
    def can_fall_back(self):
        """Titles close to the query are worth a look when its words match nothing at all,
        a misspelling: not when they match documents that the filters leave out."""
        return bool(self.query) and not self.fuzzy and is_postgresql() and self._counts.rows == 0

    def with_close_titles(self):
        return Results(self.visible, self.query, self.chosen, self.sort, fuzzy=True)

    def facets(self):
        counts = self._counts.facets
        shown = _("(about %(count)s)") if self.estimated else "(%(count)s)"
        facets = []
        for name, spec in FACETS.items():
            options = _options(name, counts[name], set(self.chosen.get(name, [])))
            for number, option in enumerate(options, start=1):
                option.shown = shown % {"count": number_format(option.count, force_grouping=True)}
                option.element_id = f"facet-{name}-{number}"
            facets.append(Facet(name, spec.legend, options))
        return facets


class PhraseChecked:
    """The ordered candidates of a phrase search, sliced as a page needs them: the first
    ``limit`` candidates' ids are read in order (the index and the small ranking vector
    answer), then the phrase is checked on those only, in the same order. The results are
    a subset of the candidates in the same order, so when the checked ones fill the slice
    they are exactly the slice of the results; when they do not, more candidates are read
    (four times as many each time) until they do or there are no more."""

    FIRST = 500  # candidates read at first: enough when one in 25 holds the phrase

    def __init__(self, candidates, checked):
        self.candidates = candidates  # ordered, ranked: the page's order
        self.checked = checked  # ids -> those of them that hold the phrase, in that order

    def __getitem__(self, window):
        if not isinstance(window, slice) or window.stop is None:
            raise TypeError("PhraseChecked takes a slice with an end.")
        start, stop = window.start or 0, window.stop
        limit = max(self.FIRST, stop * 4)
        while True:
            ids = list(self.candidates.values_list("pk", flat=True)[:limit])
            rows = list(self.checked(ids)[start:stop])
            if len(rows) == stop - start or len(ids) < limit:
                return rows
            limit *= 4


class HeadingFirst:
    """Pages of a simple search (``is_simple``) that matches many documents, by relevance.
    Documents whose heading (title and tags) matches come first, ranked; the others all rank
    nothing and follow, newest first. So a page is read from the heading matches, found by
    their own index without reading the large vectors (thousands of rows, where the search
    matches tens of thousands), and from the rest only when those run out, in date order,
    without ranking them. The rows and their order are those of ``documents``."""

    def __init__(self, headed, documents):
        self.headed = headed  # the heading matches, ranked
        self.documents = documents  # every match, heading matches first

    def __getitem__(self, window):
        if not isinstance(window, slice) or window.stop is None:
            raise TypeError("HeadingFirst takes a slice with an end.")
        start, stop = window.start or 0, window.stop
        rows = list(self.headed[start:stop])
        if len(rows) == stop - start:
            return rows
        before = start + len(rows) if rows or start == 0 else self.headed.count()
        rest = self.documents.filter(heading_match=False).order_by(
            F("published_on").desc(nulls_last=True), "-pk"
        )
        return rows + list(rest[max(0, start - before) : stop - before])


@contextmanager
def planned(results):
    """Run a search's queries in one transaction that tells PostgreSQL to prefer indexes.
    The planner prices ``search_vector @@ query`` as cheap per row, so for a common word it
    scans the whole table and reads every document's large vector (measured: 740 ms at
    10,000 documents) where the GIN index answers without reading any (20 ms)."""
    if not (results.query and is_postgresql()):
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        yield


def results_for(visible, params):
    """Read the search, filters and sort from GET parameters (unknown values are ignored)."""
    query = " ".join(params.get("q", "").split())[:200]
    chosen = {}
    for name in FACETS:
        values = [v for v in params.getlist(name) if v][:20]
        if name == "year":
            values = [str(y) for y in _years(values)]
        if values:
            chosen[name] = values
    sort = params.get("sort", "")
    if sort not in dict(Sort.CHOICES) or (sort == Sort.RELEVANCE and not query):
        sort = Sort.RELEVANCE if query else Sort.NEWEST
    return Results(visible, query, chosen, sort)
