import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.urls import reverse

User = get_user_model()
pytestmark = pytest.mark.django_db

SIGNUP = {
    "full_name": "Achieng Odhiambo",
    "job_title": "M&E officer",
    "email": "Achieng@Example.org",
    "password1": "a-long-pass-phrase-7",
    "password2": "a-long-pass-phrase-7",
    "privacy_consent": "on",
}


def test_signup_creates_an_unverified_account_and_mails_a_verification_link(
    client, mailoutbox, send_on_commit
):
    with send_on_commit():
        response = client.post(reverse("account_signup"), SIGNUP)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get()
    assert user.email == "achieng@example.org"
    assert user.full_name == "Achieng Odhiambo"
    assert user.job_title == "M&E officer"
    assert user.privacy_consent_at is not None  # when they agreed is kept
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["achieng@example.org"]
    assert message.subject.startswith("[CoP Portal]")
    html = message.alternatives[0][0]
    assert "Kenya Social Protection Community of Practice" in html
    assert re.search(r"/accounts/confirm-email/[^/\s]+/", message.body)


def test_following_the_verification_link_verifies_the_address_and_signs_in(
    client, mailoutbox, send_on_commit
):
    with send_on_commit():
        client.post(reverse("account_signup"), SIGNUP)
    link = re.search(r"http://testserver(/accounts/confirm-email/[^/\s]+/)", mailoutbox[0].body)[1]

    assert client.get(link).status_code == 200  # a confirmation page, not verification on GET
    response = client.post(link)

    assert response.status_code == 302
    assert EmailAddress.objects.get().verified
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_an_unverified_account_cannot_sign_in(client, mailoutbox, send_on_commit):
    with send_on_commit():
        client.post(reverse("account_signup"), SIGNUP)
    client.logout()

    response = client.post(
        reverse("account_login"),
        {"login": SIGNUP["email"], "password": SIGNUP["password1"]},
    )

    assert response["Location"] == reverse("account_email_verification_sent")
    assert client.get(reverse("accounts:profile")).status_code == 302


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"full_name": ""}, "full_name", "This field is required."),
        ({"full_name": " x "}, "full_name", "Enter your full name."),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"password2": "something-else-9"}, "password2", "You must type the same password"),
        ({"password1": "short", "password2": "short"}, "password1", "too short"),
        ({"privacy_consent": ""}, "privacy_consent", "agree to the privacy notice"),
    ],
)
def test_signup_with_bad_input_explains_and_stores_nothing(client, change, field, message):
    response = client.post(reverse("account_signup"), {**SIGNUP, **change})

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert not User.objects.exists()
    assert not EmailAddress.objects.exists()


def test_signup_with_a_taken_address_does_not_reveal_it(client, user, mailoutbox, send_on_commit):
    with send_on_commit():
        response = client.post(reverse("account_signup"), {**SIGNUP, "email": user.email})

    # Same answer as a fresh sign-up; the owner of the address is told by e-mail instead.
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.count() == 1
    assert mailoutbox[0].to == [user.email]


def test_signing_up_with_a_known_address_hashes_a_password_as_a_new_account_does(client, settings):
    """The password hash is what makes sign-up slow: done only for new addresses, the time
    of the answer would tell whether someone has an account."""
    from unittest import mock

    from django.contrib.auth.hashers import MD5PasswordHasher

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with mock.patch.object(MD5PasswordHasher, "encode", autospec=True) as encode:
        encode.side_effect = lambda self, password, salt: f"md5${salt}$x"
        client.post(reverse("account_signup"), SIGNUP)
        new_account = encode.call_count
        client.post(reverse("account_signup"), {**SIGNUP, "full_name": "Someone Else"})
        known_address = encode.call_count - new_account

    assert User.objects.count() == 1
    assert new_account >= 1
    assert known_address == new_account
