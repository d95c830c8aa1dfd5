"""Reads of the monitoring app: who may see what, and a quarter's figures (stored or
computed on demand)."""

from django.core.cache import cache
from django.utils import timezone

from committees.models import Body, Resolution
from committees.selectors import granting_seats, is_administration, is_staff_role
from members.selectors import can_use_member_features

from . import indicators
from .models import Snapshot
from .quarters import Quarter

# How long the current quarter's figures computed on demand are kept (seconds).
LIVE_SECONDS = 15 * 60
# How many quarters the trend shows.
TREND_QUARTERS = 8


# --- Who sees what ------------------------------------------------------------------------


def sits_on_committee(user):
    """A current seat that carries rights on a committee (not a working group)."""
    return any(kind != Body.Kind.WORKING_GROUP for _body, kind, _role in granting_seats(user))


def can_see_names(user):
    """Tables that name organisations or people: the committees and the staff roles."""
    return user.is_authenticated and (is_staff_role(user) or sits_on_committee(user))


def can_view_scorecard(user):
    """The figures without names: members too."""
    return can_see_names(user) or can_use_member_features(user)


def can_take_snapshots(user):
    """Recomputing a stored quarter: the administration team."""
    return is_administration(user)


# --- The figures --------------------------------------------------------------------------


def live_cache_key(quarter):
    return f"monitoring:live:{quarter.slug}:{indicators.METHOD_VERSION}"


def _reading(snapshot):
    if snapshot is None:
        return None
    return (
        snapshot.data.get("blocks", {})
        .get("documents", {})
        .get("figures", {})
        .get("downloads_reading")
    )


def readings_for(quarter, *, latest=None, today=None):
    """The download counter readings a computation of ``quarter`` uses: the previous
    quarter's stored reading, and this quarter's own when a stored version has one (a closed
    quarter keeps the reading taken when it was first computed)."""
    previous = Snapshot.objects.of(quarter.previous()).filter(is_latest=True).first()
    readings = {"previous": _reading(previous)}
    if latest is not None and not quarter.is_current(today):
        readings["own"] = _reading(latest)
    return readings


def quarter_figures(quarter):
    """``(data, snapshot)`` for a quarter: its latest stored snapshot, or (current quarter,
    or one not stored yet) the figures computed now and kept for a while, with snapshot
    None."""
    snapshot = None
    if not quarter.is_current():
        snapshot = Snapshot.objects.of(quarter).filter(is_latest=True).first()
        if snapshot is not None:
            return snapshot.data, snapshot
    key = live_cache_key(quarter)
    data = cache.get(key)
    if data is None:
        data = indicators.compute(quarter, readings=readings_for(quarter))
        cache.set(key, data, LIVE_SECONDS)
    return data, None


def trend(quarter, count=TREND_QUARTERS):
    """The headline figures of the ``count`` quarters ending with ``quarter``:
    ``[(quarter, data or None)]``, oldest first. Stored quarters are read in one query;
    the current quarter from the live figures; a past quarter never stored is None (the
    trend does not compute history on the fly)."""
    quarters = quarter.last(count)
    stored = {
        (s.year, s.quarter): s.data
        for s in Snapshot.objects.latest_versions().filter(
            year__gte=quarters[0].year, year__lte=quarters[-1].year
        )
    }
    rows = []
    for item in quarters:
        data = stored.get((item.year, item.number))
        if item.is_current():
            data, _snapshot = quarter_figures(item)
        rows.append((item, data))
    return rows


def versions_of(quarter):
    return list(Snapshot.objects.of(quarter).select_related("computed_by").order_by("-version"))


def known_quarters():
    """Stored quarters and the current one, newest first."""
    quarters = {
        Quarter(year, number)
        for year, number in Snapshot.objects.order_by().values_list("year", "quarter").distinct()
    }
    quarters.add(Quarter.of(timezone.localdate()))
    return sorted(quarters, reverse=True)


# --- The results journal ------------------------------------------------------------------


def can_keep_journal(user):
    """Writing the journal: the content coordinators and the administration team."""
    return is_staff_role(user)


