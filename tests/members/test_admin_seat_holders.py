"""Committee members in the admin (issue 14): a current seat that grants reviewing or deciding
opens the admin without a hand-set ``is_staff``, shows the membership applications and nothing
else, and lets each right do what it grants, through the services; the seat's end ends it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from committees.models import Seat
from members.models import (
    MembershipApplication,
)
from tests.factories import (
    BodyFactory,
    admin_login,
    application_under_review,
    member,
    oversight,
    seat,
)

pytestmark = pytest.mark.django_db

App = MembershipApplication
CHANGELIST = "admin:members_membershipapplication_changelist"


def change_url(application):
    return reverse("admin:members_membershipapplication_change", args=[application.pk])


def decide_url(application):
    return reverse("admin:members_membershipapplication_decide", args=[application.pk])


def run_action(client, action, applications, **data):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [a.pk for a in applications], **data},
    )


def actions(application):
    return list(application.events.values_list("action", flat=True))


def yesterday():
    return timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture
def chair():
    """The chair of the Oversight Committee: a member, not staff; the seat grants reviewing
    and deciding."""
    return seat(oversight(), role=Seat.Role.CHAIR).user


@pytest.fixture
def chair_client(client, chair):
    return admin_login(client, chair)


@pytest.fixture
def committee_member():
    """An ordinary member of the Oversight Committee: the seat grants reviewing only."""
    return seat(oversight()).user


@pytest.fixture
def reviewer_client(client, committee_member):
    return admin_login(client, committee_member)


# --- Entering the admin -----------------------------------------------------------------------


def test_oversight_chair_who_is_not_staff_opens_the_admin_index(chair_client, chair):
    assert not chair.is_staff

    assert chair_client.get(reverse("admin:index")).status_code == 200


def test_the_admin_login_sends_a_seat_holder_with_two_factor_to_the_index(chair_client):
    response = chair_client.get(reverse("admin:login"))

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_seat_holder_without_two_factor_is_sent_to_set_it_up(client, chair):
    application = application_under_review()
    client.force_login(chair)

    index = client.get(reverse("admin:index"))
    assert index.status_code == 302
    login = client.get(index["Location"])
    assert login.status_code == 302
    assert login["Location"] == reverse("mfa_activate_totp")
    assert client.get(reverse(CHANGELIST)).status_code == 302
    assert client.get(change_url(application)).status_code == 302


def test_seat_that_ended_yesterday_gives_nothing(client, mailoutbox):
    former = seat(
        oversight(),
        role=Seat.Role.CHAIR,
        starts_on=timezone.localdate() - datetime.timedelta(days=400),
        ends_on=yesterday(),
    ).user
    application = application_under_review()
    admin_login(client, former)
    events = application.events.count()
    mailoutbox.clear()

    assert client.get(reverse("admin:login")).status_code == 403
    assert client.get(reverse("admin:index")).status_code == 302
    assert client.get(reverse(CHANGELIST)).status_code == 302
    assert client.get(change_url(application)).status_code == 302
    assert client.get(decide_url(application)).status_code == 302
    response = run_action(client, "application_approve", [application], post="yes", reason="Good.")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    application.refresh_from_db()
    assert application.status == App.Status.UNDER_REVIEW
    assert application.events.count() == events
    assert mailoutbox == []


def test_seat_ending_today_still_counts_today(client):
    holder = seat(oversight(), role=Seat.Role.CHAIR, ends_on=timezone.localdate()).user
    admin_login(client, holder)

    assert client.get(reverse("admin:index")).status_code == 200


def test_plain_member_without_a_seat_gets_nothing(client):
    application = application_under_review()
    admin_login(client, member())

    assert client.get(reverse("admin:login")).status_code == 403
    assert client.get(reverse("admin:index")).status_code == 302
    assert client.get(reverse(CHANGELIST)).status_code == 302
    assert client.get(change_url(application)).status_code == 302


def test_chair_of_a_body_that_grants_no_right_gets_nothing(client):
    """A working group's chair convenes its meetings; the seat gives no right here."""
    lead = seat(BodyFactory(), role=Seat.Role.CHAIR).user
    admin_login(client, lead)

    assert client.get(reverse("admin:login")).status_code == 403
    assert client.get(reverse("admin:index")).status_code == 302
