"""Open data (``/milestones/data/<table>.csv`` and ``.json``): every table of the dashboard,
with the same filters and the same numbers (both come from ``aggregates.summary``), the
licence and the date of the last verification."""

import csv
import io
import json

from django.http import Http404, HttpResponse

from core.page_cache import cache_public_page

from .. import aggregates
from ._common import OPEN_DATA_TABLES, filters_or_404

LICENCE = "CC-BY-4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = "Kenya Community of Practice for Social Protection, sector milestones"
FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def table_rows(table, data):
    """The rows of one table, as the page shows them."""
    year = data["year"]
    if table == "years":
        return [
            {"year": row["year"], "beneficiaries_reported": row["total"]} for row in data["trend"]
        ]
    if table == "pillars":
        return [
            {"year": year, "pillar": row["slug"], "pillar_name": row["name"],
             "beneficiaries_reported": row["total"]}
            for row in data["by_pillar"]
        ]  # fmt: skip
    if table == "programmes":
        return [
            {"year": year, "programme_id": row["id"], "programme": row["name"],
             "pillar": row["pillar"], "organisation": row["organisation"],
             "organisation_slug": row["organisation_slug"],
             "organisation_category": row["category"], "illustrative": row["illustrative"],
             "beneficiaries_reported": row["total"]}
            for row in data["by_programme"]
        ]  # fmt: skip
    return [
        {"year": year, "county_code": row["code"], "county": row["slug"],
         "county_name": row["name"], "beneficiaries_reported": row["total"]}
        for row in data["by_county"]
    ]  # fmt: skip


def _metadata(filters, data):
    return {
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "attribution": ATTRIBUTION,
        "last_verified": data["last_verified"].isoformat() if data["last_verified"] else None,
        "unit": filters.unit,
        "filters": filters.query(),
        "counting_rule": str(aggregates.COUNTING_RULE),
        "includes_illustrative_figures": data["any_illustrative"],
    }


@cache_public_page
def table(request, table, fmt):
    if table not in dict(OPEN_DATA_TABLES) or fmt not in FORMATS:
        raise Http404
    filters = filters_or_404(request.GET)
    data = aggregates.summary(filters)
    rows = table_rows(table, data)
    meta = _metadata(filters, data)
    if fmt == "json":
        body = json.dumps({**meta, "table": table, "rows": rows}, ensure_ascii=False, indent=1)
        response = HttpResponse(body, content_type=FORMATS[fmt])
    else:
        out = io.StringIO()
        # The licence and the last verification lead the file as "#" comment lines.
        for name in ("licence", "licence_url", "attribution", "last_verified", "unit"):
            out.write(f"# {name}: {meta[name] or ''}\r\n")
        columns = list(rows[0]) if rows else ["beneficiaries_reported"]
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
        response = HttpResponse(out.getvalue(), content_type=FORMATS[fmt])
        response["Content-Disposition"] = f'inline; filename="milestones-{table}.csv"'
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
