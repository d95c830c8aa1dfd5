"""/monitoring/: the health scorecard of a quarter, its trend, and the CSV of every table."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import charts, presentation, selectors, services
from ..quarters import Quarter
from ._common import csv_response, quarter_from

# The headline figures drawn as trend charts: (block, figure).
CHARTED = [
    ("membership", "active_people"),
    ("membership", "active_organisations"),
    ("meetings", "meetings_held"),
    ("meetings", "attendance_rate"),
    ("documents", "documents_shared"),
    ("actions", "actions_done_on_time_share"),
]


def _require_viewer(user):
    if not selectors.can_view_scorecard(user):
        raise Http404


def _charts(trend):
    from ..indicators.registry import provider

    made = []
    for block, key in CHARTED:
        figure = next(f for f in provider(block).figures if f.key == key)
        made.append(
            charts.bar_chart(
                id=f"chart-{block}-{key}".replace("_", "-"),
                title=figure.label,
                points=[(str(q), value) for q, value in presentation.series(trend, block, key)],
                kind=figure.kind,
                label_header=_("Quarter"),
                value_header=figure.label,
            )
        )
    return made


@login_required
def scorecard(request, slug=None):
    user = request.user
    _require_viewer(user)
    quarter = quarter_from(slug) if slug else Quarter.current()
    data, snapshot = selectors.quarter_figures(quarter)
    trend = selectors.trend(quarter)
    previous = trend[-2][1] if len(trend) > 1 else None
    names = selectors.can_see_names(user)
    return render(
        request,
        "monitoring/scorecard.html",
        {
            "quarter": quarter,
            "snapshot": snapshot,
            "is_current": quarter.is_current(),
            "blocks": presentation.blocks(data, previous, names=names),
            "names": names,
            "charts": _charts(trend),
            "trend_header": presentation.trend_rows(trend)[0],
            "quarters": selectors.known_quarters(),
            "versions": selectors.versions_of(quarter),
            "can_take_snapshots": selectors.can_take_snapshots(user),
            "previous_quarter": quarter.previous(),
            "next_quarter": None if quarter.is_current() else quarter.next(),
        },
    )


@login_required
def table_csv(request, slug, block, table):
    _require_viewer(request.user)
    quarter = quarter_from(slug)
    data, _snapshot = selectors.quarter_figures(quarter)
    view = presentation.find_table(data, block, table, names=selectors.can_see_names(request.user))
    if view is None:
        raise Http404
    return csv_response(
        f"cop-{quarter.slug}-{block}-{table}.csv".replace("_", "-"),
        view.headers,
        [[view.spec.row_label(row[0]), *row[1:]] for row in view.rows],
    )


@login_required
def figures_csv(request, slug):
    _require_viewer(request.user)
    quarter = quarter_from(slug)
    data, _snapshot = selectors.quarter_figures(quarter)
    return csv_response(
        f"cop-{quarter.slug}-figures.csv",
        [_("Block"), _("Figure"), _("Label"), _("Value")],
        presentation.figure_rows(data),
    )


@login_required
def trend_csv(request, slug):
    _require_viewer(request.user)
    quarter = quarter_from(slug)
    header, rows = presentation.trend_rows(selectors.trend(quarter))
    return csv_response(f"cop-trend-to-{quarter.slug}.csv", header, rows)


@login_required
@require_POST
def snapshot(request, slug):
    quarter = quarter_from(slug)
    if not selectors.can_take_snapshots(request.user):
        raise Http404
    try:
        snap, created = services.snapshot_take(quarter=quarter, acting_user=request.user)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        if created and snap.version > 1:
            messages.success(
                request,
                _("Version %(version)s of %(quarter)s stored: some figures changed.")
                % {"version": snap.version, "quarter": quarter},
            )
        elif created:
            messages.success(request, _("%(quarter)s stored.") % {"quarter": quarter})
        else:
            messages.info(
                request,
                _("Nothing changed since version %(version)s: no new version was stored.")
                % {"version": snap.version},
            )
    return HttpResponseRedirect(reverse("monitoring:quarter", kwargs={"slug": quarter.slug}))
