"""One meeting's .ics file and the calendar feeds, parsed back with icalendar."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from committees import services
from committees.models import CalendarFeed, Meeting
from tests.factories import (
    BodyFactory,
    MeetingFactory,
    in_days,
    member,
    nairobi,
    outsider,
    seat,
)

pytestmark = pytest.mark.django_db
A = Meeting.Audience
NAIROBI = ZoneInfo("Africa/Nairobi")


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def uids(response):
    return [str(event["UID"]) for event in parse(response).events]


def ics(client, meeting):
    return client.get(reverse("calendar:meeting_ics", args=[meeting.pk]))


def test_a_meeting_downloads_with_its_nairobi_times(client, settings):
    settings.SITE_URL = "https://cop.example.org"
    meeting = MeetingFactory(
        title="Shock-responsive cash: lessons",
        starts_at=nairobi(2031, 3, 4, 9, 30),
        ends_at=nairobi(2031, 3, 4, 11),
        venue="NSPS boardroom, Bishops Road",
        online_url="https://meet.example.org/abc",
        agenda="1. Welcome\n2. Findings",
    )

    response = ics(client, meeting)

    assert 'filename="meeting-' in response["Content-Disposition"]
    calendar = parse(response)
    [event] = calendar.events
    assert str(event["UID"]) == str(meeting.uid)
    assert event.start == datetime.datetime(2031, 3, 4, 9, 30, tzinfo=NAIROBI)
    assert event.start.tzinfo.key == "Africa/Nairobi"
    assert (event.start.hour, event.end.hour) == (9, 11)
    assert event.start.astimezone(datetime.UTC).hour == 6
    assert [tz.tz_name for tz in calendar.timezones] == ["Africa/Nairobi"]
    assert str(event["SUMMARY"]) == "Shock-responsive cash: lessons"
    assert "NSPS boardroom" in event["LOCATION"] and "meet.example.org/abc" in event["LOCATION"]
    description = str(event["DESCRIPTION"])
    assert "2. Findings" in description
    assert f"https://cop.example.org/committees/meetings/{meeting.pk}/" in description
    assert str(event["STATUS"]) == "CONFIRMED"


def test_a_change_raises_the_sequence_and_a_cancellation_says_so(client):
    meeting = MeetingFactory()
    before = int(parse(ics(client, meeting)).events[0]["SEQUENCE"])

    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.CANCELLED,
        updated_at=meeting.updated_at + datetime.timedelta(minutes=5),
    )

    event = parse(ics(client, meeting)).events[0]
    assert int(event["SEQUENCE"]) > before
    assert str(event["STATUS"]) == "CANCELLED"


def test_a_meeting_one_may_not_see_is_a_404(client):
    members_only = MeetingFactory(audience=A.MEMBERS)
    body_only = MeetingFactory(audience=A.BODY, body=BodyFactory())

    assert ics(client, members_only).status_code == 404
    client.force_login(member())
    assert ics(client, members_only).status_code == 200
    assert ics(client, body_only).status_code == 404
    client.force_login(seat(body_only.body).user)
    assert ics(client, body_only).status_code == 200


def test_public_feed_carries_public_meetings_upcoming_and_of_the_last_90_days(client):
    upcoming = MeetingFactory(starts_at=in_days(10))
    recent = MeetingFactory(starts_at=in_days(-80))
    MeetingFactory(starts_at=in_days(-100))
    MeetingFactory(audience=A.MEMBERS)
    MeetingFactory(audience=A.BODY, body=BodyFactory())

    response = client.get(reverse("calendar:feed"))

    assert uids(response) == [str(recent.uid), str(upcoming.uid)]


def test_public_feed_times_read_back_in_nairobi(client):
    MeetingFactory(starts_at=nairobi(2031, 7, 1, 14), ends_at=nairobi(2031, 7, 1, 16))

    [event] = parse(client.get(reverse("calendar:feed"))).events

    assert event.start == datetime.datetime(2031, 7, 1, 14, tzinfo=NAIROBI)
    assert event.end == datetime.datetime(2031, 7, 1, 16, tzinfo=NAIROBI)


def private_feed(client, user):
    feed = services.calendar_feed_create(acting_user=user)
    return client.get(reverse("calendar:private_feed", args=[feed.token]))


def test_private_feed_carries_what_its_owner_may_see(client):
    body, other = BodyFactory(), BodyFactory()
    holder = seat(body).user
    public = MeetingFactory(starts_at=in_days(1))
    members = MeetingFactory(audience=A.MEMBERS, starts_at=in_days(2))
    ours = MeetingFactory(audience=A.BODY, body=body, starts_at=in_days(3))
    theirs = MeetingFactory(audience=A.BODY, body=other, starts_at=in_days(4))

    # No session: the token is the key.
    assert uids(private_feed(client, holder)) == [str(public.uid), str(members.uid), str(ours.uid)]
    other_member = uids(private_feed(client, member()))
    assert str(ours.uid) not in other_member and str(theirs.uid) not in other_member
    assert uids(private_feed(client, outsider())) == [str(public.uid)]


def test_private_feed_follows_the_seat_today(client):
    body = BodyFactory()
    holder = seat(body).user
    meeting = MeetingFactory(audience=A.BODY, body=body)
    assert uids(private_feed(client, holder)) == [str(meeting.uid)]

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    holder.seats.update(starts_on=yesterday - datetime.timedelta(days=30), ends_on=yesterday)

    assert uids(private_feed(client, holder)) == []


def test_revoked_or_unknown_token_returns_nothing(client):
    holder = member()
    MeetingFactory(audience=A.MEMBERS)
    old = services.calendar_feed_create(acting_user=holder).token

    new = services.calendar_feed_revoke(acting_user=holder).token

    assert new != old
    response = client.get(reverse("calendar:private_feed", args=[old]))
    assert response.status_code == 404
    assert b"BEGIN:VCALENDAR" not in response.content
    assert client.get(reverse("calendar:private_feed", args=["nonsense"])).status_code == 404
    assert len(parse(client.get(reverse("calendar:private_feed", args=[new]))).events) == 1


def test_a_closed_account_s_feed_returns_nothing(client):
    holder = member()
    token = services.calendar_feed_create(acting_user=holder).token
    get_user_model().objects.filter(pk=holder.pk).update(is_active=False)

    assert client.get(reverse("calendar:private_feed", args=[token])).status_code == 404


@pytest.mark.parametrize("count", [3, 20])
def test_feeds_run_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    body = BodyFactory()
    holder = seat(body).user
    for day in range(count):
        MeetingFactory(
            audience=[A.PUBLIC, A.MEMBERS, A.BODY][day % 3], body=body, starts_at=in_days(day - 5)
        )
    token = services.calendar_feed_create(acting_user=holder).token

    # 1 the meetings with their bodies.
    with django_assert_num_queries(1):
        client.get(reverse("calendar:feed"))
    # 1 the feed and its user; visibility: 2 person, 3 code of conduct, 4 staff groups,
    # 5 seats; 6 the meetings with their bodies.
    with django_assert_num_queries(6):
        response = client.get(reverse("calendar:private_feed", args=[token]))
    assert len(parse(response).events) == count


# The feed settings page


def settings_page(client):
    return client.get(reverse("calendar:feed_settings"))


def change(client, action):
    return client.post(reverse("calendar:feed_settings"), {"action": action}, follow=True)


def test_feed_settings_need_signing_in(client):
    response = settings_page(client)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(reverse("calendar:feed_settings"), {"action": "create"})
    assert response.status_code == 302 and not CalendarFeed.objects.exists()


def test_a_member_makes_replaces_and_turns_off_the_private_address(client):
    holder = member()
    client.force_login(holder)
    assert "no private calendar address yet" in settings_page(client).content.decode()

    response = change(client, "create")
    feed = CalendarFeed.objects.get(user=holder)
    content = response.content.decode()
    assert "is ready" in content
    assert f"/events/feed/{feed.token}.ics" in content
    assert f"webcal://testserver/events/feed/{feed.token}.ics" in content
    assert "How to subscribe" in content

    old = feed.token
    content = change(client, "revoke").content.decode()
    feed.refresh_from_db()
    assert feed.token != old and old not in content and feed.token in content
    assert len(feed.token) >= 43

    change(client, "delete")
    assert not CalendarFeed.objects.filter(user=holder).exists()
    assert client.get(reverse("calendar:private_feed", args=[feed.token])).status_code == 404


def test_making_the_address_twice_keeps_it(client):
    holder = member()
    client.force_login(holder)
    change(client, "create")
    token = CalendarFeed.objects.get(user=holder).token

    change(client, "create")

    assert CalendarFeed.objects.get(user=holder).token == token


def test_an_unknown_action_is_refused_with_a_message(client):
    client.force_login(member())

    response = change(client, "explode")

    assert "Choose what to do" in response.content.decode()
    assert not CalendarFeed.objects.exists()


def test_one_cannot_touch_another_person_s_feed(client):
    owner, other = member(), member()
    token = services.calendar_feed_create(acting_user=owner).token
    client.force_login(other)

    change(client, "revoke")
    change(client, "delete")

    assert CalendarFeed.objects.get(user=owner).token == token
    assert token not in settings_page(client).content.decode()
