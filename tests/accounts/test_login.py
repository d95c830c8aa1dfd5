import time
from unittest import mock

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def login(client, email, password, next_url=None):
    url = reverse("account_login")
    if next_url:
        url += f"?next={next_url}"
    return client.post(url, {"login": email, "password": password})


def test_the_right_password_signs_in(client, user, password):
    response = login(client, user.email, password)

    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_a_wrong_password_and_an_unknown_address_get_the_same_answer(client, user):
    known = login(client, user.email, "wrong-password-1")
    unknown = login(client, "nobody@example.org", "wrong-password-1")

    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].errors == unknown.context["form"].errors


def assert_locked_out(response):
    assert response.status_code == 200
    assert "Too many failed login attempts" in str(response.context["form"].errors)
    assert "_auth_user_id" not in response.wsgi_request.session


def _five_failures_then_the_right_password(client, user, password, next_url=None):
    for _ in range(5):
        assert login(client, user.email, "wrong-password", next_url).status_code == 200
    return login(client, user.email, password, next_url)


def test_sixth_attempt_is_refused_even_with_the_right_password(client, user, password):
    response = _five_failures_then_the_right_password(client, user, password)

    assert_locked_out(response)
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_lockout_ends_when_the_window_has_passed(client, user, password):
    assert_locked_out(_five_failures_then_the_right_password(client, user, password))

    later = time.time() + 5 * 60 + 1
    with mock.patch("allauth.core.internal.ratelimit.time.time", return_value=later):
        response = login(client, user.email, password)

    assert response.status_code == 302


def test_lockout_is_per_address(client, user, password):
    from tests.factories import UserFactory

    other = UserFactory(password=password)
    _five_failures_then_the_right_password(client, user, password)

    assert login(client, other.email, password).status_code == 302


def test_admin_login_goes_through_the_portal_login(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=" in response["Location"]


def test_admin_login_form_cannot_bypass_the_rate_limit(client, staff_user, password):
    # Posting straight to the admin's own login form never signs anyone in ...
    response = client.post(
        reverse("admin:login"), {"username": staff_user.email, "password": password}
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session

    # ... and the portal login that the admin sends people to applies the same lockout.
    locked = _five_failures_then_the_right_password(client, staff_user, password, "/admin/")
    assert_locked_out(locked)
    assert "_auth_user_id" not in client.session


def test_password_reset_answers_the_same_for_an_unknown_address(client, user, mailoutbox):
    known = client.post(reverse("account_reset_password"), {"email": user.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("account_reset_password_done")


def test_password_reset_mails_a_link_only_to_a_known_account(
    client, user, mailoutbox, send_on_commit
):
    with send_on_commit():
        client.post(reverse("account_reset_password"), {"email": user.email})

    assert len(mailoutbox) == 1
    assert "/accounts/password/reset/key/" in mailoutbox[0].body


def test_password_reset_form_with_a_malformed_address_explains(client):
    response = client.post(reverse("account_reset_password"), {"email": "not-an-address"})

    assert response.status_code == 200
    assert "Enter a valid email address." in str(response.context["form"].errors)


def test_lockout_cannot_be_dodged_by_changing_the_host_name(client, user, password, settings):
    settings.ALLOWED_HOSTS = ["testserver", "testserver:8080", "TESTSERVER"]
    _five_failures_then_the_right_password(client, user, password)

    for host in ["testserver:8080", "TESTSERVER"]:
        response = client.post(
            reverse("account_login"), {"login": user.email, "password": password}, HTTP_HOST=host
        )
        assert_locked_out(response)


def test_an_expired_form_gets_the_portal_page_not_djangos(user, password):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)

    response = strict.post(reverse("account_login"), {"login": user.email, "password": password})

    assert response.status_code == 403
    html = response.content.decode()
    assert "This form has expired" in html
    assert "<style" not in html
