import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError

User = get_user_model()
pytestmark = pytest.mark.django_db


def test_email_is_the_login_and_is_stored_lower_case():
    user = User.objects.create_user("Someone@Example.ORG", "pass-phrase-123", full_name="S")

    assert user.email == "someone@example.org"
    assert User.USERNAME_FIELD == "email"
    assert not hasattr(user, "username")


def test_two_accounts_cannot_share_an_address_in_any_case():
    User.objects.create_user("someone@example.org", "pass-phrase-123", full_name="A")

    with pytest.raises(IntegrityError):
        User.objects.create_user("SOMEONE@example.org", "pass-phrase-123", full_name="B")


def test_create_superuser_is_staff():
    admin = User.objects.create_superuser("root@example.org", "pass-phrase-123", full_name="R")

    assert admin.is_staff and admin.is_superuser
