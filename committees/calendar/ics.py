"""iCalendar files of meetings: one meeting's ``.ics`` and the feeds.

Times are written in Africa/Nairobi with the VTIMEZONE that defines it, so a calendar shows
the local time the meeting was set for whatever its own zone."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from ..models import Meeting

PRODID = "-//Kenya Social Protection Community of Practice//CoP Portal//EN"
LOCAL_ZONE = ZoneInfo("Africa/Nairobi")


def meeting_url(meeting):
    """The meeting's page."""
    return meeting.get_absolute_url()


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def meeting_location(meeting):
    return " — ".join(part for part in (meeting.venue, meeting.online_url) if part)


def meeting_description(meeting):
    parts = []
    if meeting.agenda:
        parts.append(meeting.agenda.strip())
    if meeting.online_url:
        parts.append(_("Join online: %(url)s") % {"url": meeting.online_url})
    if meeting.status == Meeting.Status.HELD and meeting.recording_url:
        parts.append(_("Recording: %(url)s") % {"url": meeting.recording_url})
    parts.append(_("Details: %(url)s") % {"url": absolute(meeting_url(meeting))})
    return "\n\n".join(parts)


def meeting_event(meeting):
    """One VEVENT. SEQUENCE counts the seconds between creation and the last change, so it
    grows with every change and calendars replace their copy."""
    event = Event()
    event.add("uid", str(meeting.uid))
    event.add("dtstamp", meeting.updated_at)
    event.add("created", meeting.created_at)
    event.add("last-modified", meeting.updated_at)
    event.add("sequence", max(0, int((meeting.updated_at - meeting.created_at).total_seconds())))
    event.add("dtstart", meeting.starts_at.astimezone(LOCAL_ZONE))
    event.add("dtend", meeting.ends_at.astimezone(LOCAL_ZONE))
    event.add("summary", meeting.title)
    location = meeting_location(meeting)
    if location:
        event.add("location", location)
    event.add("description", meeting_description(meeting))
    event.add("url", absolute(meeting_url(meeting)))
    event.add("categories", [str(meeting.get_kind_display())])
    event.add("status", "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED")
    return event


def calendar_of(meetings, *, name=None, method=None):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", str(LOCAL_ZONE))
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def meeting_ics(meeting):
    return calendar_of([meeting], method="PUBLISH")
