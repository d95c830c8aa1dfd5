import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from members.models import Organisation, OrganisationStatusChange
from tests.factories import OrganisationFactory, PersonFactory, admin_login, staff_member

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:members_organisation_changelist"


def messages_of(response):
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(
    "model", ["organisation", "programme", "person", "codeofconduct", "county", "pillar"]
)
def test_admin_lists_open(admin_client, model):
    OrganisationFactory()

    assert admin_client.get(reverse(f"admin:members_{model}_changelist")).status_code == 200


def status_action(client, action, organisations, **data):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [o.pk for o in organisations], **data},
    )


def test_status_action_first_asks_for_the_reason(admin_client):
    organisations = [OrganisationFactory(name="Alpha Trust"), OrganisationFactory(name="Beta")]

    response = status_action(admin_client, "organisation_suspend", organisations)

    assert response.status_code == 200
    assert response.templates[0].name == "admin/core/action_reason.html"
    html = response.content.decode()
    assert "Alpha Trust" in html and "Beta" in html
    assert 'name="reason"' in html and 'name="effective_on"' in html
    assert not OrganisationStatusChange.objects.exists()


def test_admin_action_suspends_through_the_service(
    admin_client, staff_user, mailoutbox, send_on_commit
):
    organisation = OrganisationFactory()
    focal = PersonFactory(organisation=organisation, is_focal_person=True)

    with send_on_commit():
        response = status_action(
            admin_client,
            "organisation_suspend",
            [organisation],
            post="yes",
            reason="No activity reported for two years.",
            effective_on="2025-07-01",
        )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.SUSPENDED
    change = OrganisationStatusChange.objects.get()
    assert (change.acted_by, change.reason, change.effective_on) == (
        staff_user,
        "No activity reported for two years.",
        datetime.date(2025, 7, 1),
    )
    assert [m.to for m in mailoutbox] == [[focal.user.email]]
    assert "No activity reported for two years." in mailoutbox[0].body
    assert messages_of(response) == [("success", "1 organisation(s) suspended.")]


@pytest.mark.parametrize("reason", ["", "   "])
def test_status_action_without_a_reason_shows_the_form_again_and_changes_nothing(
    admin_client, reason
):
    organisation = OrganisationFactory()

    response = status_action(
        admin_client, "organisation_terminate", [organisation], post="yes", reason=reason
    )

    assert response.status_code == 200
    assert "Give the reason. Nothing was changed." in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.ACTIVE
    assert not OrganisationStatusChange.objects.exists()


def test_status_action_reports_refusals_one_by_one_and_does_the_rest(admin_client):
    active = OrganisationFactory(name="Alpha Trust")
    suspended = OrganisationFactory(name="Beta Fund", status=Organisation.Status.SUSPENDED)

    response = status_action(
        admin_client,
        "organisation_reinstate",
        [active, suspended],
        post="yes",
        reason="Reporting resumed.",
    )

    active.refresh_from_db()
    suspended.refresh_from_db()
    assert (active.status, suspended.status) == ("active", "active")
    assert messages_of(response) == [
        ("warning", f"{active}: The organisation is active: it cannot become active."),
        ("success", "1 organisation(s) reinstated."),
    ]


def test_staff_without_the_decide_permission_cannot_change_an_organisations_status(client):
    user = staff_member("members.view_organisation", "members.change_organisation")
    admin_login(client, user)
    organisation = OrganisationFactory()

    page = client.get(reverse(CHANGELIST))
    assert page.status_code == 200
    assert "organisation_suspend" not in page.content.decode()

    response = status_action(
        client, "organisation_suspend", [organisation], post="yes", reason="Dormant."
    )

    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.ACTIVE
    assert not OrganisationStatusChange.objects.exists()
    # Without the permission the action does not exist: the list is shown again.
    assert response.status_code == 200
    assert not [m for m in messages_of(response) if m[0] == "success"]


def test_the_administration_team_can_run_membership_without_being_superusers():
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    member_of_team = UserFactory(is_staff=True)
    member_of_team.groups.add(Group.objects.get(name="Administration team"))
    for codename in (
        "members.change_organisation",
        "members.view_membershipapplication",
        "members.change_invitation",
        "members.decide_membershipapplication",
    ):
        assert member_of_team.has_perm(codename), codename
    assert not UserFactory(is_staff=True).has_perm("members.change_organisation")
