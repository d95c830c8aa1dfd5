"""The sector's verified reach figures added up: the one place the dashboard, the county
pages, the open data, the home page and the bulletin block get their numbers from, so that
they always agree.

The counting rule (stated on the pages as ``COUNTING_RULE``): only figures the administration
team verified, of active member organisations, in one unit at a time (people by default). A
programme reports per county or a national total; for a programme and year its national total
is used when it gave one, the sum of its county figures otherwise; a county's number is the sum
of the county figures given for it. Reach is reported per programme, so a person two
programmes reached counts twice: these are beneficiaries reported, not people.

The answers are cached (``MILESTONES_CACHE_SECONDS``) under a version number that every write
to figures, programmes, organisations, counties and pillars bumps (``receivers``), at once and
again at commit, so a figure just verified shows at the next request.
"""

import logging
import time
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from members.models import County, Organisation, Pillar, Programme, ReachFigure

WATCHED_MODELS = (ReachFigure, Programme, Organisation, County, Pillar)

logger = logging.getLogger(__name__)

VERSION_KEY = "milestones:version"
COUNTING_RULE = _(
    "Beneficiaries reported: the sum of the reach figures that member organisations reported "
    "for their programmes and the administration team verified, in one unit (people or "
    "households). For each programme and year its national total is used where it gave one, "
    "otherwise the sum of its county figures. Reach is reported per programme, so a person "
    "reached by two programmes is counted twice."
)
UNITS = [choice for choice, _label in ReachFigure.Unit.choices]
CATEGORIES = [choice for choice, _label in Organisation.Category.choices]


class UnknownFilter(Exception):
    """A filter value that names nothing: the page answers 404."""


@dataclass(frozen=True)
class Filters:
    pillar: str = ""
    year: int | None = None
    county: str = ""
    category: str = ""
    unit: str = ReachFigure.Unit.PEOPLE

    def key(self):
        return f"{self.pillar}|{self.year or ''}|{self.county}|{self.category}|{self.unit}"

    def query(self, **changes):
        """The filters as query parameters (for links), less the empty ones."""
        values = {
            "pillar": self.pillar,
            "year": self.year or "",
            "county": self.county,
            "category": self.category,
            "unit": "" if self.unit == ReachFigure.Unit.PEOPLE else self.unit,
        }
        values.update(changes)
        return {name: value for name, value in values.items() if value}


def _timeout():
    return getattr(settings, "MILESTONES_CACHE_SECONDS", 600)


def _version():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = time.time_ns()
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY, version)
    return version


def _bump():
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, time.time_ns(), timeout=None)
    except Exception:
        # The write itself must not fail with the cache; stored aggregates expire anyway.
        logger.exception("Milestones: could not bump the aggregates' version")


def bump_version(using=None):
    """Make every stored aggregate stale: now, and again when the transaction commits."""
    _bump()
    if transaction.get_connection(using).in_atomic_block:
        transaction.on_commit(_bump, using=using)


def _cached(name, compute):
    """``compute()``'s answer from the cache, or computed and stored; without a working
    cache it is computed each time (the page still answers)."""
    try:
        key = f"milestones:{_version()}:{name}"
        value = cache.get(key)
    except Exception:
        logger.exception("Milestones: the cache does not answer")
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, timeout=_timeout())
        except Exception:
            logger.exception("Milestones: could not store an aggregate")
    return value


def reference():
    """The pillars and the 47 counties, for the filters and the map (one query each)."""

    def compute():
        return {
            "pillars": list(Pillar.objects.values_list("slug", "name")),
            "counties": list(County.objects.order_by("code").values_list("code", "slug", "name")),
        }

    return _cached("reference", compute)


def parse_filters(params):
    """Filters from a query string; a value that names nothing raises ``UnknownFilter``."""
    ref = reference()
    pillar = params.get("pillar", "")
    county = params.get("county", "")
    category = params.get("category", "")
    unit = params.get("unit", "") or ReachFigure.Unit.PEOPLE
    year = params.get("year", "")
    if pillar and pillar not in {slug for slug, _name in ref["pillars"]}:
        raise UnknownFilter("pillar")
    if county and county not in {slug for _code, slug, _name in ref["counties"]}:
        raise UnknownFilter("county")
    if category and category not in CATEGORIES:
        raise UnknownFilter("category")
    if unit not in UNITS:
        raise UnknownFilter("unit")
    if year:
        if not year.isdigit() or not 1963 <= int(year) <= 2100:
            raise UnknownFilter("year")
        year = int(year)
    return Filters(pillar=pillar, year=year or None, county=county, category=category, unit=unit)


