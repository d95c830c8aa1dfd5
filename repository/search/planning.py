"""The search page's plan: the search, filters and sort read from the GET parameters
(``results_for``), which results to read for a page and in which order (``Results``), the
counts, exact or estimated from the sample (``counts``), and the transaction that makes
PostgreSQL prefer its indexes (``planned``)."""

import datetime
import operator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property, reduce

from django.db.models import BigIntegerField, F, Q
from django.db.models.functions import Mod
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from ..models import SAMPLE_EVERY, Document
from .backends import backend
from .backends.base import NOTHING
from .facets import FACETS, Facet, _options, _years, facet_counts
from .matching import (
    HeadingFirst,
    PhraseChecked,
    close_titles,
    has_phrase,
    matching,
    phrase_check,
    ranked,
    relaxed_matching,
)

EXACT_UP_TO = 2_000  # a search matching more documents than this gets estimated counts


class Sort:
    RELEVANCE = "relevance"
    NEWEST = "newest"
    DOWNLOADS = "downloads"
    CHOICES = (
        (RELEVANCE, _("Relevance")),
        (NEWEST, _("Newest")),
        (DOWNLOADS, _("Most downloaded")),
    )
    # What the sort box offers. Its first choice, sent empty, is the one nobody has to make:
    # relevance with a search, newest without. A box preset to "Newest" sent that with a
    # person's first search, which then came back newest first, not best first.
    BEST = ""
    OFFERED = (
        (BEST, _("Best match")),
        (NEWEST, _("Newest")),
        (DOWNLOADS, _("Most downloaded")),
    )


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
    # The sort the person chose in the box (``Sort.BEST`` when they left it).
    sort_chosen: str = Sort.BEST

    @cached_property
    def filters(self):
        """The condition each chosen facet makes, built once (a relation's reads its ids).
        Without a search, years are date ranges, which the "newest" index answers; with
        one, the year is checked on the search's matches (a range would tempt the planner to
        read a whole year and check the search on each document)."""
        filters = {name: FACETS[name].filter(values) for name, values in self.chosen.items()}
        if "year" in filters and not self.query:
            ranges = [
                Q(
                    published_on__gte=datetime.date(year, 1, 1),
                    published_on__lt=datetime.date(year + 1, 1, 1),
                )
                for year in _years(self.chosen["year"])
            ]
            filters["year"] = reduce(operator.or_, ranges) if ranges else NOTHING
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
            headed = backend().heading_matches(self.visible, self.query)
            return HeadingFirst(self._listing(_filtered(headed, self.filters)), documents)
        return documents

    def _listing(self, documents):
        """``documents`` with what a row of the page shows, ranked and in the chosen order."""
        documents = documents.for_listing().defer("search_vector", "heading_vector")
        if self.query:
            documents = ranked(documents, self.query, fuzzy=self.fuzzy)
        documents = backend().listed(documents)
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
        if not (self.query and not self.fuzzy and backend().supports_close_titles):
            return False
        return self._counts.rows == 0

    def with_close_titles(self):
        return Results(
            self.visible,
            self.query,
            self.chosen,
            self.sort,
            fuzzy=True,
            sort_chosen=self.sort_chosen,
        )

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


@contextmanager
def planned(results):
    """Run a search's queries as the backend needs them: on PostgreSQL in one transaction
    that tells the planner to prefer indexes (``PostgreSQL.prefer_indexes``)."""
    if not results.query:
        yield
        return
    with backend().prefer_indexes():
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
    chosen_sort = sort if sort in dict(Sort.OFFERED) else Sort.BEST
    if sort not in dict(Sort.CHOICES) or (sort == Sort.RELEVANCE and not query):
        sort = Sort.RELEVANCE if query else Sort.NEWEST
    return Results(visible, query, chosen, sort, sort_chosen=chosen_sort)