def journal_visible_to(user):
    """Every entry for the committees and the staff roles; public entries for everyone else
    (members and visitors alike)."""
    from .models import JournalEntry

    if can_see_names(user):
        return JournalEntry.objects.all()
    return JournalEntry.objects.public()


def journal_links_for(entry_queryset, user):
    """Prefetch each entry's links, only those the reader may see (each through its app's
    ``visible_to``): one query per kind of link, whatever the number of entries."""
    from django.db.models import Prefetch

    from committees.selectors import actions_visible_to, meetings_visible_to
    from repository.selectors import documents_visible_to

    meetings = meetings_visible_to(user)
    return entry_queryset.prefetch_related(
        Prefetch("meetings", queryset=meetings.order_by("starts_at")),
        Prefetch(
            "resolutions",
            queryset=Resolution.objects.filter(meeting__in=meetings).select_related("meeting"),
        ),
        Prefetch("action_items", queryset=actions_visible_to(user).order_by("due_on")),
        Prefetch("documents", queryset=documents_visible_to(user).active().order_by("title")),
    )


def journal_filing_of(quarter):
    from .models import JournalFiling

    return (
        JournalFiling.objects.filter(year=quarter.year, quarter=quarter.number)
        .select_related("document")
        .first()
    )


# --- Maturity -----------------------------------------------------------------------------


def can_assess_maturity(user):
    """Recording the CoP's stage: the Oversight Committee's current members."""
    return user.is_authenticated and any(
        kind == Body.Kind.OVERSIGHT for _body, kind, _role in granting_seats(user)
    )


def maturity_history():
    """Every assessment with its ratings (two queries), newest first."""
    from .models import MaturityAssessment

    return list(
        MaturityAssessment.objects.select_related("recorded_by").prefetch_related("ratings")
    )


def maturity_assessment(*, pk, user):
    """One assessment with its ratings and the evidence the reader may open."""
    from django.db.models import Prefetch

    from committees.selectors import meetings_visible_to
    from repository.selectors import documents_visible_to

    from .models import MaturityAssessment, MaturityRating

    ratings = MaturityRating.objects.prefetch_related(
        Prefetch("documents", queryset=documents_visible_to(user).active().order_by("title")),
        Prefetch("meetings", queryset=meetings_visible_to(user).order_by("starts_at")),
    )
    return (
        MaturityAssessment.objects.select_related("recorded_by")
        .prefetch_related(Prefetch("ratings", queryset=ratings))
        .get(pk=pk)
    )


# --- Recognition --------------------------------------------------------------------------


def can_grant_recognition(user):
    """Granting a recognition: the Oversight Committee's current members."""
    return can_assess_maturity(user)


def can_set_weights(user):
    return is_administration(user)


def recognitions_of_organisation(organisation):
    from .models import Recognition

    return list(Recognition.objects.filter(organisation=organisation).order_by("-period_end"))


def recognitions_for_list():
    from .models import Recognition

    return list(Recognition.objects.select_related("user", "organisation", "granted_by"))


def recognition(pk):
    from .models import Recognition

    return Recognition.objects.select_related("user", "organisation", "granted_by").get(pk=pk)


# --- The quarterly report -----------------------------------------------------------------


def can_edit_report(user):
    """Reviewing, editing and sending the chair's report: the administration team."""
    return is_administration(user)


def can_read_report(user):
    """The report names organisations and people: the committees and the staff roles."""
    return can_see_names(user)


def report_recipients():
    """The addresses of the Oversight and Steering Committees' current members, each once."""
    from committees.models import Seat

    return sorted(
        set(
            Seat.objects.granting()
            .filter(body__kind__in=[Body.Kind.OVERSIGHT, Body.Kind.STEERING])
            .values_list("user__email", flat=True)
        )
    )


def report_of(quarter):
    from .models import QuarterlyReport

    return (
        QuarterlyReport.objects.filter(year=quarter.year, quarter=quarter.number)
        .select_related("document", "sent_by")
        .first()
    )
