"""Scheduling, changing and cancelling meetings, and the meeting page."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from committees import selectors
from committees.models import Body, Meeting, Registration, Seat
from tests import factories
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
NAIROBI = datetime.timezone(datetime.timedelta(hours=3))


def local(days, hour=10):
    """A form value in Nairobi time ``days`` from today."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return f"{day:%Y-%m-%d}T{hour:02d}:00"


def form_data(**overrides):
    data = {
        "title": "Financing TWG monthly meeting",
        "kind": "twg",
        "host": "",
        "starts_at": local(10, 10),
        "ends_at": local(10, 12),
        "venue": "Treasury Building, Nairobi",
        "online_url": "",
        "agenda": "1. Budget review",
        "audience": "members",
        "capacity": "20",
        "registration_open": "on",
        "months": "",
    }
    data.update(overrides)
    return data


def new_url(body=None):
    url = reverse("committees:meeting_new")
    return f"{url}?body={body.slug}" if body else url


# --- Scheduling -------------------------------------------------------------------------------


def test_a_twg_lead_schedules_a_meeting_and_the_roster_is_invited(
    client, twg, lead, send_on_commit
):
    roster = [factories.seat(twg).user, factories.seat(twg).user]
    host = OrganisationFactory(name="The National Treasury")
    client.force_login(lead)

    with send_on_commit():
        response = client.post(new_url(twg), form_data(host=host.pk))

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.body == twg and meeting.host == host and meeting.created_by == lead
    # Typed in Nairobi time, stored aware: 10:00 in Nairobi is 07:00 UTC.
    assert meeting.starts_at.astimezone(NAIROBI).hour == 10
    assert meeting.starts_at.astimezone(datetime.UTC).hour == 7
    invited = sorted(m.to[0] for m in mail.outbox)
    assert invited == sorted(u.email for u in [lead, *roster])
    assert "Invitation: Financing TWG monthly meeting" in mail.outbox[0].subject


def test_a_member_without_a_leading_seat_cannot_schedule(client, twg):
    member = factories.seat(twg, role=Seat.Role.MEMBER).user
    client.force_login(member)

    assert client.get(new_url(twg)).status_code == 404
    assert client.post(new_url(twg), form_data()).status_code == 404
    assert not Meeting.objects.exists()


def test_a_lead_of_another_body_cannot_schedule_for_this_one(client, twg):
    other = factories.BodyFactory(name="Financing", slug="financing")
    client.force_login(factories.convener(other))

    assert client.post(new_url(twg), form_data()).status_code == 404


def test_a_lead_whose_term_ended_cannot_schedule(client, twg):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    former = factories.seat(
        twg,
        role=Seat.Role.CHAIR,
        starts_on=yesterday - datetime.timedelta(days=90),
        ends_on=yesterday,
    ).user
    client.force_login(former)

    assert client.get(new_url(twg)).status_code == 404


def test_only_staff_roles_schedule_for_the_whole_cop(client, twg, lead, send_on_commit):
    client.force_login(lead)
    assert client.get(new_url()).status_code == 404

    client.force_login(factories.coordinator())
    with send_on_commit():
        response = client.post(new_url(), form_data(kind="roundtable", audience="public"))
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.body is None
    # A meeting of the whole CoP invites nobody by e-mail: it is announced on the events page.
    assert mail.outbox == []


def test_a_visitor_is_asked_to_sign_in(client, twg):
    response = client.get(new_url(twg))
    assert response.status_code == 302 and "login" in response["Location"]


