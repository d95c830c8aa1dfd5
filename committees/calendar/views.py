"""The events page, the month view, ``.ics`` files and calendar feeds."""

import calendar
from datetime import date, datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.page_cache import cache_public_page

from .. import services
from ..selectors import meetings_visible_to
from . import feeds, ics
from .filters import EventFilter

EVENTS_PAGE_SIZE = 20
PAST = "past"


# What the lists and the month view show of a meeting, its body, county and host: no
# agenda, minutes or descriptions (issue 7).
LISTING_FIELDS = (
    "title",
    "kind",
    "starts_at",
    "ends_at",
    "venue",
    "online_url",
    "status",
    "body__name",
    "body__county__name",
    "host__name",
)


def _for_listing(queryset):
    return queryset.select_related("body", "body__county", "host").only(*LISTING_FIELDS)


def _with_urls(meetings):
    for meeting in meetings:
        meeting.page_url = ics.meeting_url(meeting)
    return meetings


@cache_public_page
def events(request):
    """Meetings the visitor may see: upcoming ones first, past ones on their own page."""
    now = timezone.now()
    past = request.GET.get("when") == PAST
    meetings = meetings_visible_to(request.user)
    if past:
        meetings = meetings.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    else:
        meetings = meetings.filter(ends_at__gte=now).order_by("starts_at", "pk")
    filterset = EventFilter(request.GET or None, queryset=_for_listing(meetings))
    page = Paginator(filterset.qs, EVENTS_PAGE_SIZE).get_page(request.GET.get("page"))
    _with_urls(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    filters = query.copy()
    filters.pop("when", None)
    today = timezone.localdate()
    return render(
        request,
        "committees/calendar/events.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "filters": filters.urlencode(),
            "past": past,
            "this_month": reverse("calendar:month", args=[today.year, today.month])
            + _filters_query(request),
        },
    )


def _month_bounds(year, month):
    zone = timezone.get_default_timezone()
    first = date(year, month, 1)
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    start = datetime.combine(first, time.min, tzinfo=zone)
    end = datetime.combine(following, time.min, tzinfo=zone)
    return first, following, start, end


def _filters_query(request):
    """``?kind=...&body=...`` of the filters the request carries, or ""."""
    query = request.GET.copy()
    for name in ("page", "when"):
        query.pop(name, None)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else ""


def month(request, year, month):
    """A month grid on wide screens, a list of the days with meetings on a phone."""
    if not (1 <= month <= 12 and 1900 < year < 3000):
        raise Http404
    first, following, start, end = _month_bounds(year, month)
    in_month = (
        _for_listing(meetings_visible_to(request.user))
        .filter(starts_at__gte=start, starts_at__lt=end)
        .order_by("starts_at", "pk")
    )
    # The list's filters (kind, body, county) carry over to the month and back.
    filters = _filters_query(request)
    filterset = EventFilter(request.GET or None, queryset=in_month)
    meetings = _with_urls(list(filterset.qs))
    by_day = {}
    for meeting in meetings:
        by_day.setdefault(timezone.localdate(meeting.starts_at), []).append(meeting)
    today = timezone.localdate()
    weeks = [
        [
            {
                "date": day,
                "in_month": day.month == month,
                "today": day == today,
                "meetings": by_day.get(day, []),
            }
            for day in week
        ]
        for week in calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)
    ]
    previous = date(year - 1, 12, 1) if month == 1 else date(year, month - 1, 1)
    return render(
        request,
        "committees/calendar/month.html",
        {
            "first": first,
            "weeks": weeks,
            "weekdays": [weeks[0][i]["date"] for i in range(7)],
            "days": sorted(by_day.items()),
            "previous": reverse("calendar:month", args=[previous.year, previous.month]) + filters,
            "next": reverse("calendar:month", args=[following.year, following.month]) + filters,
            "events": reverse("calendar:events") + filters,
        },
    )


def _calendar_response(content, *, filename=None, private=False):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


def meeting_ics(request, pk):
    meeting = get_object_or_404(meetings_visible_to(request.user).select_related("body"), pk=pk)
    return _calendar_response(
        ics.meeting_ics(meeting),
        filename=f"meeting-{meeting.pk}.ics",
        private=meeting.audience != meeting.Audience.PUBLIC,
    )


def public_feed(request):
    content = ics.calendar_of(
        feeds.public_feed_meetings(), name=_("Kenya Social Protection CoP: public events")
    )
    return _calendar_response(content)


def private_feed(request, token):
    feed = feeds.feed_for_token(token)
    if feed is None:
        raise Http404
    content = ics.calendar_of(
        feeds.feed_meetings(feed.user), name=_("Kenya Social Protection CoP: my meetings")
    )
    return _calendar_response(content, private=True)


FEED_ACTIONS = {
    "create": (
        services.calendar_feed_create,
        gettext_lazy("Your private calendar address is ready."),
    ),
    "revoke": (
        services.calendar_feed_revoke,
        gettext_lazy("The old address no longer works. Subscribe again with the new one."),
    ),
    "delete": (
        services.calendar_feed_delete,
        gettext_lazy("Your private calendar address is turned off."),
    ),
}


@login_required
def feed_settings(request):
    """The member's private feed address: make it, replace it (revoke) or turn it off."""
    if request.method == "POST":
        action = FEED_ACTIONS.get(request.POST.get("action"))
        if action is None:
            messages.error(request, _("Choose what to do with your calendar address."))
        else:
            service, message = action
            service(acting_user=request.user)
            messages.success(request, message)
        return HttpResponseRedirect(reverse("calendar:feed_settings"))
    feed = feeds.feed_of(request.user)
    context = {
        "feed": feed,
        "public_feed_url": request.build_absolute_uri(reverse("calendar:feed")),
    }
    if feed is not None:
        url = request.build_absolute_uri(
            reverse("calendar:private_feed", kwargs={"token": feed.token})
        )
        context.update(feed_url=url, webcal_url="webcal://" + url.split("://", 1)[1])
    return render(request, "committees/calendar/feed_settings.html", context)
