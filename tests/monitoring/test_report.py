"""The chair's quarterly report: generated, reviewed by the administration team, sent once
to the Oversight and Steering Committees, filed as a committee document."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from committees.models import Body
from monitoring import services
from monitoring.models import QuarterlyReport
from repository.models import Document
from tests.factories import (
    BodyFactory,
    administrator,
    coordinator,
    member,
    oversight,
    seat,
)
from tests.factories.monitoring import Q2, quarter_of_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def committees():
    chair = seat(oversight(), role="chair").user
    steering = BodyFactory(kind=Body.Kind.STEERING, name="Steering", slug="steering")
    return [chair, seat(steering).user, seat(steering, chair).user]


def test_the_administration_team_writes_and_sends_the_report(committees, send_on_commit):
    quarter_of_activity()
    team = administrator()
    services.report_save_commentary(quarter=Q2, acting_user=team, commentary="A lively quarter.")
    with send_on_commit():
        report = services.report_send(quarter=Q2, acting_user=team)
    # Two people (the chair sits on both committees): one e-mail each.
    assert report.recipient_count == 2
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        {user.email for user in committees}
    )
    message = mail.outbox[0]
    assert "The chair's quarterly report, 2026 Q2" in message.subject
    html = message.alternatives[0][0]
    assert "A lively quarter." in html and "/monitoring/reports/2026-q2/" in html
    assert "Active people" in html
    document = report.document
    assert document.visibility == Document.Visibility.COMMITTEE
    assert document.body.kind == Body.Kind.OVERSIGHT
    assert report.events.filter(action="sent").exists()


def test_a_report_is_sent_once(committees, send_on_commit):
    team = administrator()
    services.report_save_commentary(quarter=Q2, acting_user=team, commentary="Text.")
    services.report_send(quarter=Q2, acting_user=team)
    with pytest.raises(ValidationError):
        services.report_send(quarter=Q2, acting_user=team)
    with pytest.raises(ValidationError):
        services.report_save_commentary(quarter=Q2, acting_user=team, commentary="Changed.")
    assert Document.objects.count() == 1


def test_a_report_without_commentary_is_not_sent(committees):
    with pytest.raises(ValidationError):
        services.report_send(quarter=Q2, acting_user=administrator())
    services.report_save_commentary(quarter=Q2, acting_user=administrator(), commentary=" ")
    with pytest.raises(ValidationError):
        services.report_send(quarter=Q2, acting_user=administrator())
    assert not Document.objects.exists()


@pytest.mark.parametrize("who", [coordinator, member])
def test_only_the_administration_team_edits_and_sends(committees, who):
    with pytest.raises(PermissionDenied):
        services.report_save_commentary(quarter=Q2, acting_user=who(), commentary="x")
    with pytest.raises(PermissionDenied):
        services.report_send(quarter=Q2, acting_user=who())


def test_committee_members_read_the_report_and_members_do_not(client, committees):
    url = reverse("monitoring:report", kwargs={"slug": Q2.slug})
    client.force_login(committees[0])
    body = client.get(url).content.decode()
    assert "Headline figures" in body and "Send the report" not in body
    client.force_login(member())
    assert client.get(url).status_code == 404


def test_the_team_reviews_and_sends_on_the_page(client, committees, send_on_commit):
    client.force_login(administrator())
    url = reverse("monitoring:report_commentary", kwargs={"slug": Q2.slug})
    response = client.post(url, {"commentary": ""})
    assert "This field is required." in response.content.decode()
    assert not QuarterlyReport.objects.exists()
    client.post(url, {"commentary": "Participation grew."})
    with send_on_commit():
        response = client.post(
            reverse("monitoring:report_send", kwargs={"slug": Q2.slug}), follow=True
        )
    assert "sent to 2 people" in response.content.decode()
    assert len(mail.outbox) == 2
