"""Joining and leaving a working group; the lead's requests and roster."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from committees.models import Seat
from members.models import Organisation
from tests.factories import UserFactory, administrator, convener, member, seat, working_group
from twg import services
from twg.models import JoinRequest, WorkingGroup

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
YESTERDAY = TODAY - datetime.timedelta(days=1)


def url(name, group, **kwargs):
    return reverse(f"twg:{name}", kwargs={"slug": group.body.slug, **kwargs})


def message_texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def current_members(group):
    return set(Seat.objects.current().filter(body=group.body).values_list("user", flat=True))


# --- Asking to join --------------------------------------------------------------------------


def test_a_member_asks_to_join_and_the_lead_is_mailed(client, send_on_commit, mailoutbox):
    group = working_group(name="Financing TWG")
    lead = convener(group.body)
    asker = member(user__full_name="Wanjiku Njeri")
    client.force_login(asker)

    with send_on_commit():
        response = client.post(url("join", group), {"motivation": "I run a cash programme."})

    assert response.status_code == 302
    join_request = JoinRequest.objects.get()
    assert join_request.user == asker and join_request.status == JoinRequest.Status.PENDING
    assert join_request.motivation == "I run a cash programme."
    assert [m.to for m in mailoutbox] == [[lead.email]]
    assert "Wanjiku Njeri asks to join Financing TWG" in mailoutbox[0].body
    assert url("requests", group) in mailoutbox[0].body


def test_joining_a_terminated_group_is_refused(client):
    group = working_group(status=WorkingGroup.Status.TERMINATED)
    client.force_login(member())

    response = client.post(url("join", group), follow=True)

    assert not JoinRequest.objects.exists()
    assert any("has been terminated" in text for text in message_texts(response))


def test_joining_twice_while_waiting_is_refused(client):
    group = working_group()
    asker = member()
    client.force_login(asker)
    client.post(url("join", group))

    response = client.post(url("join", group), follow=True)

    assert JoinRequest.objects.count() == 1
    assert any("already waiting for the lead" in text for text in message_texts(response))


def test_a_member_already_on_the_roster_cannot_ask_again(client):
    group = working_group()
    on_roster = member()
    seat(group.body, on_roster)
    client.force_login(on_roster)

    response = client.post(url("join", group), follow=True)

    assert not JoinRequest.objects.exists()
    assert any("already on the roster" in text for text in message_texts(response))


def test_a_non_member_cannot_ask_to_join(client):
    group = working_group()
    client.force_login(UserFactory())

    response = client.post(url("join", group), follow=True)

    assert not JoinRequest.objects.exists()
    assert any("Only members of the CoP" in text for text in message_texts(response))


def test_a_suspended_organisations_person_cannot_ask_to_join(client):
    group = working_group()
    asker = member(organisation__status=Organisation.Status.SUSPENDED)
    client.force_login(asker)

    client.post(url("join", group))

    assert not JoinRequest.objects.exists()


def test_a_visitor_is_asked_to_sign_in(client):
    group = working_group()
    response = client.post(url("join", group))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not JoinRequest.objects.exists()


def test_a_too_long_motivation_is_refused(client):
    group = working_group()
    client.force_login(member())

    response = client.post(url("join", group), {"motivation": "x" * 2001}, follow=True)

    assert not JoinRequest.objects.exists()
    assert any("at most 2000 characters" in text for text in message_texts(response))


def test_joining_is_a_post(client):
    group = working_group()
    client.force_login(member())
    assert client.get(url("join", group)).status_code == 405


# --- The lead's answers --------------------------------------------------------------------


def pending(group, user=None):
    return services.join_request_create(working_group=group, user=user or member())


def test_the_lead_sees_pending_requests(client, django_assert_num_queries):
    group = working_group()
    lead = convener(group.body)
    for _ in range(4):
        pending(group)
    for _ in range(3):
        seat(group.body)
    client.force_login(lead)

    # 1 session, 2 user, 3 the group, 4 its decisions (prefetched by the group's selector),
    # 5 lead check (staff groups), 6 lead check (seat); 7 requests with people and
    # organisations, 8 roster.
    with django_assert_num_queries(8):
        response = client.get(url("requests", group))

    assert len(response.context["pending_requests"]) == 4
    assert len(response.context["roster"]) == 4


def test_the_lead_approves_and_the_member_gets_a_seat_and_a_mail(
    client, send_on_commit, mailoutbox
):
    group = working_group(name="Policy TWG")
    lead = convener(group.body)
    asker = member()
    join_request = pending(group, asker)
    client.force_login(lead)

    with send_on_commit():
        response = client.post(url("request_approve", group, pk=join_request.pk))

    assert response.status_code == 302
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.APPROVED
    assert join_request.decided_by == lead
    new_seat = Seat.objects.current().get(body=group.body, user=asker)
    assert new_seat.role == Seat.Role.MEMBER
    assert new_seat.organisation == asker.person.organisation
    assert [m.to for m in mailoutbox] == [[asker.email]]
    assert "approved your request" in mailoutbox[0].body


def test_the_lead_declines_with_a_note_and_the_member_is_told(client, send_on_commit, mailoutbox):
    group = working_group()
    lead = convener(group.body)
    asker = member()
    join_request = pending(group, asker)
    client.force_login(lead)

    with send_on_commit():
        response = client.post(
            url("request_decline", group, pk=join_request.pk), {"note": "The group is full."}
        )

    assert response.status_code == 302
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.DECLINED
    assert join_request.note == "The group is full."
    assert not Seat.objects.filter(user=asker).exists()
    assert [m.to for m in mailoutbox] == [[asker.email]]
    assert "The group is full." in mailoutbox[0].body


def test_declining_without_a_note_is_refused(client):
    group = working_group()
    lead = convener(group.body)
    join_request = pending(group)
    client.force_login(lead)

    response = client.post(url("request_decline", group, pk=join_request.pk), {"note": "  "})

    assert response.status_code == 200
    assert "Say why you decline the request." in response.content.decode()
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.PENDING


def test_a_non_lead_cannot_see_or_answer_requests(client):
    group = working_group()
    convener(group.body)
    join_request = pending(group)
    on_roster = member()
    seat(group.body, on_roster)
    client.force_login(on_roster)

    assert client.get(url("requests", group)).status_code == 404
    assert client.post(url("request_approve", group, pk=join_request.pk)).status_code == 404
    response = client.post(url("request_decline", group, pk=join_request.pk), {"note": "No."})
    assert response.status_code == 404
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.PENDING


def test_the_lead_of_another_group_cannot_answer(client):
    group, other = working_group(), working_group()
    join_request = pending(group)
    client.force_login(convener(other.body))

    assert client.post(url("request_approve", group, pk=join_request.pk)).status_code == 404
    # Nor through their own group's address.
    assert client.post(url("request_approve", other, pk=join_request.pk)).status_code == 404
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.PENDING


def test_a_lead_whose_seat_ended_has_no_rights(client):
    group = working_group()
    former = member()
    seat(
        group.body,
        former,
        role=Seat.Role.CHAIR,
        starts_on=TODAY - datetime.timedelta(days=400),
        ends_on=YESTERDAY,
    )
    join_request = pending(group)
    client.force_login(former)

    assert client.get(url("requests", group)).status_code == 404
    assert client.post(url("request_approve", group, pk=join_request.pk)).status_code == 404


def test_the_administration_team_may_answer_requests(client):
    group = working_group()
    join_request = pending(group)
    client.force_login(administrator())

    client.post(url("request_approve", group, pk=join_request.pk))

    assert join_request.user_id in current_members(group)


def test_an_answered_request_cannot_be_answered_again(client):
    group = working_group()
    lead = convener(group.body)
    join_request = pending(group)
    services.join_request_approve(join_request=join_request, acting_user=lead)
    client.force_login(lead)

    assert client.post(url("request_approve", group, pk=join_request.pk)).status_code == 404
    assert Seat.objects.filter(user=join_request.user).count() == 1


def test_approving_someone_who_lost_membership_is_refused(client):
    group = working_group()
    lead = convener(group.body)
    asker = member()
    join_request = pending(group, asker)
    Organisation.objects.filter(pk=asker.person.organisation_id).update(
        status=Organisation.Status.SUSPENDED
    )
    client.force_login(lead)

    response = client.post(url("request_approve", group, pk=join_request.pk), follow=True)

    assert not Seat.objects.filter(user=asker).exists()
    assert any("no longer a member" in text for text in message_texts(response))


# --- Roster and leaving --------------------------------------------------------------------


def test_the_lead_removes_a_member_whose_rights_end_at_once(client):
    group = working_group()
    lead = convener(group.body)
    old = seat(group.body, starts_on=TODAY - datetime.timedelta(days=100))
    client.force_login(lead)

    client.post(url("roster_remove", group, seat_pk=old.pk))

    old.refresh_from_db()
    assert old.ends_on == YESTERDAY
    assert old.user_id not in current_members(group)


def test_removing_a_seat_that_started_today_deletes_it(client):
    group = working_group()
    lead = convener(group.body)
    new = seat(group.body, starts_on=TODAY)
    client.force_login(lead)

    client.post(url("roster_remove", group, seat_pk=new.pk))

    assert not Seat.objects.filter(pk=new.pk).exists()


def test_the_lead_cannot_remove_a_leading_seat(client):
    group = working_group()
    lead = convener(group.body)
    secretary = seat(group.body, role=Seat.Role.SECRETARY)
    client.force_login(lead)

    response = client.post(url("roster_remove", group, seat_pk=secretary.pk), follow=True)

    secretary.refresh_from_db()
    assert secretary.ends_on is None
    assert any("administration team" in text for text in message_texts(response))


def test_a_non_lead_cannot_remove_members(client):
    group = working_group()
    target = seat(group.body)
    on_roster = member()
    seat(group.body, on_roster)
    client.force_login(on_roster)

    assert client.post(url("roster_remove", group, seat_pk=target.pk)).status_code == 404
    target.refresh_from_db()
    assert target.ends_on is None


def test_a_member_leaves(client):
    group = working_group()
    leaver = member()
    own = seat(group.body, leaver, starts_on=TODAY - datetime.timedelta(days=50))
    client.force_login(leaver)

    response = client.post(url("leave", group), follow=True)

    own.refresh_from_db()
    assert own.ends_on == YESTERDAY
    assert leaver.pk not in current_members(group)
    assert any("You have left" in text for text in message_texts(response))


def test_a_member_who_joined_today_leaves_without_a_trace(client):
    group = working_group()
    leaver = member()
    own = seat(group.body, leaver, starts_on=TODAY)
    client.force_login(leaver)

    client.post(url("leave", group))

    assert not Seat.objects.filter(pk=own.pk).exists()


def test_leaving_a_group_one_is_not_on_is_refused(client):
    group = working_group()
    client.force_login(member())

    response = client.post(url("leave", group), follow=True)

    assert any("not on the roster" in text for text in message_texts(response))


def test_a_lead_must_hand_over_before_leaving(client):
    group = working_group()
    lead = convener(group.body)
    client.force_login(lead)

    response = client.post(url("leave", group), follow=True)

    assert lead.pk in current_members(group)
    assert any("leading seat" in text for text in message_texts(response))