def test_an_unknown_body_is_a_404(client):
    client.force_login(factories.coordinator())
    assert client.get(reverse("committees:meeting_new") + "?body=nowhere").status_code == 404


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_at": local(10, 9)}, "ends_at", "The meeting must end after it starts."),
        ({"ends_at": local(10, 10)}, "ends_at", "The meeting must end after it starts."),
        ({"capacity": "-1"}, "capacity", "Places cannot be below zero."),
        ({"venue": "", "online_url": ""}, "venue", "Give a venue, an online link, or both."),
        ({"starts_at": local(-1, 10), "ends_at": local(-1, 12)}, "starts_at", "future"),
        ({"title": ""}, "title", "This field is required."),
        ({"starts_at": "tomorrow"}, "starts_at", "Enter a valid date/time."),
        ({"months": "13"}, "months", "Give 1 to 12 months."),
        ({"months": "3", "kind": "webinar"}, "months", "Only TWG meetings can repeat monthly."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(
    client, twg, lead, overrides, field, message, send_on_commit
):
    client.force_login(lead)

    with send_on_commit():
        response = client.post(new_url(twg), form_data(**overrides))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Meeting.objects.exists()
    assert mail.outbox == []


def test_a_body_only_meeting_is_refused_for_the_whole_cop(client):
    client.force_login(factories.coordinator())

    response = client.post(new_url(), form_data(kind="roundtable", audience="body"))

    assert response.status_code == 200
    assert "audience" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_an_online_meeting_needs_no_venue(client, twg, lead):
    client.force_login(lead)
    data = form_data(venue="", online_url="meet.example.org/twg", capacity="")

    assert client.post(new_url(twg), data).status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.online_url == "https://meet.example.org/twg"
    assert meeting.capacity is None


def test_a_monthly_series_creates_one_meeting_a_month(client, twg, lead, send_on_commit):
    factories.seat(twg)
    client.force_login(lead)

    with send_on_commit():
        response = client.post(new_url(twg), form_data(months="4"))

    assert response.status_code == 302
    meetings = list(Meeting.objects.order_by("starts_at"))
    assert len(meetings) == 4
    assert len({m.series for m in meetings}) == 1 and meetings[0].series is not None
    first = meetings[0].starts_at.astimezone(NAIROBI)
    for offset, meeting in enumerate(meetings):
        start = meeting.starts_at.astimezone(NAIROBI)
        assert (start.hour, start.minute) == (10, 0)
        assert (start.year * 12 + start.month) - (first.year * 12 + first.month) == offset
        assert meeting.ends_at - meeting.starts_at == datetime.timedelta(hours=2)
    # One invitation per person for the whole series, listing its dates.
    assert len(mail.outbox) == 2
    assert "every month" in mail.outbox[0].body


def test_a_series_keeps_to_the_last_day_of_shorter_months():
    from committees.services import _add_months

    start = timezone.make_aware(datetime.datetime(2027, 1, 31, 9, 0))
    assert timezone.localtime(_add_months(start, 1)).date() == datetime.date(2027, 2, 28)
    assert timezone.localtime(_add_months(start, 11)).date() == datetime.date(2027, 12, 31)


def test_only_a_working_groups_twg_meetings_repeat(twg):
    from django.core.exceptions import ValidationError

    from committees import services

    oversight = factories.oversight()
    chair = factories.convener(oversight)
    starts = timezone.now() + datetime.timedelta(days=3)
    with pytest.raises(ValidationError):
        services.meeting_schedule(
            acting_user=chair,
            body=oversight,
            months=3,
            title="Monthly",
            kind="twg",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=1),
            venue="Nairobi",
        )
    assert not Meeting.objects.exists()


def test_the_form_shows_the_hosting_rotation(client, twg, lead):
    recent = OrganisationFactory(name="Recent Host")
    earlier = OrganisationFactory(name="Earlier Host")
    never = OrganisationFactory(name="Never Hosted")
    factories.past_meeting(twg, host=recent)
    factories.meeting(twg, starts_in=-factories.DAY * 60, host=earlier)
    factories.meeting(
        twg, starts_in=-factories.DAY * 1, host=never, status=Meeting.Status.CANCELLED
    )
    client.force_login(lead)

    response = client.get(new_url(twg))

    rotation = [o.name for o in response.context["rotation"]]
    never_index = rotation.index("Never Hosted")
    assert never_index < rotation.index("Earlier Host") < rotation.index("Recent Host")
    assert "Whose turn to host" in response.content.decode()


def test_the_rotation_lists_active_members_only():
    from members.models import Organisation

    OrganisationFactory(name="Suspended", status=Organisation.Status.SUSPENDED)
    OrganisationFactory(name="Active")
    assert [o.name for o in selectors.hosting_rotation()] == ["Active"]


# --- Editing and cancelling ---------------------------------------------------------------


def test_a_change_of_time_is_mailed_to_those_registered(client, twg, lead, send_on_commit):
    meeting = factories.meeting(twg, capacity=1)
    confirmed, waiting, gone = factories.member(), factories.member(), factories.member()
    factories.register(meeting, confirmed)
    factories.register(meeting, waiting, Registration.Status.WAITLISTED)
    factories.register(meeting, gone, Registration.Status.CANCELLED)
    client.force_login(lead)
    data = form_data(
        title=meeting.title,
        kind="twg",
        starts_at=local(12, 14),
        ends_at=local(12, 16),
        capacity="1",
    )

    with send_on_commit():
        response = client.post(reverse("committees:meeting_edit", args=[meeting.pk]), data)

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.starts_at.astimezone(NAIROBI).hour == 14
    assert sorted(m.to[0] for m in mail.outbox) == sorted([confirmed.email, waiting.email])
    assert "Changed:" in mail.outbox[0].subject


