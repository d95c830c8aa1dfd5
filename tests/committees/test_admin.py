"""The committees' and working groups' records in the admin."""

import datetime

import pytest
from django.urls import reverse

from committees.models import ActionNote, CalendarFeed, Registration, Resolution
from tests.factories import (
    UserFactory,
    action_item,
    member,
    oversight,
    past_meeting,
    seat,
    working_group,
)
from twg.models import JoinRequest, StatusDecision, WorkingGroup

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def records():
    group = working_group()
    body = oversight()
    for _ in range(3):
        seat(body)
        seat(group.body)
    seat(
        body,
        starts_on=TODAY - datetime.timedelta(days=400),
        ends_on=TODAY - datetime.timedelta(days=1),
    )
    held = past_meeting(group.body)
    attendee = member()
    Registration.objects.create(meeting=held, user=attendee, status="confirmed")
    resolution = Resolution.objects.create(
        meeting=held, text="Adopt the plan.", recorded_by=attendee
    )
    action = action_item(held, resolution=resolution)
    ActionNote.objects.create(action=action, author=attendee, text="Started.", status="in-progress")
    CalendarFeed.objects.create(user=attendee, token="very-secret-token-value")
    JoinRequest.objects.create(working_group=group, user=member())
    StatusDecision.objects.create(
        working_group=group,
        status=WorkingGroup.Status.ESTABLISHED,
        relevance="Relevant.",
        alignment="Aligned.",
        stakeholder_interest="Wanted.",
    )
    return {"group": group, "action": action, "body": body}


MODELS = [
    "committees_body",
    "committees_seat",
    "committees_meeting",
    "committees_registration",
    "committees_resolution",
    "committees_actionitem",
    "committees_calendarfeed",
    "twg_workinggroup",
    "twg_joinrequest",
]


@pytest.mark.parametrize("model", MODELS)
def test_admin_lists_open(admin_client, records, model):
    response = admin_client.get(reverse(f"admin:{model}_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


@pytest.mark.parametrize(("term", "count"), [("current", 6), ("past", 1), ("future", 0)])
def test_seats_filter_by_term(admin_client, records, term, count):
    response = admin_client.get(reverse("admin:committees_seat_changelist"), {"term": term})
    assert response.context["cl"].result_count == count


def test_seat_list_runs_a_fixed_number_of_queries(admin_client, records):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("admin:committees_seat_changelist")

    def queries():
        with CaptureQueriesContext(connection) as context:
            admin_client.get(url)
        return len(context)

    before = queries()
    for _ in range(10):
        seat(records["body"])
    # Users, bodies and organisations come with the seats (list_select_related).
    assert queries() == before


def test_the_calendar_feed_never_shows_its_token(admin_client, records):
    feed = CalendarFeed.objects.get()
    for url in [
        reverse("admin:committees_calendarfeed_changelist"),
        reverse("admin:committees_calendarfeed_change", args=[feed.pk]),
    ]:
        html = admin_client.get(url).content.decode()
        assert "very-secret-token-value" not in html
    assert admin_client.get(reverse("admin:committees_calendarfeed_add")).status_code == 403


def test_a_working_group_shows_its_decisions_read_only(admin_client, records):
    group = records["group"]
    response = admin_client.get(reverse("admin:twg_workinggroup_change", args=[group.pk]))
    html = response.content.decode()
    assert "Relevant." in html
    assert 'name="decisions-0-relevance"' not in html
    assert 'name="status"' not in html


def test_the_action_item_shows_its_progress_notes(admin_client, records):
    url = reverse("admin:committees_actionitem_change", args=[records["action"].pk])
    assert "Started." in admin_client.get(url).content.decode()


def test_body_page_edits_its_seats(admin_client, records):
    url = reverse("admin:committees_body_change", args=[records["body"].pk])
    html = admin_client.get(url).content.decode()
    assert 'name="seats-0-role"' in html


def test_people_without_staff_rights_cannot_open_the_admin(client):
    client.force_login(UserFactory())
    response = client.get(reverse("admin:committees_seat_changelist"))
    # Sent to sign in (the admin's login is the portal's), never shown the list.
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_administration_team_keeps_committees_and_working_groups():
    from django.contrib.auth.models import Group

    team_member = UserFactory(is_staff=True)
    team_member.groups.add(Group.objects.get(name="Administration team"))
    for codename in (
        "committees.change_seat",
        "committees.change_meeting",
        "twg.change_workinggroup",
    ):
        assert team_member.has_perm(codename), codename


def test_a_committee_cannot_take_a_slug_the_addresses_use():
    from django.core.exceptions import ValidationError

    from committees.models import Body

    body = Body(kind=Body.Kind.STEERING, name="Steering", slug="meetings")
    with pytest.raises(ValidationError, match="used by the portal"):
        body.full_clean()
