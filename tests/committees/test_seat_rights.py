"""Seats grant rights for as long as their term runs."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from committees.models import Body, Seat
from members import services as member_services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
REVIEW = "members.review_membershipapplication"
DECIDE = "members.decide_membershipapplication"
TODAY = datetime.date.today()


def fresh(user):
    """The user as the next request loads it (no cached permissions)."""
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def oversight():
    return Body.objects.create(kind=Body.Kind.OVERSIGHT, name="Oversight", slug="oversight")


def test_an_oversight_seat_grants_review_and_the_chair_decides(oversight):
    member, chair, outsider = UserFactory(), UserFactory(), UserFactory()
    Seat.objects.create(body=oversight, user=member, role=Seat.Role.MEMBER)
    Seat.objects.create(body=oversight, user=chair, role=Seat.Role.CHAIR)

    assert fresh(member).has_perm(REVIEW) and not fresh(member).has_perm(DECIDE)
    assert fresh(chair).has_perm(REVIEW) and fresh(chair).has_perm(DECIDE)
    assert not fresh(outsider).has_perm(REVIEW)


def test_rights_end_with_the_term(client, oversight):
    member = UserFactory()
    seat = Seat.objects.create(
        body=oversight, user=member, starts_on=TODAY - datetime.timedelta(days=400), ends_on=TODAY
    )
    client.force_login(member)
    assert client.get(reverse("members:review_queue")).status_code == 200

    seat.ends_on = TODAY - datetime.timedelta(days=1)
    seat.save()
    assert client.get(reverse("members:review_queue")).status_code == 404


def test_a_seat_starting_tomorrow_grants_nothing_yet(oversight):
    member = UserFactory()
    Seat.objects.create(body=oversight, user=member, starts_on=TODAY + datetime.timedelta(days=1))
    assert not fresh(member).has_perm(REVIEW)


def test_a_county_committee_seat_grants_no_membership_rights():
    from members.models import County

    county = County.objects.get(name="Kisumu")
    body = Body.objects.create(
        kind=Body.Kind.COUNTY, name="Kisumu CoP", slug="kisumu", county=county
    )
    member = UserFactory()
    Seat.objects.create(body=body, user=member, role=Seat.Role.CHAIR)
    assert not fresh(member).has_perm(REVIEW)


def test_seat_holders_are_told_about_applications_to_review(oversight):
    member = UserFactory()
    Seat.objects.create(body=oversight, user=member)
    ended = UserFactory()
    Seat.objects.create(
        body=oversight,
        user=ended,
        starts_on=TODAY - datetime.timedelta(days=30),
        ends_on=TODAY - datetime.timedelta(days=1),
    )
    recipients = member_services._users_with(REVIEW)
    assert member.email in recipients
    assert ended.email not in recipients
