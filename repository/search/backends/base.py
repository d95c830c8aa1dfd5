"""What a search backend answers: every operation of search whose SQL or ORM depends on the
database. The modules of the package (``matching``, ``snippets``, ``facets``, ``planning``)
call these through ``backend()`` and never ask which database they run on."""

from contextlib import nullcontext
from typing import NamedTuple

from django.db.models import Q

# A condition no document meets that still compiles to a boolean in SQL. Django writes an
# empty ``Q(pk__in=[])`` chosen as a facet flag (``facet_counts`` selects each filter as a
# column) as a bare constant, which PostgreSQL refuses in the WHERE that reads the flag: an
# unknown topic, pillar, county or publisher in the address answered 500.
NOTHING = Q(pk__isnull=True)


class Snippet(NamedTuple):
    """A safe, highlighted excerpt of a document's text, and the page it is on (None when
    the text does not say)."""

    html: str
    page: int | None


class SearchBackend:
    """The operations that differ by database. ``postgresql.PostgreSQL`` is full-text search;
    ``sqlite.SQLite`` the demo's simple fallback."""

    vendor = ""
    # The query is read with web-search syntax (quoted phrases, ``or``, ``-word``): phrases
    # are checked apart (``relaxed_matching``, ``phrase_check``) and a simple query's
    # heading matches come first (``ranked(..., heading_first=True)``, ``heading_matches``).
    supports_phrases = False
    # Titles close to a query that matches nothing can be offered (``close_titles``).
    supports_close_titles = False

    def matching(self, queryset, query):
        """Documents of ``queryset`` that match ``query``, without ranking (for counts)."""
        raise NotImplementedError

    def relaxed_matching(self, queryset, query):
        """Documents of ``queryset`` holding the words of ``query``, its phrases read as AND:
        a phrase search's candidates (only when ``supports_phrases``)."""
        raise NotImplementedError

    def phrase_check(self, query):
        """A boolean expression: the exact check of ``query`` on the rows it is given (only
        when ``supports_phrases``)."""
        raise NotImplementedError

    def heading_matches(self, queryset, query):
        """Documents of ``queryset`` whose heading (title and tags) matches ``query`` (only
        when ``supports_phrases``, for ``HeadingFirst``)."""
        raise NotImplementedError

    def close_titles(self, queryset, query):
        """Documents of ``queryset`` whose title is close to ``query``, annotated with their
        ``similarity``; none where ``supports_close_titles`` is false."""
        return queryset.none()

    def ranked(self, queryset, query, *, fuzzy=False, heading_first=False):
        """``queryset`` annotated with ``rank`` (higher first) and, when ``heading_first``,
        ``heading_match``: documents whose heading matches come first."""
        raise NotImplementedError

    def listed(self, documents):
        """``documents`` reading the columns a page's rows need here (``Results._listing``)."""
        return documents

    def snippets(self, documents, query):
        """The ``Snippet`` of each of the page's ``documents`` that the database makes, by
        primary key; the others get a plain excerpt of their loaded text, or none
        (``add_snippets``)."""
        return {}

    def within(self, facet, relation, values):
        """A ``Q``: documents whose ``relation`` (a many-to-many path ending in a slug) is one
        of ``values``; ``facet`` names the key of ``Document.facet_ids`` that holds its ids."""
        raise NotImplementedError

    def facet_ids_join(self, name):
        """SQL that turns the ids of facet ``name`` in the JSON column ``m.doc_facets`` of the
        matching rows ``m`` into rows ``k``, and the SQL of one such id: ``(join, key)``."""
        raise NotImplementedError

    def prefer_indexes(self):
        """A context manager around a search's queries (``planned``)."""
        return nullcontext()
