"""Boundaries a review found: names kept from visitors, rights tied to membership, the
moderator not running committees, mail not reaching people who lost access, reminders after a
move, terminated groups winding up."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from committees import services, tasks
from committees.models import Body, Meeting, Registration, Seat
from members.models import Organisation
from tests import factories

pytestmark = pytest.mark.django_db
REVIEW = "members.review_membershipapplication"


def test_visitors_never_see_an_action_owners_name_or_address(client):
    held = factories.past_meeting(audience=Meeting.Audience.PUBLIC)
    owner = factories.member(user__full_name="", user__email="private.person@example.org")
    action = factories.action_item(held, owner_user=owner)
    for url in (held.get_absolute_url(), reverse("committees:action", args=[action.pk])):
        page = client.get(url).content.decode()
        assert "private.person@example.org" not in page
        assert "A member" in page


def test_a_suspended_organisations_seat_holder_loses_seat_rights():
    oversight = factories.oversight()
    organisation = factories.member().person.organisation
    chair = factories.member(organisation=organisation)
    Seat.objects.create(body=oversight, user=chair, role="chair", organisation=organisation)
    assert get_user_model().objects.get(pk=chair.pk).has_perm(REVIEW)

    Organisation.objects.filter(pk=organisation.pk).update(status="suspended")
    assert not get_user_model().objects.get(pk=chair.pk).has_perm(REVIEW)


def test_a_content_coordinator_does_not_run_a_committee(client):
    oversight = factories.oversight()
    sitting = factories.meeting(oversight, audience=Meeting.Audience.BODY)
    client.force_login(factories.coordinator())
    assert client.get(sitting.get_absolute_url()).status_code == 404
    response = client.post(reverse("committees:meeting_cancel", args=[sitting.pk]), {"reason": "x"})
    assert response.status_code == 404
    sitting.refresh_from_db()
    assert sitting.status == Meeting.Status.SCHEDULED


def test_leaving_a_group_frees_places_at_its_members_only_meetings(send_on_commit):
    from twg import services as twg_services
    from twg.models import WorkingGroup

    body = factories.BodyFactory()
    group = WorkingGroup.objects.create(body=body, purpose="p", status="established")
    leaver, waiting = factories.member(), factories.member()
    factories.seat(body, leaver, starts_on=datetime.date.today() - datetime.timedelta(days=30))
    factories.seat(body, waiting)
    sitting = factories.meeting(body, audience=Meeting.Audience.BODY, capacity=1)
    factories.register(sitting, leaver)
    factories.register(sitting, waiting, Registration.Status.WAITLISTED)

    with send_on_commit():
        twg_services.working_group_leave(working_group=group, user=leaver)

    assert Registration.objects.get(meeting=sitting, user=leaver).status == "cancelled"
    assert Registration.objects.get(meeting=sitting, user=waiting).status == "confirmed"
    assert [m.to for m in mail.outbox] == [[waiting.email]]


def test_a_moved_meeting_is_reminded_again(send_on_commit):
    body = factories.BodyFactory()
    lead = factories.convener(body)
    sitting = factories.meeting(body, starts_in=factories.DAY)
    factories.register(sitting, factories.member())
    with send_on_commit():
        tasks.send_meeting_reminders.call(today=datetime.date.today().isoformat())
    sitting.refresh_from_db()
    assert sitting.reminded_at is not None

    services.meeting_update(
        meeting=sitting,
        acting_user=lead,
        starts_at=sitting.starts_at + 7 * factories.DAY,
        ends_at=sitting.ends_at + 7 * factories.DAY,
    )
    sitting.refresh_from_db()
    assert sitting.reminded_at is None


def test_terminating_a_group_ends_its_seats_and_cancels_its_meetings(send_on_commit):
    from twg import services as twg_services
    from twg.models import WorkingGroup

    body = factories.BodyFactory()
    group = WorkingGroup.objects.create(body=body, purpose="p", status="established")
    lead = factories.seat(
        body, role="chair", starts_on=datetime.date.today() - datetime.timedelta(days=60)
    ).user
    registered = factories.member()
    coming = factories.meeting(body)
    factories.register(coming, registered)
    decider = factories.administrator()

    with send_on_commit():
        twg_services.working_group_decide(
            working_group=group,
            status=WorkingGroup.Status.TERMINATED,
            decided_on=datetime.date.today(),
            acting_user=decider,
            relevance="The topic moved to another forum.",
            alignment="Covered by the new policy's own structures.",
            stakeholder_interest="No meeting in a year.",
        )

    coming.refresh_from_db()
    assert coming.status == Meeting.Status.CANCELLED
    assert "terminated" in coming.cancel_reason
    assert not Seat.objects.current().filter(body=body).exists()
    assert not services.selectors.can_convene(lead, body)
    assert any(m.to == [registered.email] for m in mail.outbox)
    assert Body.objects.filter(pk=body.pk).exists()
