"""The notice: versioned, in English and Kiswahili, with what the Act requires; a new
version is put to each signed-in person once, and their reading is recorded."""

import pytest
from django.urls import reverse

from privacy import notices, services
from privacy.models import Consent
from tests.accounts.test_signup import SIGNUP
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

READ = "Read the new privacy notice"


def test_the_notice_says_what_the_act_requires(client):
    content = client.get(reverse("privacy")).content.decode()
    for required in [
        "data controller",
        "data protection officer",
        "info@socialprotection.or.ke",
        "Lawful basis",
        "Who receives it",
        "Transfers outside Kenya",
        "How long we keep it",
        "365 days after the decision",
        "Your rights and how to use them",
        "Office of the Data Protection Commissioner",
        "72 hours",
        f"Version {notices.current().version}",
    ]:
        assert required in content, required


def test_the_notice_keeps_its_address(client):
    assert reverse("privacy") == "/privacy/" == reverse("privacy:notice")


def test_the_notice_is_in_kiswahili(client):
    client.cookies["django_language"] = "sw"
    content = client.get(reverse("privacy"), HTTP_ACCEPT_LANGUAGE="sw").content.decode()
    assert "Haki zako na jinsi ya kuzitumia" in content
    assert "Ofisi ya Kamishna wa Ulinzi wa Data" in content
    assert "Your rights and how to use them" not in content


def test_the_retention_periods_shown_are_the_ones_enforced(client, settings):
    settings.PRIVACY_RETENTION_DAYS = {"closed_applications": 200}
    assert "200 days after the decision" in client.get(reverse("privacy")).content.decode()


def test_an_unknown_version_is_404(client):
    assert client.get(reverse("privacy:notice_version", args=["1999-01"])).status_code == 404


def test_a_signed_in_person_who_has_not_read_the_version_is_asked_on_every_page(client):
    user = UserFactory()
    client.force_login(user)

    home = client.get(reverse("home")).content.decode()
    profile = client.get(reverse("accounts:profile")).content.decode()

    assert READ in home and READ in profile


def test_reading_the_notice_is_recorded_and_the_question_goes(client):
    user = UserFactory()
    client.force_login(user)
    page = client.get(reverse("privacy") + "?next=/me/profile/").content.decode()
    assert "I have read this notice" in page

    response = client.post(reverse("privacy:acknowledge"), {"next": "/me/profile/"})

    assert response.status_code == 302 and response["Location"] == "/me/profile/"
    consent = Consent.objects.get(user=user, purpose=Consent.Purpose.NOTICE)
    assert consent.notice_version == notices.current().version
    assert consent.method == Consent.Method.NOTICE_PAGE
    assert READ not in client.get(reverse("home")).content.decode()
    # Signing in again later: the reading is remembered.
    client.logout()
    client.force_login(user)
    assert READ not in client.get(reverse("home")).content.decode()


def test_acknowledging_twice_records_once(client):
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("privacy:acknowledge"))
    client.post(reverse("privacy:acknowledge"))
    assert Consent.objects.filter(user=user, purpose=Consent.Purpose.NOTICE).count() == 1


def test_acknowledging_goes_nowhere_outside_the_site(client):
    client.force_login(UserFactory())
    response = client.post(reverse("privacy:acknowledge"), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("privacy:notice")


def test_acknowledging_needs_a_signed_in_person_and_a_post(client):
    assert client.post(reverse("privacy:acknowledge")).status_code == 302
    assert not Consent.objects.exists()
    client.force_login(UserFactory())
    assert client.get(reverse("privacy:acknowledge")).status_code == 405


def test_a_visitor_is_not_asked(client):
    assert READ not in client.get(reverse("home")).content.decode()


def test_a_new_version_asks_again(client, monkeypatch):
    import datetime

    user = UserFactory()
    services.notice_acknowledge(user=user)
    newer = notices.Notice(
        version="2027-06", effective=datetime.date(2000, 1, 1), changes="Something new."
    )
    monkeypatch.setattr(notices, "VERSIONS", (*notices.VERSIONS, newer))
    first = notices.VERSIONS[0].template("en")
    monkeypatch.setattr(notices.Notice, "template", lambda self, language: first)
    client.force_login(user)

    assert READ in client.get(reverse("home")).content.decode()
    assert "Something new." in client.get(reverse("privacy")).content.decode()


def test_signing_up_records_the_account_consent_and_the_reading(client, send_on_commit):
    with send_on_commit():
        client.post(reverse("account_signup"), SIGNUP)

    purposes = set(Consent.objects.values_list("purpose", "method", "notice_version"))
    version = notices.current().version
    assert purposes == {
        (Consent.Purpose.ACCOUNT, Consent.Method.SIGN_UP, version),
        (Consent.Purpose.NOTICE, Consent.Method.SIGN_UP, version),
    }


def test_the_question_costs_no_query(client, django_assert_num_queries):
    """Whether to ask is read from the session, filled at sign-in: the home page of a
    signed-in person costs the same with the reminder as without."""
    user = UserFactory()
    client.force_login(user)
    client.get(reverse("home"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as asked:
        assert READ in client.get(reverse("home")).content.decode()
    client.post(reverse("privacy:acknowledge"))
    client.get(reverse("home"))  # shows (and uses up) the thank-you message
    with CaptureQueriesContext(connection) as read:
        assert READ not in client.get(reverse("home")).content.decode()
    assert len(asked) == len(read)
