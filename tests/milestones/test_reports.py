"""The administration team's reports page: verify or return from it, who has reported, and a
404 for anyone else; the yearly reminder mails each organisation once."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from members.models import ReachFigure
from milestones.models import ReportReminder
from tests.factories import (
    ProgrammeFactory,
    UserFactory,
    administrator,
    focal_person,
    member,
    reported_figure,
)

pytestmark = pytest.mark.django_db

REPORTS = reverse("milestones:reports")


@pytest.fixture
def team(client):
    user = administrator()
    client.force_login(user)
    return user


def test_the_team_sees_waiting_figures_and_who_has_not_reported(client, team):
    figure = reported_figure(year=2025, county="nairobi", reached=4321)
    silent = ProgrammeFactory(organisation__name="Silent Org")

    html = client.get(REPORTS + "?year=2025").content.decode()

    assert "4,321" in html
    assert figure.programme.name in html
    assert "Silent Org" in html
    assert "1 organisation has not reported." in html
    assert silent.organisation.name in html


@pytest.mark.parametrize("who", ["visitor", "member", "focal", "staff"])
def test_anyone_else_gets_a_404_or_the_sign_in(client, who):
    figure = reported_figure()
    if who == "member":
        client.force_login(member())
    elif who == "focal":
        client.force_login(figure.reported_by)
    elif who == "staff":
        client.force_login(UserFactory(is_staff=True))
    response = client.get(REPORTS)
    verify = client.post(reverse("milestones:verify", args=[figure.pk]))

    if who == "visitor":
        assert response.status_code == verify.status_code == 302
    else:
        assert response.status_code == verify.status_code == 404
    figure.refresh_from_db()
    assert figure.status == ReachFigure.Status.REPORTED


def test_the_team_verifies_from_the_page(client, team):
    figure = reported_figure()

    response = client.post(reverse("milestones:verify", args=[figure.pk]))

    assert response.status_code == 302
    figure.refresh_from_db()
    assert (figure.status, figure.decided_by) == (ReachFigure.Status.VERIFIED, team)


def test_a_return_without_a_note_is_refused_with_a_message(client, team):
    figure = reported_figure()

    response = client.post(
        reverse("milestones:return", args=[figure.pk]), {"note": ""}, follow=True
    )

    assert "Say what the organisation should check" in response.content.decode()
    figure.refresh_from_db()
    assert figure.status == ReachFigure.Status.REPORTED


def test_the_team_returns_with_a_note(client, team):
    figure = reported_figure()

    client.post(reverse("milestones:return", args=[figure.pk]), {"note": "Source?"})

    figure.refresh_from_db()
    assert (figure.status, figure.return_note) == (ReachFigure.Status.RETURNED, "Source?")


def test_the_reports_page_runs_a_fixed_number_of_queries(client, team, django_assert_num_queries):
    for _ in range(2):
        reported_figure()
    client.get(REPORTS)
    # Session, user, the user's permissions (groups), person (for the menu), waiting
    # figures, returned figures, the overview.
    with django_assert_num_queries(7):
        client.get(REPORTS)
    for _ in range(4):
        reported_figure()
    with django_assert_num_queries(7):
        client.get(REPORTS)


def test_the_reminder_mails_focal_people_of_silent_organisations_once(send_on_commit):
    silent = ProgrammeFactory()
    focal = focal_person(silent.organisation)
    reported_figure(year=2025)  # reported: not reminded
    ProgrammeFactory()  # no focal person: nobody to mail
    mail.outbox.clear()

    with send_on_commit():
        call_command("remind_reach_reports", "--year", "2025", stdout=io.StringIO())
    with send_on_commit():
        call_command("remind_reach_reports", "--year", "2025", stdout=io.StringIO())

    assert [m.to for m in mail.outbox] == [[focal.user.email]]
    assert "2025" in mail.outbox[0].subject
    assert "/members/my-organisation/programmes/" in mail.outbox[0].body
    assert ReportReminder.objects.get().organisation == silent.organisation


def test_a_figure_from_before_verification_shows_without_a_reporter(client, team):
    programme = ProgrammeFactory(name="Older programme")
    ReachFigure.objects.create(programme=programme, year=2024, reached=55, source="MIS")

    html = client.get(REPORTS).content.decode()

    assert "Older programme" in html
    assert "reporter not recorded" in html
