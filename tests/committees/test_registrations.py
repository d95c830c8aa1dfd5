"""Registering for meetings: places, the waiting list, and who may register."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from committees import services
from committees.models import Meeting, Registration
from tests import factories
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def register(client, meeting):
    return client.post(reverse("committees:meeting_register", args=[meeting.pk]), follow=True)


def unregister(client, meeting):
    return client.post(reverse("committees:meeting_unregister", args=[meeting.pk]), follow=True)


def statuses(meeting):
    return list(
        Registration.objects.filter(meeting=meeting)
        .order_by("registered_at", "pk")
        .values_list("user__email", "status")
    )


def test_a_member_registers_and_takes_a_place(client):
    meeting = factories.meeting(capacity=2)
    member = factories.member()
    client.force_login(member)

    response = register(client, meeting)

    assert "your place is confirmed" in response.content.decode()
    assert statuses(meeting) == [(member.email, "confirmed")]


def test_once_full_people_are_waitlisted_in_order():
    meeting = factories.meeting(capacity=1)
    people = [factories.member() for _ in range(3)]
    for person in people:
        services.registration_create(meeting=meeting, user=person)

    assert [s for _, s in statuses(meeting)] == ["confirmed", "waitlisted", "waitlisted"]


def test_registering_twice_is_refused(client):
    meeting = factories.meeting()
    member = factories.member()
    client.force_login(member)
    register(client, meeting)

    response = register(client, meeting)

    assert "You are already registered for this meeting." in response.content.decode()
    assert Registration.objects.count() == 1


def test_a_cancelled_place_goes_to_the_first_person_waiting(client, send_on_commit):
    meeting = factories.meeting(capacity=1)
    first, second, third = factories.member(), factories.member(), factories.member()
    for person in (first, second, third):
        services.registration_create(meeting=meeting, user=person)
    client.force_login(first)

    with send_on_commit():
        response = unregister(client, meeting)

    assert "Your registration is cancelled." in response.content.decode()
    assert statuses(meeting) == [
        (first.email, "cancelled"),
        (second.email, "confirmed"),
        (third.email, "waitlisted"),
    ]
    assert [m.to for m in mail.outbox] == [[second.email]]
    assert "You have a place" in mail.outbox[0].subject


def test_leaving_the_waiting_list_promotes_nobody(send_on_commit):
    meeting = factories.meeting(capacity=1)
    first, second = factories.member(), factories.member()
    services.registration_create(meeting=meeting, user=first)
    services.registration_create(meeting=meeting, user=second)

    with send_on_commit():
        services.registration_cancel(meeting=meeting, user=second)

    assert statuses(meeting) == [(first.email, "confirmed"), (second.email, "cancelled")]
    assert mail.outbox == []


def test_registering_again_after_cancelling_joins_the_back_of_the_queue():
    meeting = factories.meeting(capacity=1)
    first, second = factories.member(), factories.member()
    services.registration_create(meeting=meeting, user=first)
    services.registration_cancel(meeting=meeting, user=first)
    services.registration_create(meeting=meeting, user=second)

    registration = services.registration_create(meeting=meeting, user=first)

    assert registration.status == Registration.Status.WAITLISTED


def test_unregistering_without_a_registration_is_refused(client):
    meeting = factories.meeting()
    client.force_login(factories.member())
    response = unregister(client, meeting)
    assert "You are not registered for this meeting." in response.content.decode()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"starts_in": -factories.HOUR},
            "This meeting has already started: registration is closed.",
        ),
        (
            {"starts_in": -factories.DAY * 3},
            "This meeting has already started: registration is closed.",
        ),
        ({"status": Meeting.Status.CANCELLED}, "This meeting was cancelled."),
        ({"registration_open": False}, "Registration for this meeting is closed."),
    ],
)
def test_registration_is_refused_with_a_clear_message(client, fields, message):
    meeting = factories.meeting(**fields)
    client.force_login(factories.member())

    response = register(client, meeting)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Registration.objects.exists()


def test_a_visitor_must_sign_in(client):
    meeting = factories.meeting(audience="public")
    response = client.post(reverse("committees:meeting_register", args=[meeting.pk]))
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Registration.objects.exists()


def test_registration_is_a_post(client):
    meeting = factories.meeting(audience="public")
    client.force_login(factories.member())
    response = client.get(reverse("committees:meeting_register", args=[meeting.pk]))
    assert response.status_code == 405


def test_a_non_member_cannot_register_for_a_members_meeting(client):
    meeting = factories.meeting(audience="members")
    client.force_login(UserFactory())

    assert register(client, meeting).status_code == 404
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied from the service
        services.registration_create(meeting=meeting, user=UserFactory())
    assert not Registration.objects.exists()


def test_anyone_signed_in_registers_for_a_public_meeting(client):
    meeting = factories.meeting(audience="public")
    outsider = UserFactory()
    client.force_login(outsider)
    register(client, meeting)
    assert statuses(meeting) == [(outsider.email, "confirmed")]


def test_a_body_only_meeting_is_for_its_seat_holders(client):
    twg = factories.BodyFactory()
    meeting = factories.meeting(twg, audience="body")
    client.force_login(factories.member())
    assert register(client, meeting).status_code == 404

    holder = factories.seat(twg).user
    client.force_login(holder)
    register(client, meeting)
    assert statuses(meeting) == [(holder.email, "confirmed")]


def test_unregistering_after_the_start_is_refused():
    meeting = factories.meeting(starts_in=-factories.HOUR)
    member = factories.member()
    factories.register(meeting, member)
    with pytest.raises(ValidationError):
        services.registration_cancel(meeting=meeting, user=member)
