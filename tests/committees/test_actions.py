"""After the meeting: attendance, minutes, resolutions, action items, progress notes, the
coordinator's overview and the reminders."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from committees import tasks
from committees.models import ActionItem, ActionNote, Meeting, Registration, Resolution
from tests import factories
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def record_url(meeting):
    return reverse("committees:meeting_record", args=[meeting.pk])


def action_new_url(meeting):
    return reverse("committees:meeting_action_new", args=[meeting.pk])


# --- Recording the meeting ----------------------------------------------------------------


def test_the_convener_records_attendance_minutes_and_recording(client, twg, lead):
    meeting = factories.past_meeting(twg, kind="webinar", capacity=5)
    came, absent = factories.member(), factories.member()
    factories.register(meeting, came)
    factories.register(meeting, absent)
    walk_in = UserFactory(email="walk.in@example.org")
    client.force_login(lead)

    response = client.post(
        record_url(meeting),
        {
            "attended": [str(came.pk)],
            "attendee_emails": "Walk.In@example.org\n",
            "minutes": "We agreed the workplan.",
            "recording_url": "https://video.example.org/webinar-1",
        },
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert meeting.minutes == "We agreed the workplan."
    assert meeting.recording_url == "https://video.example.org/webinar-1"
    attended = dict(Registration.objects.filter(meeting=meeting).values_list("user", "attended"))
    assert attended == {came.pk: True, absent.pk: False, walk_in.pk: True}


def test_an_unknown_attendee_address_is_refused_and_nothing_is_stored(client, twg, lead):
    meeting = factories.past_meeting(twg)
    registered = factories.member()
    factories.register(meeting, registered)
    client.force_login(lead)

    response = client.post(
        record_url(meeting),
        {"attended": [str(registered.pk)], "attendee_emails": "nobody@example.org", "minutes": "M"},
    )

    assert response.status_code == 200
    assert "No account uses these addresses: nobody@example.org." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED and meeting.minutes == ""
    assert Registration.objects.get().attended is None


def test_a_malformed_attendee_address_is_refused(client, twg, lead):
    meeting = factories.past_meeting(twg)
    client.force_login(lead)
    response = client.post(record_url(meeting), {"attendee_emails": "not-an-address"})
    assert "not-an-address is not an e-mail address." in response.content.decode()


def test_a_brown_bag_takes_no_recording(client, twg, lead):
    meeting = factories.past_meeting(twg, kind="brown-bag")
    client.force_login(lead)

    response = client.get(record_url(meeting))
    assert "recording_url" not in response.context["form"].fields

    from django.core.exceptions import ValidationError

    from committees import services

    with pytest.raises(ValidationError):
        services.meeting_record(
            meeting=meeting,
            acting_user=lead,
            attended_ids=[],
            attendee_emails=[],
            minutes="",
            recording_url="https://video.example.org/x",
        )


def test_a_future_meeting_cannot_be_recorded(client, twg, lead):
    meeting = factories.meeting(twg)
    client.force_login(lead)

    response = client.post(record_url(meeting), {"minutes": "Too early"}, follow=True)

    assert "A meeting is recorded once it has taken place." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.minutes == "" and meeting.status == Meeting.Status.SCHEDULED


def test_a_held_meeting_cannot_be_moved_into_the_future(client, twg, lead):
    meeting = factories.past_meeting(twg)
    came = factories.member()
    factories.register(meeting, came)
    client.force_login(lead)
    client.post(record_url(meeting), {"attended": [str(came.pk)], "minutes": "We met."})
    meeting.refresh_from_db()
    held_at = meeting.starts_at
    future = timezone.localdate() + datetime.timedelta(days=5)

    response = client.post(
        reverse("committees:meeting_edit", args=[meeting.pk]),
        {
            "title": meeting.title,
            "kind": meeting.kind,
            "starts_at": f"{future:%Y-%m-%d}T10:00",
            "ends_at": f"{future:%Y-%m-%d}T12:00",
            "venue": meeting.venue,
            "audience": meeting.audience,
        },
    )

    assert response.status_code == 200
    assert "This meeting is recorded as held, with its attendance" in " ".join(
        response.context["form"].errors["starts_at"]
    )
    meeting.refresh_from_db()
    assert meeting.starts_at == held_at and meeting.status == Meeting.Status.HELD


def test_only_the_convener_records(client, twg):
    meeting = factories.past_meeting(twg, audience="public")
    client.force_login(factories.seat(twg).user)
    assert client.get(record_url(meeting)).status_code == 404
    assert client.post(record_url(meeting), {"minutes": "x"}).status_code == 404
    url = reverse("committees:meeting_resolution_new", args=[meeting.pk])
    assert client.post(url, {"text": "x"}).status_code == 404
    assert client.post(action_new_url(meeting), {"title": "x"}).status_code == 404
    assert not Resolution.objects.exists() and not ActionItem.objects.exists()


# --- Resolutions and action items ---------------------------------------------------------


def test_the_convener_adds_a_resolution_and_an_action_from_it(client, twg, lead, send_on_commit):
    meeting = factories.past_meeting(twg)
    owner = factories.member(user__email="owner@example.org")
    client.force_login(lead)
    response = client.post(
        reverse("committees:meeting_resolution_new", args=[meeting.pk]),
        {"text": "Adopt the financing roadmap."},
    )
    assert response.status_code == 302
    resolution = Resolution.objects.get()

    with send_on_commit():
        response = client.post(
            action_new_url(meeting),
            {
                "title": "Circulate the roadmap",
                "owner_email": "OWNER@example.org",
                "due_on": f"{TODAY + datetime.timedelta(days=10):%Y-%m-%d}",
                "resolution": resolution.pk,
            },
        )

    assert response.status_code == 302
    action = ActionItem.objects.get()
    assert action.owner_user == owner and action.resolution == resolution
    assert action.created_by == lead and action.status == ActionItem.Status.OPEN
    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert "Action for you: Circulate the roadmap" in mail.outbox[0].subject


def test_an_organisation_owner_tells_its_focal_persons(client, twg, lead, send_on_commit):
    meeting = factories.past_meeting(twg)
    organisation = OrganisationFactory()
    focal = factories.focal_person(organisation).user
    factories.member(organisation=organisation)  # not a focal person
    client.force_login(lead)

    with send_on_commit():
        client.post(
            action_new_url(meeting),
            {
                "title": "Share the data",
                "owner_organisation": organisation.pk,
                "due_on": f"{TODAY + datetime.timedelta(days=10):%Y-%m-%d}",
            },
        )

    assert ActionItem.objects.get().owner_organisation == organisation
    assert [m.to for m in mail.outbox] == [[focal.email]]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"owner_email": ""}, "Give the action one owner: a person or an organisation."),
        ({"owner_email": "nobody@example.org"}, "No account uses this address."),
        ({"due_on": ""}, "Give the due date."),
        ({"title": ""}, "Name the action."),
        ({"both_owners": True}, "Give the action one owner: a person or an organisation."),
    ],
)
def test_a_bad_action_item_is_refused(client, twg, lead, data, message):
    meeting = factories.past_meeting(twg)
    owner = factories.member()
    client.force_login(lead)
    post = {
        "title": "Do it",
        "owner_email": owner.email,
        "due_on": f"{TODAY:%Y-%m-%d}",
    }
    if data.pop("both_owners", False):
        post["owner_organisation"] = OrganisationFactory().pk
    post.update(data)

    response = client.post(action_new_url(meeting), post)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ActionItem.objects.exists()


def test_a_resolution_of_another_meeting_is_refused(client, twg, lead):
    meeting = factories.past_meeting(twg)
    other = factories.past_meeting(twg, title="Other")
    foreign = Resolution.objects.create(meeting=other, text="Elsewhere", recorded_by=lead)
    client.force_login(lead)

    response = client.post(
        action_new_url(meeting),
        {
            "title": "x",
            "owner_email": lead.email,
            "due_on": f"{TODAY:%Y-%m-%d}",
            "resolution": foreign.pk,
        },
    )

    assert "resolution" in response.context["form"].errors
    assert not ActionItem.objects.exists()


# --- Progress notes ----------------------------------------------------------------------


def note_url(action):
    return reverse("committees:action", args=[action.pk])


def test_the_owner_adds_a_progress_note_that_sets_the_status(client, twg):
    meeting = factories.past_meeting(twg, audience="body")
    owner = factories.member()
    action = factories.action_item(meeting, owner_user=owner)
    client.force_login(owner)  # the owner holds no seat: owning the action shows it

    response = client.post(note_url(action), {"text": "Draft shared.", "status": "in-progress"})

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionItem.Status.IN_PROGRESS
    note = ActionNote.objects.get()
    assert note.author == owner and note.status == "in-progress"


def test_a_focal_person_of_the_owning_organisation_adds_notes(client, twg):
    organisation = OrganisationFactory()
    action = factories.action_item(factories.past_meeting(twg), owner_organisation=organisation)
    client.force_login(factories.focal_person(organisation).user)

    client.post(note_url(action), {"text": "Done.", "status": "done"})

    action.refresh_from_db()
    assert action.status == ActionItem.Status.DONE


def test_the_convener_adds_notes(client, twg, lead):
    action = factories.action_item(factories.past_meeting(twg))
    client.force_login(lead)
    client.post(note_url(action), {"text": "No longer needed.", "status": "dropped"})
    action.refresh_from_db()
    assert action.status == ActionItem.Status.DROPPED


def test_someone_who_may_see_the_action_but_not_own_it_adds_no_notes(client, twg):
    action = factories.action_item(factories.past_meeting(twg, audience="members"))
    client.force_login(factories.member())

    response = client.get(note_url(action))
    assert response.status_code == 200 and response.context["form"] is None
    assert client.post(note_url(action), {"text": "x", "status": "done"}).status_code == 404
    action.refresh_from_db()
    assert action.status == ActionItem.Status.OPEN and not ActionNote.objects.exists()


def test_an_empty_note_or_a_bad_status_is_refused(client, twg):
    owner = factories.member()
    action = factories.action_item(factories.past_meeting(twg), owner_user=owner)
    client.force_login(owner)

    response = client.post(note_url(action), {"text": " ", "status": "done"})
    assert "Write what has been done." in response.content.decode()
    response = client.post(note_url(action), {"text": "x", "status": "finished"})
    assert "Select a valid choice" in response.content.decode()
    assert not ActionNote.objects.exists()


# --- The coordinator's overview -----------------------------------------------------------


def overview(client, **params):
    return client.get(reverse("committees:actions"), params)


def test_the_administration_team_sees_every_open_action_overdue_marked(client, twg):
    other = factories.oversight()
    late = factories.action_item(
        factories.past_meeting(twg, audience="body"),
        title="Late one",
        due_on=TODAY - datetime.timedelta(days=2),
    )
    factories.action_item(factories.past_meeting(other, audience="body"), title="Committee one")
    factories.action_item(
        factories.past_meeting(), title="CoP one", status=ActionItem.Status.IN_PROGRESS
    )
    factories.action_item(
        factories.past_meeting(twg), title="Finished", status=ActionItem.Status.DONE
    )
    client.force_login(factories.administrator())

    response = overview(client)

    titles = [a.title for a in response.context["actions"]]
    assert titles[0] == "Late one"
    assert set(titles) == {"Late one", "Committee one", "CoP one"}
    assert response.context["overdue_count"] == 1
    assert "Overdue" in response.content.decode()
    assert late.is_overdue()


def test_a_coordinator_is_listed_only_the_actions_they_may_open(client, twg):
    other = factories.oversight()
    members_one = factories.action_item(factories.past_meeting(twg), title="Members one")
    public_one = factories.action_item(
        factories.past_meeting(other, audience="public"), title="Public one"
    )
    cop_one = factories.action_item(factories.past_meeting(), title="CoP one")
    hidden = factories.action_item(
        factories.past_meeting(other, audience="body"), title="Committee only"
    )
    coordinator = factories.coordinator()
    client.force_login(coordinator)

    response = overview(client)

    listed = response.context["actions"]
    assert {a.title for a in listed} == {"Members one", "Public one", "CoP one"}
    page = response.content.decode()
    assert note_url(hidden) not in page and "Committee only" not in page
    for action in (members_one, public_one, cop_one):
        assert note_url(action) in page
        assert client.get(note_url(action)).status_code == 200
    assert client.get(note_url(hidden)).status_code == 404
    assert overview(client, body=other.slug).context["actions"] == [public_one]


def test_a_coordinator_sees_the_committee_only_actions_they_own(client, twg):
    coordinator = factories.coordinator()
    mine = factories.action_item(
        factories.past_meeting(factories.oversight(), audience="body"), owner_user=coordinator
    )
    client.force_login(coordinator)

    assert list(overview(client).context["actions"]) == [mine]
    assert client.get(note_url(mine)).status_code == 200


def test_the_overview_filters_by_body_and_status(client, twg):
    other = factories.oversight()
    factories.action_item(factories.past_meeting(twg), title="TWG open")
    factories.action_item(
        factories.past_meeting(twg), title="TWG going", status=ActionItem.Status.IN_PROGRESS
    )
    factories.action_item(factories.past_meeting(other), title="Committee open")
    factories.action_item(factories.past_meeting(), title="CoP open")
    client.force_login(factories.coordinator())

    def titles(**params):
        return sorted(a.title for a in overview(client, **params).context["actions"])

    assert titles(body=twg.slug) == ["TWG going", "TWG open"]
    assert titles(body=twg.slug, status="in-progress") == ["TWG going"]
    assert titles(body="cop") == ["CoP open"]
    response = overview(client, body="atlantis")
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize("who", ["visitor", "member", "lead"])
def test_the_overview_is_a_404_for_everyone_else(client, twg, lead, who):
    if who == "member":
        client.force_login(factories.member())
    elif who == "lead":
        client.force_login(lead)
    assert overview(client).status_code == 404


@pytest.mark.parametrize("count", [3, 12])
def test_the_overview_runs_a_fixed_number_of_queries(client, django_assert_num_queries, twg, count):
    coordinator = factories.coordinator()
    for i in range(count):
        body = factories.BodyFactory(name=f"TWG {i}", slug=f"twg-{i}") if i else twg
        meeting = factories.past_meeting(body)
        factories.action_item(meeting, owner_user=UserFactory())
        factories.action_item(
            meeting,
            owner_organisation=OrganisationFactory(),
            due_on=TODAY - datetime.timedelta(days=1),
        )
    client.force_login(coordinator)
    overview(client)

    # 1 session, 2 user, 3 staff-role check, 4 bodies for the filter; then the viewer's
    # visibility, as the action's page reads it: 5 their Person row (member access, focal
    # organisation), 6 administration-team check, 7 their granting seats; 8 the visible
    # actions with their meeting, body and owners.
    with django_assert_num_queries(8):
        response = overview(client)
    assert len(response.context["actions"]) == 2 * count


# --- Reminders ----------------------------------------------------------------------------


def test_reminders_go_the_day_before_a_meeting_once(send_on_commit):
    tomorrow_10 = timezone.make_aware(
        datetime.datetime.combine(TODAY + datetime.timedelta(days=1), datetime.time(10))
    )
    meeting = factories.meeting(starts_at=tomorrow_10, ends_at=tomorrow_10 + factories.HOUR)
    later = factories.meeting(starts_in=factories.DAY * 3, title="Later")
    cancelled = factories.meeting(
        starts_at=tomorrow_10, ends_at=tomorrow_10 + factories.HOUR, status=Meeting.Status.CANCELLED
    )
    confirmed, waiting, gone = factories.member(), factories.member(), factories.member()
    factories.register(meeting, confirmed)
    factories.register(meeting, waiting, Registration.Status.WAITLISTED)
    factories.register(meeting, gone, Registration.Status.CANCELLED)
    factories.register(later, factories.member())
    factories.register(cancelled, factories.member())

    with send_on_commit():
        call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
        call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115

    reminders = [m for m in mail.outbox if "Tomorrow at 10:00" in m.subject]
    assert sorted(m.to[0] for m in reminders) == sorted([confirmed.email, waiting.email])
    waiting_mail = next(m for m in reminders if m.to == [waiting.email])
    assert "waiting list" in waiting_mail.body
    meeting.refresh_from_db()
    assert meeting.reminded_at is not None  # the row says so: a later run skips it
    later.refresh_from_db()
    assert later.reminded_at is None


def test_action_owners_are_reminded_three_days_before_once(send_on_commit):
    meeting = factories.past_meeting()
    owner = factories.member()
    organisation = OrganisationFactory()
    focal = factories.focal_person(organisation).user
    soon = factories.action_item(
        meeting, owner_user=owner, due_on=TODAY + datetime.timedelta(days=3)
    )
    by_org = factories.action_item(meeting, owner_organisation=organisation, due_on=TODAY)
    later = factories.action_item(
        meeting, owner_user=owner, due_on=TODAY + datetime.timedelta(days=4)
    )
    done = factories.action_item(
        meeting, owner_user=owner, due_on=TODAY, status=ActionItem.Status.DONE
    )
    overdue = factories.action_item(
        meeting, owner_user=owner, due_on=TODAY - datetime.timedelta(days=1)
    )

    with send_on_commit():
        first = tasks.send_action_reminders.call()
        second = tasks.send_action_reminders.call()

    assert (first, second) == (2, 0)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([owner.email, focal.email])
    for action in (soon, by_org):
        action.refresh_from_db()
        assert action.reminded_at is not None
    for action in (later, done, overdue):
        action.refresh_from_db()
        assert action.reminded_at is None
