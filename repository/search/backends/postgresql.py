"""Search on PostgreSQL, as production and CI run it: full-text search with the 'simple'
configuration (English and Kiswahili are mixed, so no stemming) over stored vectors (title A,
summary B, tags C, the file's text D; ``services.document_reindex`` keeps them), matched
through their GIN index with web-search syntax (``websearch_to_tsquery``: ``"a phrase"``,
``or``, ``-word``); phrases checked in two steps; ``ts_rank`` over the small heading vector;
trigram titles close to a query that matches nothing; ``ts_headline`` snippets; the facets'
ids read from ``Document.facet_ids`` with ``@>``; and a transaction that makes the planner
prefer the indexes."""

import operator
import re
from contextlib import contextmanager
from functools import reduce

from django.contrib.postgres.lookups import TrigramSimilar
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramSimilarity,
)
from django.db import DataError, OperationalError, connection, transaction
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
from django.db.models.functions import Greatest, Left, Length, Lower, Replace, StrIndex, Substr
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ...models import PAGE_BREAK, TEXT_CAP, Document
from .base import NOTHING, SearchBackend, Snippet

# Characters of a file's text that search reads: all it keeps. PostgreSQL refuses a vector
# over 1 MB, which a million characters of ordinary prose stay well under (about 150,000
# words of a few thousand distinct ones) but a million of distinct made-up words do not:
# ``update_vectors`` then falls back to the shorter TEXT_WINDOWS in turn.
SEARCHED_TEXT_CHARS = TEXT_CAP
TEXT_WINDOWS = (SEARCHED_TEXT_CHARS, 400_000, 200_000)
CONFIG = "simple"
TRIGRAM_THRESHOLD = 0.3
HEADLINE_CHARS = 1_500  # characters of a file's text that a snippet is made from
# Characters from Unicode's private use area mark the highlights in PostgreSQL's headline, so
# that the text can be escaped before the marks become <mark> tags.
START, STOP = "\ue000", "\ue001"


def stored_vectors(tag_names, *, text_chars=SEARCHED_TEXT_CHARS):
    """What ``services.document_reindex`` stores: ``search_vector``, weighted title A,
    summary B, tag names C, the file's text D, which finds documents; and ``heading_vector``,
    the title and tags only, small enough to be kept in the row and rank every match cheaply
    (words of the summary or the text find a document without lifting it). ``tag_names`` is a
    string, or an expression such as ``F("tag_names")`` for bulk updates. The text is read
    on its first ``text_chars`` characters (see ``update_vectors``)."""
    if not hasattr(tag_names, "resolve_expression"):
        tag_names = Value(tag_names, output_field=TextField())

    title = SearchVector("title", weight="A", config=CONFIG)
    tags = SearchVector(tag_names, weight="C", config=CONFIG)
    return {
        "search_vector": title
        + SearchVector("summary", weight="B", config=CONFIG)
        + tags
        + SearchVector(Left("text", text_chars), weight="D", config=CONFIG),
        "heading_vector": title + tags,
    }


def update_vectors(queryset, tag_names, fields, *, text_length):
    """``queryset.update(**fields)`` with the stored vectors. A text longer than the last
    window could make a vector over PostgreSQL's 1 MB limit, so it is tried in a savepoint
    on each window in turn: one document can never make indexing fail."""
    if text_length <= TEXT_WINDOWS[-1]:
        return queryset.update(**fields, **stored_vectors(tag_names))
    for chars in TEXT_WINDOWS:
        try:
            with transaction.atomic():
                return queryset.update(**fields, **stored_vectors(tag_names, text_chars=chars))
        except (DataError, OperationalError):  # "string is too long for tsvector"
            if chars == TEXT_WINDOWS[-1]:
                raise
    return 0


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


# A phrase ("cash transfer", or a hyphenated word, which the parser reads as one) is checked
# against each candidate's word positions, which means reading its whole vector: 17,000
# candidates that hold both words cost half a second. So a phrase search is answered in two
# steps: its words, with every phrase operator read as AND, find and rank the candidates
# through the index; the phrase is then checked on the few candidates a page or the sample
# needs (``matching.PhraseChecked``).
RELAXED_SQL = (
    "regexp_replace(CAST(websearch_to_tsquery(%s::regconfig, %s) AS text),"
    " '<[0-9]+>|<->', '&', 'g')::tsquery"
)


