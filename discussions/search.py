"""Search over questions and answers. Like the repository's search (``repository.search``),
it narrows a queryset it is given, which always starts from ``selectors.visible_to``, and
what depends on the database is in one place here:

- PostgreSQL (production and CI): full-text search with the 'simple' configuration (English
  and Kiswahili mixed, no stemming) over the stored ``Thread.search_vector`` (title weight A,
  the opening text and the shown answers B; GIN indexed), web-search syntax (``"a phrase"``,
  ``or``, ``-word``), ``ts_rank`` for the relevance order and ``ts_headline`` snippets.
- SQLite (the demo's simple fallback): every word must appear in the title or the text;
  titles holding every word rank first; the snippet is the text around the first word found.

``services.thread_reindex`` keeps ``search_text`` and, on PostgreSQL, the vector."""

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When

from repository.search import START, STOP, _highlighted
from repository.search.backends.sqlite import words
from repository.search.snippets import _plain_snippet

from .models import Thread

CONFIG = "simple"
HEADLINE_CHARS = 3_000


def is_postgresql():
    return connection.vendor == "postgresql"


def stored_vector():
    """What ``services.thread_reindex`` stores on PostgreSQL."""
    return SearchVector("title", weight="A", config=CONFIG) + SearchVector(
        "search_text", weight="B", config=CONFIG
    )


def _query(query):
    return SearchQuery(query, search_type="websearch", config=CONFIG)


def matching(threads, query):
    """The threads of ``threads`` that match ``query``, with ``rank`` for the relevance order."""
    if is_postgresql():
        return threads.filter(search_vector=_query(query)).annotate(
            rank=SearchRank(F("search_vector"), _query(query))
        )
    terms = words(query)
    for word in terms:
        threads = threads.filter(Q(title__icontains=word) | Q(search_text__icontains=word))
    in_title = Q(*[Q(title__icontains=w) for w in terms]) if terms else Q(pk__in=[])
    return threads.annotate(
        rank=Case(When(in_title, then=Value(1)), default=Value(0), output_field=IntegerField())
    )


def add_snippets(threads, query):
    """Set ``snippet`` on each thread of a page: a safe excerpt with the words in <mark> (one
    query on PostgreSQL, none on SQLite, where the rows carry their text)."""
    if not threads:
        return
    if is_postgresql():
        found = Thread.objects.filter(pk__in=[t.pk for t in threads]).annotate(
            headline=SearchHeadline(
                "search_text",
                _query(query),
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
        headlines = dict(found.values_list("pk", "headline"))
        for thread in threads:
            headline = headlines.get(thread.pk) or ""
            thread.snippet = _highlighted(headline) if START in headline else ""
        return
    terms = words(query)
    for thread in threads:
        thread.snippet = _plain_snippet(thread.search_text[: HEADLINE_CHARS * 10], terms).html
