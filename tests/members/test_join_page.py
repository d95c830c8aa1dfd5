"""The page a visitor reads before any account: what membership is, who can join how, the
steps and how long they have taken lately, what to prepare, and the way in."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import MembershipApplication
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

JOIN = reverse("members:join")
APPLY = reverse("members:apply")


def decided(submitted_days_ago, waited_days):
    submitted = timezone.now() - datetime.timedelta(days=submitted_days_ago)
    return MembershipApplication.objects.create(
        applicant=UserFactory(),
        kind=MembershipApplication.Kind.INSTITUTIONAL,
        organisation_name="Org",
        status=MembershipApplication.Status.APPROVED,
        submitted_at=submitted,
        decided_at=submitted + datetime.timedelta(days=waited_days),
    )


def test_a_visitor_reads_what_joining_means_before_any_account(client):
    response = client.get(JOIN)

    assert response.status_code == 200
    page = response.content.decode()
    for fact in (
        "Membership is free",
        "An institution",
        "A person on their own (an exemption)",
        "For a limited time",
        "nominates it, or endorses its application",
        "The Oversight Committee reviews it",
        "registration details",
        "Certificate of registration",
    ):
        assert fact in page, fact
    assert f'href="{reverse("account_signup")}?next=/members/apply/"' in page
    assert f'href="{reverse("account_login")}?next=/members/apply/"' in page


def test_the_main_menu_leads_to_the_join_page_not_to_a_sign_in(client):
    page = client.get(reverse("home")).content.decode()

    assert f'<a href="{JOIN}"' in page
    assert f'<a href="{APPLY}"' not in page


def test_a_signed_in_person_goes_straight_to_the_application(client):
    client.force_login(UserFactory())

    page = client.get(JOIN).content.decode()

    assert f'href="{APPLY}"' in page
    assert reverse("account_signup") + "?next" not in page


def test_how_long_decisions_took_is_told_once_there_are_enough(client):
    decided(90, 10)
    decided(60, 20)
    assert "half took" not in client.get(JOIN).content.decode()  # two are too few to tell

    decided(40, 30)

    page = client.get(JOIN).content.decode()
    assert "Of the last 3 applications decided, half took 20 days or less" in page
    assert "the longest took 30 days" in page


def test_the_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    for n in range(5):
        decided(100 - n, n + 1)
    with django_assert_num_queries(1):
        client.get(JOIN)
