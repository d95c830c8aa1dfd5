import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from members.models import Organisation, OrganisationStatusChange
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, staff_user):
    TOTP.activate(staff_user, generate_totp_secret())
    client.force_login(staff_user)
    return client


@pytest.mark.parametrize(
    "model", ["organisation", "programme", "person", "codeofconduct", "county", "pillar"]
)
def test_admin_lists_open(admin_client, model):
    OrganisationFactory()

    assert admin_client.get(reverse(f"admin:members_{model}_changelist")).status_code == 200


def test_admin_action_suspends_through_the_service(admin_client, staff_user):
    organisation = OrganisationFactory()

    admin_client.post(
        reverse("admin:members_organisation_changelist"),
        {"action": "organisation_suspend", "_selected_action": [organisation.pk]},
    )

    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.SUSPENDED
    assert OrganisationStatusChange.objects.get().acted_by == staff_user