def _highlighted(headline):
    """PostgreSQL's headline, escaped, with its marks turned into balanced <mark> tags (a
    stray mark character in the file text cannot open a tag that is never closed)."""
    parts, open_ = [], False
    for piece in re.split(f"([{START}{STOP}])", headline.replace(PAGE_BREAK, " ")):
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
    """PostgreSQL's highlighted excerpts for one page of documents, with the page of the text
    each is on, in one query: ``{pk: (headline, page)}``. A headline parses all the text it
    is given, slowly, so it is given a window of HEADLINE_CHARS around the first place where
    the first wanted word occurs (found by a plain substring search, which is fast), or the
    start of the text; that place's page is one more than the page breaks before it."""
    text = Left("text", SEARCHED_TEXT_CHARS)
    start = Value(1)
    page = Value(None, output_field=IntegerField())
    found = Document.objects.filter(pk__in=[d.pk for d in documents])
    word = _first_wanted_word(query)
    if word:
        found = found.alias(found_at=StrIndex(Lower(text), Value(word)))
        start = Greatest(F("found_at") - Value(HEADLINE_CHARS // 3), Value(1))
        before = Left("text", F("found_at"))
        breaks = Length(before) - Length(Replace(before, Value(PAGE_BREAK)))
        page = Case(When(found_at__gt=0, then=breaks + 1), output_field=IntegerField())
    found = found.annotate(
        page=page,
        headline=SearchHeadline(
            Substr(text, start, HEADLINE_CHARS),
            _query(query),
            config=CONFIG,
            start_sel=START,
            stop_sel=STOP,
            max_fragments=2,
            fragment_delimiter=" … ",
        ),
    )
    rows = found.values_list("pk", "headline", "page")
    return {pk: (headline, page) for pk, headline, page in rows}


class PostgreSQL(SearchBackend):
    """Full-text search over the stored vectors (see the module's docstring)."""

    vendor = "postgresql"
    supports_phrases = True
    supports_close_titles = True

    def matching(self, queryset, query):
        # The stored vector answers, through its GIN index.
        return queryset.filter(search_vector=_query(query))

    def relaxed_matching(self, queryset, query):
        relaxed = RawSQL(RELAXED_SQL, [CONFIG, query])  # noqa: S611 - constants and parameters
        return queryset.alias(
            relaxed_match=ExpressionWrapper(
                Func(F("search_vector"), relaxed, function="", arg_joiner=" @@ "),
                output_field=BooleanField(),
            )
        ).filter(relaxed_match=True)

    def phrase_check(self, query):
        # Written as a function call so that the planner cannot answer it from the index
        # (which would check every candidate): it runs on the rows it is given.
        return ExpressionWrapper(
            Func(F("search_vector"), _query(query), function="ts_match_vq"),
            output_field=BooleanField(),
        )

    def heading_matches(self, queryset, query):
        # The same lookup that ``ranked`` marks ``heading_match`` with.
        return queryset.filter(heading_vector=_query(query))

    def close_titles(self, queryset, query):
        # The % operator (pg_trgm's own threshold, 0.3 by default) can use the trigram index.
        return queryset.alias(similarity=TrigramSimilarity("title", query)).filter(
            TrigramSimilar(F("title"), Value(query)), similarity__gt=TRIGRAM_THRESHOLD
        )

    def ranked(self, queryset, query, *, fuzzy=False, heading_first=False):
        if fuzzy:
            return queryset.annotate(rank=F("similarity"))
        # The heading vector: title and tags weigh; a match only in the summary or the
        # file's text ranks nothing and sorts by date (reading every match's large vector
        # costs seconds). For a simple query, documents whose heading matches come first.
        queryset = queryset.annotate(rank=SearchRank(F("heading_vector"), _query(query)))
        if heading_first:
            # The same lookup ``heading_matches`` filters the heading matches with.
            match = Q(heading_vector=_query(query))
            queryset = queryset.annotate(
                heading_match=ExpressionWrapper(match, output_field=BooleanField())
            )
        return queryset

    def listed(self, documents):
        # Snippets are headlines made in the database: a page's rows never read the text.
        return documents.defer("text")

    def snippets(self, documents, query):
        # A row without a headline (no text) is left out, as if the database made none.
        headlines = _headlines(documents, query).items()
        return {
            pk: Snippet(_highlighted(h), page) if START in h else Snippet("", None)
            for pk, (h, page) in headlines
            if h is not None
        }

    def within(self, facet, relation, values):
        # The row's own ``facet_ids`` answer (``@>``, a check of the row in hand) against the
        # ids the slugs name, read once: a subquery over the whole relation table (every
        # document's pillars...) cost a hash of 100,000 rows per query.
        field, _, slug_path = relation.partition("__")
        target = Document._meta.get_field(field).related_model
        ids = target.objects.filter(**{f"{slug_path}__in": values}).values_list("pk", flat=True)
        found = [Q(facet_ids__contains={facet: [pk]}) for pk in sorted(ids)]
        return reduce(operator.or_, found) if found else NOTHING

    def facet_ids_join(self, name):
        join = f"CROSS JOIN LATERAL jsonb_array_elements_text(m.doc_facets -> '{name}') AS k(id)"
        return join, "CAST(k.id AS BIGINT)"

    def prefer_indexes(self):
        # The planner prices ``search_vector @@ query`` as cheap per row, so for a common
        # word it scans the whole table and reads every document's large vector (measured:
        # 740 ms at 10,000 documents) where the GIN index answers without reading any (20 ms).
        return _seqscan_off()


@contextmanager
def _seqscan_off():
    """One transaction with ``SET LOCAL enable_seqscan = off``, which ends with it."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        yield
