"""The administration team's registers: data-subject requests with their deadline and
outcome, breaches with their notifications and the affected people's contacts."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from privacy.models import Breach, DataSubjectRequest
from tests.factories import UserFactory, admin_action, admin_login, messages_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator_client(client):
    return admin_login(client, UserFactory(is_staff=True, is_superuser=True))


def test_a_request_gets_its_deadline_from_its_kind(administrator_client):
    response = administrator_client.post(
        reverse("admin:privacy_datasubjectrequest_add"),
        {
            "kind": "access",
            "requester_name": "Halima Abdi",
            "requester_email": "halima@example.org",
            "details": "A copy of everything.",
            "how_verified": "Called back on the number in the directory.",
            "received_on": "2026-12-01",
        },
    )
    assert response.status_code == 302
    request = DataSubjectRequest.objects.get()
    assert request.deadline == date(2026, 12, 8)
    assert request.status == DataSubjectRequest.Status.OPEN
    assert request.recorded_by is not None


def test_a_request_form_without_what_was_asked_stores_nothing(administrator_client):
    response = administrator_client.post(
        reverse("admin:privacy_datasubjectrequest_add"),
        {"kind": "access", "requester_name": "Halima Abdi", "received_on": "2026-12-01"},
    )
    assert response.status_code == 200
    assert not DataSubjectRequest.objects.exists()


def test_answering_a_request_records_the_action(administrator_client):
    request = DataSubjectRequest.objects.create(
        kind="erasure", requester_name="Otieno", details="Delete me."
    )
    response = admin_action(
        administrator_client,
        "privacy_datasubjectrequest",
        "answer_requests",
        [request],
        post="yes",
        reason="Account closed on the privacy page.",
    )
    assert ("success", "1 requests answered.") in messages_of(response)
    request.refresh_from_db()
    assert request.status == DataSubjectRequest.Status.DONE
    assert request.done_on == timezone.localdate()
    assert request.action_taken == "Account closed on the privacy page."


def test_an_answered_request_is_not_answered_again(administrator_client):
    request = DataSubjectRequest.objects.create(
        kind="access", requester_name="Otieno", details="A copy.", status="done"
    )
    response = admin_action(
        administrator_client,
        "privacy_datasubjectrequest",
        "refuse_requests",
        [request],
        post="yes",
        reason="No.",
    )
    assert any("already been answered" in text for _level, text in messages_of(response))


def test_an_overdue_request_is_shown_as_such():
    request = DataSubjectRequest.objects.create(
        kind="access",
        requester_name="Otieno",
        details="A copy.",
        received_on=timezone.localdate() - timedelta(days=30),
    )
    assert request.is_overdue


def test_a_breach_records_its_notifications(administrator_client):
    breach = Breach.objects.create(
        title="Mis-sent e-mail",
        description="A list went to the wrong address.",
        discovered_at=timezone.now(),
    )
    admin_action(administrator_client, "privacy_breach", "commissioner_notified", [breach])
    second = admin_action(administrator_client, "privacy_breach", "commissioner_notified", [breach])
    breach.refresh_from_db()
    assert breach.commissioner_notified_at is not None
    assert any("already recorded" in text for _level, text in messages_of(second))
    assert breach.commissioner_deadline == breach.discovered_at + timedelta(hours=72)


def test_the_affected_peoples_contacts_export_as_csv(administrator_client):
    affected = UserFactory(full_name="Njeri Wambui", phone="+254 711 000 111")
    closed = UserFactory(is_active=False)
    breach = Breach.objects.create(
        title="Lost laptop", description="Lost.", discovered_at=timezone.now()
    )
    breach.people.add(affected, closed)

    response = admin_action(administrator_client, "privacy_breach", "export_contacts", [breach])

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["breach", "full_name", "email", "phone", "preferred_language"]
    assert rows[1][:4] == ["Lost laptop", "Njeri Wambui", affected.email, "+254 711 000 111"]
    assert len(rows) == 2


def test_the_registers_are_closed_to_staff_without_the_right(client):
    admin_login(client, UserFactory(is_staff=True))
    assert client.get(reverse("admin:privacy_breach_changelist")).status_code == 403
    assert client.get(reverse("admin:privacy_datasubjectrequest_changelist")).status_code == 403


def test_the_breach_list_costs_the_same_with_more_breaches(administrator_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            administrator_client.get(reverse("admin:privacy_breach_changelist"))
        return len(queries)

    Breach.objects.create(title="One", description="x", discovered_at=timezone.now())
    few = count()
    for number in range(10):
        Breach.objects.create(title=f"B{number}", description="x", discovered_at=timezone.now())
    assert count() == few


def test_the_administration_team_keeps_the_registers_and_closes_accounts(client):
    from tests.factories import administrator

    person = UserFactory()
    team_member = administrator()
    team_member.is_staff = True
    team_member.save()
    admin_login(client, team_member)

    assert client.get(reverse("admin:privacy_breach_changelist")).status_code == 200
    assert client.get(reverse("admin:privacy_datasubjectrequest_add")).status_code == 200
    admin_action(
        client, "accounts_user", "close_accounts", [person], post="yes", reason="Letter, checked."
    )
    person.refresh_from_db()
    assert not person.is_active
