"""Search on SQLite: the demo's simple fallback, for development and ``make run``, not for
production (which runs PostgreSQL, ``postgresql.PostgreSQL``). Every word of the query must
appear in the title, summary, a tag or the text (``icontains``, so each search reads every
visible row); quotes, ``or`` and ``-`` are not read, so there are no phrases and no titles
close to a query that matches nothing. The rank only puts titles that hold every word first,
then summaries; snippets are the text around the first word found, made in Python from the
text the page's rows read. The vector columns stay empty."""

from django.db.models import Case, IntegerField, Q, Value, When

from ...models import Document
from .base import SearchBackend


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


class SQLite(SearchBackend):
    """The demo's simple fallback (see the module's docstring)."""

    vendor = "sqlite"

    def matching(self, queryset, query):
        for word in words(query):
            queryset = queryset.filter(_word_match(word))
        return queryset

    def ranked(self, queryset, query, *, fuzzy=False, heading_first=False):
        # Titles that hold every word first, then summaries.
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

    def within(self, facet, relation, values):
        return Q(pk__in=Document.objects.filter(**{f"{relation}__in": values}).values("pk"))

    def facet_ids_join(self, name):
        return f"JOIN json_each(m.doc_facets, '$.{name}') AS k", "k.value"
