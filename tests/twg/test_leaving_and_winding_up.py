"""What leaving a working group and terminating one do to its seats, meetings and mail: places
freed for those waiting, meetings cancelled with notice, the body kept for the record."""

import datetime

import pytest
from django.core import mail

from committees import services
from committees.models import Body, Meeting, Registration, Seat
from tests import factories
from twg import services as twg_services
from twg.models import WorkingGroup

pytestmark = pytest.mark.django_db


def test_leaving_a_group_frees_places_at_its_members_only_meetings(send_on_commit):
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


def test_terminating_a_group_ends_its_seats_and_cancels_its_meetings(send_on_commit):
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
