"""Search and faceted filters over documents. Everything here narrows a queryset it is given,
which always starts from ``selectors.documents_visible_to``: search never widens what a user
may see.

On PostgreSQL: full-text search with the 'simple' configuration (English and Kiswahili are
mixed, so no stemming), title weighted most, then summary, tags and the text inside the file;
web-search syntax (``"a phrase"``, ``or``, ``-word``); ranking; highlighted snippets from the
file text; titles close to the query when nothing matches. On SQLite: every word must appear
in the title, summary, a tag or the text."""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.lookups import TrigramSimilar
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramSimilarity,
)
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear, Left
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .models import Document, Tag

SEARCHED_TEXT_CHARS = 200_000  # characters of a file's text that search reads
CONFIG = "simple"
TRIGRAM_THRESHOLD = 0.3
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


def _tag_names():
    return Coalesce(
        Subquery(
            Tag.objects.filter(documents=OuterRef("pk"))
            .values("documents")
            .annotate(names=StringAgg("name", " "))
            .values("names")[:1]
        ),
        Value(""),
        output_field=TextField(),
    )


def _vector():
    return (
        SearchVector("title", weight="A", config=CONFIG)
        + SearchVector("summary", weight="B", config=CONFIG)
        + SearchVector(_tag_names(), weight="C", config=CONFIG)
        # A tsvector holds at most 1 MB: the file's text is searched on its first part, so
        # one long document can never make every search fail.
        + SearchVector(Left("text", SEARCHED_TEXT_CHARS), weight="D", config=CONFIG)
    )


def _query(query):
    return SearchQuery(query, search_type="websearch", config=CONFIG)


def words(query):
    """The words of a query for the SQLite match: quotes, signs and ``or`` are dropped."""
    found = [w.strip("\"'-+") for w in query.split()]
    return [w for w in found if w and w.lower() != "or"]


def _word_match(word):
    tagged = Document.tags.through.objects.filter(
        document_id=OuterRef("pk"), tag__name__icontains=word
    )
    return (
        Q(title__icontains=word)
        | Q(summary__icontains=word)
        | Q(text__icontains=word)
        | Exists(tagged)
    )


def matching(queryset, query):
    """Documents of ``queryset`` that match ``query``, without ranking (for counts)."""
    if is_postgresql():
        return queryset.alias(search=_vector()).filter(search=_query(query))
    for word in words(query):
        queryset = queryset.filter(_word_match(word))
    return queryset


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
    rank and, on PostgreSQL, the raw headline of the file text for snippets."""
    if is_postgresql():
        if fuzzy:
            return queryset.annotate(rank=F("similarity"))
        return queryset.annotate(
            rank=SearchRank(F("search"), _query(query)),
            headline=SearchHeadline(
                "text",
                _query(query),
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
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


def add_snippets(documents, query):
    """Set ``snippet`` on each document of a page: a safe, highlighted excerpt of the text
    inside the file, or an empty string when the match is elsewhere."""
    terms = words(query)
    for document in documents:
        headline = getattr(document, "headline", None)
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


@dataclass
class Facet:
    name: str
    legend: str
    options: list = field(default_factory=list)


def _within(relation, values):
    return Q(pk__in=Document.objects.filter(**{f"{relation}__in": values}).values("pk"))


def _related_counts(queryset, value, label):
    return (
        queryset.filter(**{f"{value}__isnull": False})
        .values(value=F(value), label=F(label))
        .annotate(count=Count("pk", distinct=True))
        .order_by("-count", "label")
    )


def _field_counts(queryset, name, choices):
    labels = dict(choices)
    rows = queryset.values(value=F(name)).annotate(count=Count("pk")).order_by("-count", "value")
    return [{**row, "label": labels.get(row["value"], row["value"])} for row in rows]


def _year_counts(queryset):
    rows = (
        queryset.filter(published_on__isnull=False)
        .annotate(year=ExtractYear("published_on"))
        .values(value=F("year"))
        .annotate(count=Count("pk"))
        .order_by("-value")
    )
    return [{**row, "value": str(row["value"]), "label": str(row["value"])} for row in rows]


def _years(values):
    return [int(v) for v in values if v.isdigit() and len(v) == 4]


# name: (legend, filter(values) -> Q, counts(queryset) -> rows of value, label, count)
FACETS = {
    "type": (
        _("Type"),
        lambda values: Q(type__in=values),
        lambda qs: _field_counts(qs, "type", Document.Type.choices),
    ),
    "topic": (
        _("Working group topic"),
        lambda values: _within("topics__body__slug", values),
        lambda qs: _related_counts(qs, "topics__body__slug", "topics__body__name"),
    ),
    "pillar": (
        _("Pillar"),
        lambda values: _within("pillars__slug", values),
        lambda qs: _related_counts(qs, "pillars__slug", "pillars__name"),
    ),
    "county": (
        _("County"),
        lambda values: _within("counties__slug", values),
        lambda qs: _related_counts(qs, "counties__slug", "counties__name"),
    ),
    "year": (
        _("Year"),
        lambda values: Q(published_on__year__in=_years(values)),
        _year_counts,
    ),
    "language": (
        _("Language"),
        lambda values: Q(language__in=values),
        lambda qs: _field_counts(qs, "language", Document.Language.choices),
    ),
    "publisher": (
        _("Publisher"),
        lambda values: _within("publishers__slug", values),
        lambda qs: _related_counts(qs, "publishers__slug", "publishers__name"),
    ),
}


# -- The search page -----------------------------------------------------------------------


@dataclass
class Results:
    """What the list page shows for the GET parameters: ``documents`` to paginate, and
    ``facets()`` with counts that combine the search with every other chosen filter."""

    visible: object
    query: str
    chosen: dict
    sort: str
    fuzzy: bool = False

    def _base(self):
        if not self.query:
            return self.visible
        if self.fuzzy:
            return close_titles(self.visible, self.query)
        return matching(self.visible, self.query)

    def _filtered(self, base, *, except_facet=None):
        for name, values in self.chosen.items():
            if name != except_facet:
                base = base.filter(FACETS[name][1](values))
        return base

    @property
    def documents(self):
        documents = self._filtered(self._base()).for_listing()
        if self.query:
            documents = ranked(documents, self.query, fuzzy=self.fuzzy)
        if is_postgresql():
            documents = documents.defer("text")
        if self.sort == Sort.RELEVANCE and self.query:
            return documents.order_by("-rank", F("published_on").desc(nulls_last=True), "-pk")
        if self.sort == Sort.DOWNLOADS:
            return documents.order_by("-download_count", "-created_at", "-pk")
        return documents.order_by(F("published_on").desc(nulls_last=True), "-created_at", "-pk")

    @property
    def can_fall_back(self):
        return bool(self.query) and not self.fuzzy and is_postgresql()

    def with_close_titles(self):
        return Results(self.visible, self.query, self.chosen, self.sort, fuzzy=True)

    def facets(self):
        """One aggregate query per facet. A facet's counts apply every filter but its own,
        so that its other options stay visible and can be added."""
        base = self._base()
        facets = []
        for name, (legend, _filter, counts) in FACETS.items():
            selected = set(self.chosen.get(name, []))
            options = [
                Option(str(row["value"]), row["label"], row["count"], str(row["value"]) in selected)
                for row in counts(self._filtered(base, except_facet=name))
            ]
            facets.append(Facet(name, legend, options))
        return facets


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