def test_more_places_move_people_up_from_the_waiting_list(client, twg, lead, send_on_commit):
    meeting = factories.meeting(twg, capacity=1)
    factories.register(meeting, factories.member())
    waiting = factories.member()
    factories.register(meeting, waiting, Registration.Status.WAITLISTED)
    client.force_login(lead)
    start = timezone.localtime(meeting.starts_at)
    end = timezone.localtime(meeting.ends_at)
    data = form_data(
        title=meeting.title,
        starts_at=f"{start:%Y-%m-%dT%H:%M}",
        ends_at=f"{end:%Y-%m-%dT%H:%M}",
        venue=meeting.venue,
        capacity="2",
    )

    with send_on_commit():
        client.post(reverse("committees:meeting_edit", args=[meeting.pk]), data)

    assert Registration.objects.get(user=waiting).status == Registration.Status.CONFIRMED
    assert [m.to for m in mail.outbox] == [[waiting.email]]
    assert "You have a place" in mail.outbox[0].subject


def test_places_cannot_drop_below_the_confirmed_count(client, twg, lead):
    meeting = factories.meeting(twg, capacity=3)
    for _ in range(2):
        factories.register(meeting, factories.member())
    client.force_login(lead)
    start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    data = form_data(
        starts_at=f"{start:%Y-%m-%dT%H:%M}", ends_at=f"{end:%Y-%m-%dT%H:%M}", capacity="1"
    )

    response = client.post(reverse("committees:meeting_edit", args=[meeting.pk]), data)

    assert "give at least 2 places" in " ".join(response.context["form"].errors["capacity"])
    meeting.refresh_from_db()
    assert meeting.capacity == 3


def test_others_cannot_edit_or_cancel(client, twg):
    meeting = factories.meeting(twg, audience="public")
    client.force_login(factories.seat(twg).user)

    assert client.get(reverse("committees:meeting_edit", args=[meeting.pk])).status_code == 404
    response = client.post(
        reverse("committees:meeting_cancel", args=[meeting.pk]), {"reason": "No"}
    )
    assert response.status_code == 404
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED


def test_cancelling_needs_a_reason_and_tells_those_registered(client, twg, lead, send_on_commit):
    meeting = factories.meeting(twg)
    registered = factories.member()
    factories.register(meeting, registered)
    client.force_login(lead)
    url = reverse("committees:meeting_cancel", args=[meeting.pk])

    response = client.post(url, {"reason": "  "})
    assert "Give the reason for cancelling." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED

    with send_on_commit():
        response = client.post(url, {"reason": "The venue is closed for repairs."})

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    assert [m.to for m in mail.outbox] == [[registered.email]]
    assert "The venue is closed for repairs." in mail.outbox[0].body
    # The reason stays on the meeting's page.
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "The venue is closed for repairs." in page


# --- The meeting page -----------------------------------------------------------------------


def test_the_page_shows_local_times_host_and_venue(client, twg):
    host = OrganisationFactory(name="Kenya Red Cross")
    starts = timezone.make_aware(datetime.datetime(2031, 3, 4, 9, 30))
    meeting = factories.meeting(
        twg,
        audience="public",
        host=host,
        starts_at=starts,
        ends_at=starts + factories.HOUR * 2,
        online_url="https://meet.example.org/x",
    )

    content = client.get(meeting.get_absolute_url()).content.decode()

    assert "Tuesday 4 March 2031, 09:30 – 11:30" in content
    assert "Kenya Red Cross" in content and "KICC, Nairobi" in content
    assert "https://meet.example.org/x" in content


def test_a_members_meeting_is_a_404_for_visitors_and_non_members(client, twg):
    meeting = factories.meeting(twg, audience="members")
    assert client.get(meeting.get_absolute_url()).status_code == 404
    client.force_login(UserFactory())
    assert client.get(meeting.get_absolute_url()).status_code == 404
    client.force_login(factories.member())
    assert client.get(meeting.get_absolute_url()).status_code == 200


def test_a_body_only_meeting_and_its_minutes_are_a_404_for_others(client, twg):
    meeting = factories.past_meeting(
        twg, audience="body", minutes="Secret minutes", status=Meeting.Status.HELD
    )
    factories.action_item(meeting, title="Secret action")

    client.force_login(factories.member())
    assert client.get(meeting.get_absolute_url()).status_code == 404
    action = meeting.action_items.get()
    assert client.get(reverse("committees:action", args=[action.pk])).status_code == 404

    client.force_login(factories.seat(twg).user)
    content = client.get(meeting.get_absolute_url()).content.decode()
    assert "Secret minutes" in content and "Secret action" in content


def test_a_seat_holder_whose_term_ended_loses_the_body_only_meeting(client, twg):
    meeting = factories.meeting(twg, audience="body")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    former = factories.seat(
        twg, starts_on=yesterday - datetime.timedelta(days=30), ends_on=yesterday
    ).user
    client.force_login(former)
    assert client.get(meeting.get_absolute_url()).status_code == 404


