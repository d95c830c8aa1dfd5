"""Turning a query into matches: the stored vectors that find documents, the match itself
(on PostgreSQL through the GIN index, on SQLite a word match), phrases in two steps, the
relevance rank, the heading-first reading of a broad search, and the titles close to a query
that matches nothing."""

import re

from django.contrib.postgres.lookups import TrigramSimilar
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramSimilarity
from django.db.models import (
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
from django.db.models.functions import Left

from .backends import is_postgresql

SEARCHED_TEXT_CHARS = 200_000  # characters of a file's text that search reads
CONFIG = "simple"
TRIGRAM_THRESHOLD = 0.3


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
