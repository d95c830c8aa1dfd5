"""Turning a query into matches, through the database's search backend (``backend()``:
on PostgreSQL the GIN index of the stored vectors, on SQLite a word match): the match itself,
phrases in two steps, the relevance rank, the heading-first reading of a broad search, and
the titles close to a query that matches nothing."""

import re

from django.db.models import F

from .backends import backend
from .backends.postgresql import stored_vectors, stored_vectors_sql, update_vectors
from .backends.sqlite import words

__all__ = [
    "HeadingFirst",
    "PhraseChecked",
    "close_titles",
    "has_phrase",
    "is_simple",
    "matching",
    "phrase_check",
    "ranked",
    "relaxed_matching",
    "stored_vectors",
    "stored_vectors_sql",
    "update_vectors",
    "words",
]


def matching(queryset, query):
    """Documents of ``queryset`` that match ``query``, without ranking (for counts). On
    PostgreSQL the stored vector answers, through its GIN index."""
    return backend().matching(queryset, query)


# A phrase is answered in two steps where the backend supports phrases: its words, with
# every phrase operator read as AND, find and rank the candidates through the index
# (``relaxed_matching``); the phrase is then checked on the few candidates a page or the
# sample needs (``phrase_check``, ``PhraseChecked``). Not for a phrase that is left out
# ("-\"a b\""): its words alone would leave out too much.
_NEGATED_PHRASE = re.compile(r'(^|\s)-\s*("|\S*\w[-/.]\w)')


def has_phrase(query):
    """True when ``query`` holds a phrase and every phrase in it is wanted, not left out."""
    if not backend().supports_phrases or _NEGATED_PHRASE.search(query):
        return False
    return '"' in query or bool(re.search(r"\w[-/.]\w", query))


def relaxed_matching(queryset, query):
    """Documents of ``queryset`` holding the words of ``query``, its phrases read as AND: all
    the documents that ``matching`` finds, and some more."""
    return backend().relaxed_matching(queryset, query)


def phrase_check(query):
    """The exact check of ``query``, written as a function call so that the planner cannot
    answer it from the index (which would check every candidate): it runs on the rows it is
    given."""
    return backend().phrase_check(query)


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
    match on a document's heading (title and tags) then implies its match on the document.
    Never where the backend reads no query syntax (SQLite)."""
    if not backend().supports_phrases or has_phrase(query):
        return False
    return not any(token.startswith("-") for token in query.split())


def close_titles(queryset, query):
    """Typo tolerance: documents whose title is close to the query (PostgreSQL only)."""
    return backend().close_titles(queryset, query)


def ranked(queryset, query, *, fuzzy=False):
    """``queryset`` (already narrowed by ``matching`` or ``close_titles``) with a relevance
    rank: on PostgreSQL read from the stored heading vector, with the heading matches of a
    simple query (``is_simple``) marked to come first. Snippets are made apart, for one page's
    rows only (``add_snippets``)."""
    heading_first = not fuzzy and is_simple(query)
    return backend().ranked(queryset, query, fuzzy=fuzzy, heading_first=heading_first)


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