def _rows(filters):
    figures = ReachFigure.objects.filter(
        status=ReachFigure.Status.VERIFIED,
        unit=filters.unit,
        programme__organisation__status=Organisation.Status.ACTIVE,
    )
    if filters.pillar:
        figures = figures.filter(programme__pillar__slug=filters.pillar)
    if filters.category:
        figures = figures.filter(programme__organisation__category=filters.category)
    if filters.county:
        figures = figures.filter(county__slug=filters.county)
    return figures.values_list(
        "programme_id",
        "programme__name",
        "programme__pillar__slug",
        "programme__organisation__name",
        "programme__organisation__slug",
        "programme__organisation__category",
        "year",
        "county__slug",
        "reached",
        "illustrative",
        "decided_at",
    )


def summary(filters=Filters()):
    """Every number the dashboard shows for ``filters``, as plain data (cached)."""
    return _cached(f"summary:{filters.key()}", lambda: _summary(filters))


def _summary(filters):
    ref = reference()
    pillar_names = dict(ref["pillars"])
    national = {}  # (programme, year) -> national figure
    by_counties = defaultdict(int)  # (programme, year) -> sum of county figures
    county_year = defaultdict(int)  # (county slug, year) -> sum
    programmes = {}
    illustrative = defaultdict(bool)  # (programme, year) -> any illustrative figure
    last_verified = None
    for (
        programme_id,
        programme_name,
        pillar,
        org_name,
        org_slug,
        category,
        year,
        county,
        reached,
        is_illustrative,
        decided_at,
    ) in _rows(filters):
        programmes[programme_id] = {
            "id": programme_id,
            "name": programme_name,
            "pillar": pillar,
            "pillar_name": pillar_names.get(pillar, pillar),
            "organisation": org_name,
            "organisation_slug": org_slug,
            "category": category,
        }
        key = (programme_id, year)
        if county is None:
            national[key] = reached
        else:
            by_counties[key] += reached
            county_year[county, year] += reached
        illustrative[key] = illustrative[key] or is_illustrative
        if decided_at and (last_verified is None or decided_at > last_verified):
            last_verified = decided_at

    programme_year = {key: national.get(key, by_counties.get(key, 0)) for key in illustrative}
    years = sorted({year for _programme, year in programme_year})
    by_year = defaultdict(int)
    pillar_year = defaultdict(int)
    for (programme_id, year), total in programme_year.items():
        by_year[year] += total
        pillar_year[programmes[programme_id]["pillar"], year] += total
    year = filters.year or (years[-1] if years else None)

    by_pillar = defaultdict(int)
    by_programme = []
    for (programme_id, figure_year), total in programme_year.items():
        if figure_year != year:
            continue
        programme = programmes[programme_id]
        by_pillar[programme["pillar"]] += total
        by_programme.append(
            {**programme, "total": total, "illustrative": illustrative[programme_id, year]}
        )
    by_programme.sort(key=lambda row: (-row["total"], row["name"]))
    by_county = [
        {"code": code, "slug": slug, "name": name, "total": county_year.get((slug, year), 0)}
        for code, slug, name in ref["counties"]
    ]
    covered = sum(1 for row in by_county if row["total"])
    return {
        "filters": filters,
        "year": year,
        "years": years,
        "total": by_year.get(year, 0),
        "trend": [{"year": y, "total": by_year[y]} for y in years],
        "by_pillar": [
            {"slug": slug, "name": name, "total": by_pillar.get(slug, 0)}
            for slug, name in ref["pillars"]
            if not filters.pillar or slug == filters.pillar
        ],
        "pillar_years": [
            {
                "slug": slug,
                "name": name,
                "years": [{"year": y, "total": pillar_year.get((slug, y), 0)} for y in years],
            }
            for slug, name in ref["pillars"]
            if not filters.pillar or slug == filters.pillar
        ],
        "by_programme": by_programme,
        "by_county": by_county,
        "counties_covered": covered,
        "counties_total": len(by_county),
        "organisations": len({row["organisation_slug"] for row in by_programme}),
        "illustrative": any(row["illustrative"] for row in by_programme),
        "any_illustrative": any(illustrative.values()),
        "last_verified": last_verified,
    }
