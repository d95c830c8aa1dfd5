import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_staff_without_two_factor_cannot_reach_the_admin(client, staff_user):
    client.force_login(staff_user, second_factor=False)

    index = client.get(reverse("admin:index"))
    assert index.status_code == 302
    login = client.get(index["Location"])

    assert login.status_code == 302
    assert login["Location"] == reverse("mfa_activate_totp")
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 302


def test_staff_with_two_factor_reach_the_admin(client, staff_user):
    TOTP.activate(staff_user, generate_totp_secret())
    client.force_login(staff_user)

    assert client.get(reverse("admin:index")).status_code == 200


def test_a_member_who_is_not_staff_is_refused_the_admin(client):
    member = UserFactory()
    TOTP.activate(member, generate_totp_secret())
    client.force_login(member)

    assert client.get(reverse("admin:login")).status_code == 403
    assert client.get(reverse("admin:index")).status_code == 302


def test_signing_in_with_two_factor_asks_for_the_code(client, user, password):
    TOTP.activate(user, generate_totp_secret())

    response = client.post(reverse("account_login"), {"login": user.email, "password": password})

    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    assert Authenticator.objects.filter(user=user).exists()
