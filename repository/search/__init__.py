"""Search and faceted filters over documents. Everything here narrows a queryset it is given,
which always starts from ``selectors.documents_visible_to``: search never widens what a user
may see.

What depends on the database is behind one interface, ``backends.base.SearchBackend``;
``backends.backend()`` gives the one for the connection, and the modules below call it
instead of asking which database they run on:

- ``backends.postgresql``, as production and CI run it: full-text search with the 'simple'
  configuration (English and Kiswahili are mixed, so no stemming), title weighted most, then
  summary, tags and the text inside the file; web-search syntax (``"a phrase"``, ``or``,
  ``-word``); ranking; highlighted snippets from the file text; titles close to the query
  when nothing matches. The vectors are stored (``services.document_reindex`` keeps them),
  never computed per query.
- ``backends.sqlite``, the demo's simple fallback (development and ``make run``, not
  production): every word must appear in the title, summary, a tag or the text; no phrases,
  no close titles, plain snippets, titles first then summaries.

The count and the facet counts come from one query over the matching documents
(``facet_counts``); the page of results is another; snippets a third, for the page's rows
only. ``benchmarks/repository_search.py`` measures them at 100,000 documents.

One module per part:

- ``matching``: the query turned into matches, phrases, ranking, the heading-first reading
  of a broad search, the titles close to a query that matches nothing;
- ``snippets``: the highlighted excerpts of a page's rows;
- ``facets``: the filters the facets make and their counts, in one query;
- ``planning``: the page's plan, which results to read for a page and the counts, exact or
  estimated from the sample.

What callers use is imported here, so that ``from repository import search`` and
``search.results_for(...)`` keep working. The match itself is ``matching.matching``: it is
not imported here, where its name would hide the module's."""

from .backends import backend, is_postgresql
from .facets import (
    FACETS,
    PUBLISHER_OPTIONS,
    Counts,
    Facet,
    FacetSpec,
    Option,
    _about,
    facet_counts,
    facet_ids,
)
from .matching import (
    HeadingFirst,
    PhraseChecked,
    close_titles,
    has_phrase,
    is_simple,
    phrase_check,
    ranked,
    relaxed_matching,
    stored_vectors,
    stored_vectors_sql,
    update_vectors,
    words,
)
from .planning import Results, Sort, counts, in_sample, planned, results_for
from .snippets import START, STOP, _highlighted, add_snippets

__all__ = [
    "FACETS",
    "PUBLISHER_OPTIONS",
    "START",
    "STOP",
    "Counts",
    "Facet",
    "FacetSpec",
    "HeadingFirst",
    "Option",
    "PhraseChecked",
    "Results",
    "Sort",
    "_about",
    "_highlighted",
    "add_snippets",
    "backend",
    "close_titles",
    "counts",
    "facet_counts",
    "facet_ids",
    "has_phrase",
    "in_sample",
    "is_postgresql",
    "is_simple",
    "phrase_check",
    "planned",
    "ranked",
    "relaxed_matching",
    "results_for",
    "stored_vectors",
    "stored_vectors_sql",
    "update_vectors",
    "words",
]
