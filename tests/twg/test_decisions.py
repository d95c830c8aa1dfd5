"""The Oversight Committee's status decisions on working groups."""

import datetime

import pytest
from django.urls import reverse

from committees.models import Seat
from tests.factories import administrator, convener, member, oversight, seat, working_group
from twg.models import StatusDecision, WorkingGroup

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
REASONS = {
    "relevance": "Financing is the sector's first gap.",
    "alignment": "Fits the National Social Protection Policy.",
    "stakeholder_interest": "Fourteen members asked for it.",
}


def decide_url(group):
    return reverse("twg:decide", kwargs={"slug": group.body.slug})


def oversight_chair():
    chair = member()
    seat(oversight(), chair, role=Seat.Role.CHAIR)
    return chair


def post(client, group, **data):
    return client.post(decide_url(group), {"decided_on": TODAY.isoformat(), **REASONS, **data})


def test_the_oversight_chair_establishes_a_proposed_group(client):
    group = working_group(status=WorkingGroup.Status.PROPOSED)
    convener(group.body, role=Seat.Role.CHAIR)
    chair = oversight_chair()
    client.force_login(chair)

    response = post(client, group, status="established", decided_on="2025-02-03")

    assert response.status_code == 302
    group.refresh_from_db()
    assert group.status == WorkingGroup.Status.ESTABLISHED
    decision = StatusDecision.objects.get()
    assert decision.decided_on == datetime.date(2025, 2, 3)
    assert decision.recorded_by == chair
    assert decision.relevance == REASONS["relevance"]


def test_the_administration_team_terminates_an_established_group(client):
    group = working_group(status=WorkingGroup.Status.ESTABLISHED)
    client.force_login(administrator())

    post(client, group, status="terminated")

    group.refresh_from_db()
    assert group.status == WorkingGroup.Status.TERMINATED
    assert StatusDecision.objects.get().status == WorkingGroup.Status.TERMINATED


def test_a_proposed_group_can_be_terminated(client):
    group = working_group(status=WorkingGroup.Status.PROPOSED)
    client.force_login(administrator())

    post(client, group, status="terminated")

    group.refresh_from_db()
    assert group.status == WorkingGroup.Status.TERMINATED


@pytest.mark.parametrize(
    ("current", "new"),
    [("established", "established"), ("terminated", "established"), ("terminated", "terminated")],
)
def test_invalid_transitions_are_refused(client, current, new):
    group = working_group(status=current)
    convener(group.body)
    client.force_login(administrator())

    response = post(client, group, status=new)

    assert response.status_code == 200
    assert "cannot become" in response.content.decode()
    group.refresh_from_db()
    assert group.status == current
    assert not StatusDecision.objects.exists()


def test_establishing_needs_a_lead_agency_and_a_current_chair(client):
    group = working_group(status=WorkingGroup.Status.PROPOSED, lead_agency=None)
    seat(
        group.body,
        role=Seat.Role.CHAIR,
        starts_on=TODAY - datetime.timedelta(days=90),
        ends_on=TODAY - datetime.timedelta(days=1),
    )
    client.force_login(administrator())

    response = post(client, group, status="established")

    html = response.content.decode()
    assert "it first needs a lead agency and a chair with a current seat" in html
    group.refresh_from_db()
    assert group.status == WorkingGroup.Status.PROPOSED
    assert not StatusDecision.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"relevance": ""}, "Give the reason about relevance to the sector."),
        ({"alignment": ""}, "Give the reason about alignment with the frameworks."),
        ({"stakeholder_interest": ""}, "Give the reason about stakeholder interest."),
        ({"status": ""}, "Choose the new status."),
        ({"status": "proposed"}, "Select a valid choice."),
        ({"decided_on": "next week"}, "Give the date as YYYY-MM-DD."),
        ({"decided_on": (TODAY + datetime.timedelta(days=2)).isoformat()}, "give today or an"),
    ],
)
def test_bad_input_is_refused_with_a_message(client, data, message):
    group = working_group(status=WorkingGroup.Status.ESTABLISHED)
    client.force_login(administrator())

    response = post(client, group, **{"status": "terminated", **data})

    assert response.status_code == 200
    assert message in response.content.decode()
    group.refresh_from_db()
    assert group.status == WorkingGroup.Status.ESTABLISHED
    assert not StatusDecision.objects.exists()


def test_an_oversight_member_who_is_not_chair_cannot_decide(client):
    group = working_group(status=WorkingGroup.Status.ESTABLISHED)
    reviewer = member()
    seat(oversight(), reviewer, role=Seat.Role.MEMBER)
    client.force_login(reviewer)

    assert client.get(decide_url(group)).status_code == 404
    assert post(client, group, status="terminated").status_code == 404
    group.refresh_from_db()
    assert group.status == WorkingGroup.Status.ESTABLISHED


def test_the_groups_own_lead_cannot_decide(client):
    group = working_group(status=WorkingGroup.Status.PROPOSED)
    client.force_login(convener(group.body))
    assert post(client, group, status="established").status_code == 404


def test_a_former_oversight_chair_cannot_decide(client):
    group = working_group(status=WorkingGroup.Status.ESTABLISHED)
    former = member()
    seat(
        oversight(),
        former,
        role=Seat.Role.CHAIR,
        starts_on=TODAY - datetime.timedelta(days=400),
        ends_on=TODAY - datetime.timedelta(days=1),
    )
    client.force_login(former)
    assert post(client, group, status="terminated").status_code == 404


def test_the_decide_page_shows_its_form(client):
    group = working_group(status=WorkingGroup.Status.PROPOSED)
    client.force_login(oversight_chair())

    response = client.get(decide_url(group))

    assert response.status_code == 200
    assert "Record a status decision" in response.content.decode()
