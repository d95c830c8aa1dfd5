"""The public dashboard of the sector's milestones (``/milestones/``): beneficiaries reported
by pillar, programme, county and year, filtered by the query string. A filter value that
names nothing is a 404."""

from urllib.parse import urlencode

from django.shortcuts import render

from core.page_cache import cache_public_page
from members.models import Organisation

from .. import aggregates, charts
from ._common import OPEN_DATA_TABLES, filters_or_404

TOP_PROGRAMMES = 10
# The programme table lists the largest ones (all are in the open data): the page stays light
# on a phone whatever the size of the CoP.
LISTED_PROGRAMMES = 25


def dashboard_context(filters):
    data = aggregates.summary(filters)
    everything = aggregates.summary(aggregates.Filters(unit=filters.unit))
    return {
        "data": data,
        "filters": filters,
        "reference": aggregates.reference(),
        "all_years": everything["years"],
        "categories": Organisation.Category.choices,
        "counting_rule": aggregates.COUNTING_RULE,
        "county_map": charts.county_map(data["by_county"]),
        "pillar_chart": charts.bars(data["by_pillar"]),
        "programme_chart": charts.bars(data["by_programme"][:TOP_PROGRAMMES]),
        "trend_chart": charts.line(data["trend"]),
        "top_programmes": TOP_PROGRAMMES,
        "listed_programmes": data["by_programme"][:LISTED_PROGRAMMES],
        "open_data_tables": OPEN_DATA_TABLES,
        "query": urlencode(filters.query()),
    }


@cache_public_page
def dashboard(request):
    filters = filters_or_404(request.GET)
    return render(request, "milestones/dashboard.html", dashboard_context(filters))
