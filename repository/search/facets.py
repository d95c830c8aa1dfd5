"""The facets of the document list: the filter each chosen option makes, and every facet's
counts with the number of results in one query over the matching documents
(``facet_counts``)."""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from ..models import Document
from .backends import backend
from .backends.base import NOTHING

PUBLISHER_OPTIONS = 15  # the publisher facet shows the most frequent ones (and any chosen)
NATIONAL = "national"  # the county facet's option for documents about the whole country


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
    ``values``: on PostgreSQL the row's own ``facet_ids`` answer (``@>``) against the ids the
    slugs name, read once; on SQLite a subquery over the relation's table."""
    return backend().within(facet, relation, values)


def _county_filter(values):
    counties = [v for v in values if v != NATIONAL]
    chosen = _within("county", "counties__slug", counties) if counties else NOTHING
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
    ids, key = backend().facet_ids_join(name)
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
