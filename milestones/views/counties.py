"""A county's page (``/milestones/county/<slug>/``): what the CoP's members do there, the
beneficiaries they reported by pillar and year, coming public meetings and documents about
the county; printable on one A4 page as a fact sheet."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import render

from committees import selectors as committee_selectors
from core.page_cache import cache_public_page
from members.models import County, Organisation, Programme
from repository import selectors as repository_selectors

from .. import aggregates, charts
from ._common import OPEN_DATA_TABLES, filters_or_404

COMING_MEETINGS = 5
LATEST_DOCUMENTS = 5
# A fact sheet fits one A4 page: the largest programmes, and the first organisations by name.
LISTED = 30


@cache_public_page
def county(request, slug):
    params = {**request.GET.dict(), "county": slug}
    params.pop("pillar", None)
    filters = filters_or_404(params)
    try:
        place = County.objects.get(slug=slug)
    except County.DoesNotExist:
        raise Http404 from None
    data = aggregates.summary(filters)
    programmes = list(
        Programme.objects.filter(counties=place, organisation__status=Organisation.Status.ACTIVE)
        .select_related("organisation", "pillar")
        .order_by("organisation__name", "name")[: LISTED + 1]
    )
    organisations = list(
        Organisation.objects.active()
        .filter(Q(counties=place) | Q(programmes__counties=place))
        .distinct()
        .only("name", "slug", "acronym")
        .order_by("name")[: LISTED + 1]
    )
    meetings = list(
        committee_selectors.upcoming(committee_selectors.meetings_visible_to(request.user))
        .filter(body__county=place)
        .select_related("body")[:COMING_MEETINGS]
    )
    documents = list(
        repository_selectors.documents_visible_to(request.user)
        .filter(counties=place)
        .only("title", "slug", "created_at")
        .order_by("-created_at")[:LATEST_DOCUMENTS]
    )
    return render(
        request,
        "milestones/county.html",
        {
            "county": place,
            "data": data,
            "filters": filters,
            "programmes": programmes[:LISTED],
            "more_programmes": len(programmes) > LISTED,
            "organisations": organisations[:LISTED],
            "more_organisations": len(organisations) > LISTED,
            "listed_programmes": data["by_programme"][:LISTED],
            "meetings": meetings,
            "documents": documents,
            "counting_rule": aggregates.COUNTING_RULE,
            "county_map": charts.county_map(data["by_county"]),
            "pillar_chart": charts.bars(data["by_pillar"]),
            "trend_chart": charts.line(data["trend"]),
            "open_data_tables": OPEN_DATA_TABLES,
        },
    )