def test_a_held_webinar_shows_its_recording_and_a_brown_bag_is_not_recorded(client):
    webinar = factories.past_meeting(
        kind="webinar",
        audience="public",
        status="held",
        minutes="We met.",
        recording_url="https://video.example.org/w1",
    )
    brown_bag = factories.past_meeting(kind="brown-bag", audience="public", status="held")

    assert "https://video.example.org/w1" in client.get(webinar.get_absolute_url()).content.decode()
    assert "not recorded" in client.get(brown_bag.get_absolute_url()).content.decode()


def registration_box(response):
    page = response.content.decode()
    start = page.index('id="registration-heading"')
    return page[start : page.index("</section>", start)]


def test_a_held_meeting_says_it_was_held_not_that_it_started(client):
    held = factories.past_meeting(audience="public", status="held")

    box = registration_box(client.get(held.get_absolute_url()))

    day = timezone.localtime(held.starts_at)
    assert f"This meeting was held on {day.day} {day:%B %Y}; registration is closed." in box
    assert "has started" not in box


def test_a_meeting_that_ended_unrecorded_says_it_has_ended(client):
    ended = factories.past_meeting(audience="public")

    box = registration_box(client.get(ended.get_absolute_url()))

    assert "This meeting has ended; registration is closed." in box
    assert "has started" not in box


def test_a_meeting_under_way_says_registration_closed_as_it_started(client):
    going = factories.meeting(audience="public", starts_in=-factories.HOUR, hours=2)

    box = registration_box(client.get(going.get_absolute_url()))

    assert "Registration is closed: the meeting has started." in box


def test_those_registered_for_a_held_meeting_read_it_in_the_past(client):
    held = factories.past_meeting(status="held")
    came, missed = factories.member(), factories.member()
    factories.register(held, came, attended=True)
    factories.register(held, missed, attended=False)

    client.force_login(came)
    assert "You attended." in registration_box(client.get(held.get_absolute_url()))
    client.force_login(missed)
    box = registration_box(client.get(held.get_absolute_url()))
    assert "You were registered." in box and "Your place is confirmed" not in box


@pytest.mark.parametrize("count", [2, 8])
def test_the_meeting_page_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, twg, count
):
    meeting = factories.past_meeting(
        twg, audience="public", status="held", host=OrganisationFactory()
    )
    from committees.models import Resolution

    for i in range(count):
        resolution = Resolution.objects.create(
            meeting=meeting, text=f"R{i}", recorded_by=UserFactory()
        )
        factories.action_item(meeting, owner_user=UserFactory(), resolution=resolution)
        factories.action_item(meeting, owner_organisation=OrganisationFactory())
    # 1 the meeting with body and host, 2 resolutions, 3 action items with owners and
    # resolution, 4 registration counts, 5 the links other apps add to a held meeting (the
    # repository's documents made from its record).
    with django_assert_num_queries(5):
        response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count("Draft the financing note") == 2 * count


@pytest.mark.parametrize("count", [2, 8])
def test_the_convener_sees_the_registrations_in_fixed_queries(
    client, django_assert_num_queries, twg, lead, count
):
    meeting = factories.meeting(twg)
    for _ in range(count):
        factories.register(meeting, factories.member())
    client.force_login(lead)
    client.get(meeting.get_absolute_url())

    # 1 session, 2 user, 3 person and 4 code of conduct (member features), 5 staff-role check,
    # 6 the user's seats, 7 the meeting with body and host, 8 resolutions, 9 action items,
    # 10 own registration, 11 counts, 12 registrations with their users (the code of
    # conduct answer is cached for the request; since issue 7 the convener check reads the
    # seats of 6 instead of querying its own).
    with django_assert_num_queries(12):
        response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["registrations"]) == count


def test_unknown_meeting_is_a_404(client):
    assert client.get(reverse("committees:meeting", args=[999])).status_code == 404


def test_a_whole_cop_body_kind_is_shown(client):
    meeting = factories.meeting(None, audience="public", kind="roundtable")
    assert "The whole CoP" in client.get(meeting.get_absolute_url()).content.decode()
    assert Body.objects.count() == 0


@pytest.mark.parametrize(
    "name", ["meeting_edit", "meeting_cancel", "meeting_resolution_new", "meeting_action_new"]
)
def test_the_convener_forms_render(client, twg, lead, name):
    meeting = factories.past_meeting(twg) if "new" in name else factories.meeting(twg)
    client.force_login(lead)
    response = client.get(reverse(f"committees:{name}", args=[meeting.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("<h1") == 1
