"""Reach figures: reported by the focal person through programme_save, verified or returned
by the administration team; refused when impossible, with nothing stored."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from members import reference_data, services
from members.models import County, ReachFigure, ReachFigureEvent
from tests.factories import (
    ProgrammeFactory,
    UserFactory,
    admin_action,
    admin_login,
    administrator,
    focal_person,
    reported_figure,
    staff_member,
    verified_figure,
)

pytestmark = pytest.mark.django_db


def save(programme, user, *figures):
    return services.programme_save(
        programme=programme,
        acting_user=user,
        name=programme.name,
        pillar=programme.pillar,
        figures=list(figures),
    )


def figure(year=2024, county="nairobi", reached=1000, pk=None, **extra):
    county = County.objects.get(slug=county) if county else None
    return {
        "pk": pk,
        "year": year,
        "county": county,
        "unit": "people",
        "reached": reached,
        "source": "Programme MIS",
        **extra,
    }


def test_census_reference_has_47_counties_and_nairobi_is_largest():
    populations = reference_data.CENSUS_2019_POPULATION
    assert len(populations) == 47
    assert set(populations) == set(County.objects.values_list("code", flat=True))
    assert max(populations.values()) == populations[47] == 4_397_073
    assert sum(populations.values()) == reference_data.CENSUS_2019_NATIONAL


def test_a_reported_figure_waits_and_records_who_reported():
    programme = ProgrammeFactory()
    focal = focal_person(programme.organisation)

    save(programme, focal.user, figure(reached=5000))

    reported = programme.reach.get()
    assert reported.status == ReachFigure.Status.REPORTED
    assert reported.reported_by == focal.user
    assert reported.reported_at is not None
    assert list(reported.events.values_list("action", "reached")) == [("reported", 5000)]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"reached": -1}, "cannot be negative"),
        ({"reached": 4_397_074}, "more than the 4,397,073 people"),
        ({"county": "lamu", "reached": 143_921}, "more than the 143,920 people"),
        ({"county": None, "reached": 47_564_297}, "more than the 47,564,296 people"),
    ],
)
def test_impossible_figures_are_refused_and_nothing_is_stored(change, message):
    programme = ProgrammeFactory(name="Old name")
    focal = focal_person(programme.organisation)
    programme.name = "New name"

    with pytest.raises(ValidationError, match=message):
        save(programme, focal.user, figure(year=2023), figure(**change))

    assert not ReachFigure.objects.exists()
    programme.refresh_from_db()
    assert programme.name == "Old name"


def test_the_largest_possible_figure_is_accepted():
    programme = ProgrammeFactory()
    focal = focal_person(programme.organisation)

    save(programme, focal.user, figure(reached=4_397_073))

    assert programme.reach.get().reached == 4_397_073


def test_a_duplicate_figure_is_refused():
    existing = reported_figure(year=2024, county="nairobi")
    programme = existing.programme

    with pytest.raises(ValidationError, match="two figures for 2024, Nairobi"):
        save(programme, existing.reported_by, figure(year=2024, county="nairobi"))

    assert programme.reach.count() == 1


def test_two_equal_new_figures_are_refused():
    programme = ProgrammeFactory()
    focal = focal_person(programme.organisation)

    with pytest.raises(ValidationError, match="two figures"):
        save(programme, focal.user, figure(), figure(reached=7))

    assert not ReachFigure.objects.exists()


def test_a_figure_may_take_the_place_of_one_deleted_at_once():
    existing = reported_figure(year=2024, county="nairobi", reached=10)

    save(
        existing.programme,
        existing.reported_by,
        {"pk": existing.pk, "delete": True},
        figure(year=2024, county="nairobi", reached=20),
    )

    assert list(existing.programme.reach.values_list("reached", flat=True)) == [20]


def test_a_focal_person_cannot_report_for_another_organisations_programme():
    programme = ProgrammeFactory()
    other = focal_person()

    with pytest.raises(PermissionDenied):
        save(programme, other.user, figure())

    assert not ReachFigure.objects.exists()


def test_a_figure_of_another_programme_cannot_be_changed_through_ones_own():
    theirs = reported_figure(reached=10)
    mine = ProgrammeFactory()
    focal = focal_person(mine.organisation)

    with pytest.raises(PermissionDenied):
        save(mine, focal.user, figure(pk=theirs.pk, reached=99))

    theirs.refresh_from_db()
    assert theirs.reached == 10


def test_a_changed_verified_figure_waits_again_and_an_unchanged_one_stays_verified():
    changed = verified_figure(year=2024, county="nairobi", reached=10)
    programme = changed.programme
    same = verified_figure(programme, year=2023, county="nairobi", reached=5)

    save(
        programme,
        changed.reported_by,
        figure(pk=changed.pk, year=2024, reached=12),
        figure(pk=same.pk, year=2023, reached=5),
    )

    changed.refresh_from_db()
    same.refresh_from_db()
    assert changed.status == ReachFigure.Status.REPORTED
    assert changed.reached == 12
    assert same.status == ReachFigure.Status.VERIFIED
    assert list(changed.events.values_list("action", flat=True)) == [
        "reported",
        "verified",
        "corrected",
    ]


def test_verification_records_who_and_when():
    figure_ = reported_figure()
    team = administrator()

    services.reach_figure_verify(figure=figure_, acting_user=team)

    figure_.refresh_from_db()
    assert figure_.status == ReachFigure.Status.VERIFIED
    assert figure_.decided_by == team
    assert figure_.decided_at is not None
    assert figure_.events.filter(action="verified", acted_by=team).exists()


@pytest.mark.parametrize("service", ["verify", "return"])
def test_only_the_administration_team_verifies_or_returns(service):
    figure_ = reported_figure()
    for user in (UserFactory(), figure_.reported_by):
        with pytest.raises(PermissionDenied):
            if service == "verify":
                services.reach_figure_verify(figure=figure_, acting_user=user)
            else:
                services.reach_figure_return(figure=figure_, note="Check", acting_user=user)

    figure_.refresh_from_db()
    assert figure_.status == ReachFigure.Status.REPORTED


def test_a_returned_figure_carries_the_note_and_mails_the_focal_people(send_on_commit):
    figure_ = reported_figure(reached=1234)
    mail.outbox.clear()

    with send_on_commit():
        services.reach_figure_return(
            figure=figure_, note="The MIS export says 1,243.", acting_user=administrator()
        )

    figure_.refresh_from_db()
    assert figure_.status == ReachFigure.Status.RETURNED
    assert figure_.return_note == "The MIS export says 1,243."
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [figure_.reported_by.email]
    assert "The MIS export says 1,243." in mail.outbox[0].body
    assert "/members/my-organisation/programmes/" in mail.outbox[0].body


def test_a_return_without_a_note_is_refused():
    figure_ = reported_figure()

    with pytest.raises(ValidationError, match="Say what"):
        services.reach_figure_return(figure=figure_, note="  ", acting_user=administrator())

    figure_.refresh_from_db()
    assert figure_.status == ReachFigure.Status.REPORTED
    assert not figure_.events.filter(action="returned").exists()


S = ReachFigure.Status


@pytest.mark.parametrize("start", list(S))
@pytest.mark.parametrize("to", [S.VERIFIED, S.RETURNED])
def test_the_services_follow_the_transition_table(start, to):
    figure_ = reported_figure()
    ReachFigure.objects.filter(pk=figure_.pk).update(status=start)
    team = administrator()

    def act():
        if to == S.VERIFIED:
            services.reach_figure_verify(figure=figure_, acting_user=team)
        else:
            services.reach_figure_return(figure=figure_, note="Check", acting_user=team)

    if to in ReachFigure.TRANSITIONS[start]:
        act()
        figure_.refresh_from_db()
        assert figure_.status == to
    else:
        with pytest.raises(ValidationError):
            act()
        assert ReachFigureEvent.objects.filter(figure=figure_, action=to).count() == 0


def test_the_admin_verifies_through_the_service(client):
    figure_ = reported_figure()
    team = administrator()
    admin_login(client, team)

    response = admin_action(client, "members_reachfigure", "reach_figure_verify", [figure_])

    assert response.status_code == 302
    figure_.refresh_from_db()
    assert (figure_.status, figure_.decided_by) == (ReachFigure.Status.VERIFIED, team)


def test_the_admin_returns_with_a_note(client, send_on_commit):
    figure_ = reported_figure()
    admin_login(client, administrator())

    with send_on_commit():
        admin_action(
            client,
            "members_reachfigure",
            "reach_figure_return",
            [figure_],
            post="yes",
            reason="Source missing",
        )

    figure_.refresh_from_db()
    assert (figure_.status, figure_.return_note) == (ReachFigure.Status.RETURNED, "Source missing")


def test_staff_without_the_permission_get_no_verify_action(client):
    figure_ = reported_figure()
    admin_login(client, staff_member("members.view_reachfigure"))

    response = admin_action(client, "members_reachfigure", "reach_figure_verify", [figure_])

    figure_.refresh_from_db()
    assert figure_.status == ReachFigure.Status.REPORTED
    assert response.status_code in (200, 302)
