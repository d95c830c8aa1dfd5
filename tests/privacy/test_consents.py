"""The consent ledger on the privacy page: each use switched on and off with one button,
every change recorded with the notice version, how and when."""

import pytest
from django.urls import reverse

from bulletin.models import Subscriber
from core.personal_data import consent_changed
from privacy import notices
from privacy.models import Consent
from tests.factories import UserFactory, member

pytestmark = pytest.mark.django_db


def test_withdrawing_is_one_button_and_is_recorded(client):
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("privacy:consent", args=["digests"]), {"give": "yes"})
    given = Consent.objects.get(user=user, purpose="digests")
    assert given.notice_version == notices.current().version
    assert given.method == Consent.Method.PRIVACY_PAGE

    response = client.post(reverse("privacy:consent", args=["digests"]), follow=True)

    given.refresh_from_db()
    assert given.withdrawn_at is not None
    assert given.withdrawn_how == Consent.Method.PRIVACY_PAGE
    assert "Withdrawn: Digests of discussions by e-mail." in response.content.decode()


def test_giving_again_makes_a_new_entry_and_keeps_the_old(client):
    user = UserFactory()
    client.force_login(user)
    for give in ("yes", "", "yes"):
        client.post(reverse("privacy:consent", args=["directory"]), {"give": give})
    rows = Consent.objects.filter(user=user, purpose="directory").order_by("given_at", "pk")
    assert [row.withdrawn_at is None for row in rows] == [False, True]


def test_apps_hear_of_each_change():
    heard = []

    def listener(sender, user, purpose, given, **kwargs):
        heard.append((purpose, given))

    consent_changed.connect(listener)
    try:
        from privacy import services

        user = UserFactory()
        services.consent_give(user=user, purpose="digests")
        services.consent_withdraw(user=user, purpose="digests")
    finally:
        consent_changed.disconnect(listener)
    assert heard == [("digests", True), ("digests", False)]


def test_withdrawing_the_bulletin_ends_the_subscription(client):
    user = member()
    client.force_login(user)

    client.post(reverse("privacy:consent", args=["bulletin"]))

    assert Subscriber.objects.get(user=user).status == Subscriber.Status.UNSUBSCRIBED
    page = client.get(reverse("privacy:my_data")).content.decode()
    assert "Switch on: The quarterly bulletin by e-mail" in page


def test_the_account_consent_and_made_up_purposes_cannot_be_switched(client):
    client.force_login(UserFactory())
    assert client.post(reverse("privacy:consent", args=["account"])).status_code == 404
    assert client.post(reverse("privacy:consent", args=["marketing"])).status_code == 404
    assert not Consent.objects.exists()


def test_switching_needs_a_signed_in_person_and_a_post(client):
    response = client.post(reverse("privacy:consent", args=["digests"]), {"give": "yes"})
    assert response.status_code == 302
    assert not Consent.objects.exists()
    client.force_login(UserFactory())
    assert client.get(reverse("privacy:consent", args=["digests"])).status_code == 405


def test_the_privacy_page_shows_only_ones_own_ledger(client):
    other = UserFactory()
    from privacy import services

    services.consent_give(user=other, purpose="directory")
    client.force_login(UserFactory())
    page = client.get(reverse("privacy:my_data")).content.decode()
    assert "Switch on: Being listed as a contact in the directory" in page
    assert "The record of your consents" not in page


def test_the_privacy_page_costs_the_same_with_a_long_ledger(client, django_assert_num_queries):
    from privacy import services

    user = member()
    client.force_login(user)
    for _ in range(3):
        services.consent_give(user=user, purpose="digests")
        services.consent_withdraw(user=user, purpose="digests")
    client.get(reverse("privacy:my_data"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("privacy:my_data"))
    for _ in range(20):
        services.consent_give(user=user, purpose="directory")
        services.consent_withdraw(user=user, purpose="directory")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("privacy:my_data"))
    assert len(few) == len(many)
