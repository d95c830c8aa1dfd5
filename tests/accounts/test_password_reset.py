"""Asking for a password reset tells nothing about who has an account: a known and an unknown
address get the same answer and cost the same work (one e-mail through the one mail path,
no password hashed), so neither the page nor its timing gives an account away."""

from unittest import mock

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.urls import reverse

pytestmark = pytest.mark.django_db


def ask(client, email):
    return client.post(reverse("account_reset_password"), {"email": email})


def test_known_and_unknown_addresses_cost_the_same_work(
    client, user, mailoutbox, send_on_commit, settings
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with mock.patch.object(MD5PasswordHasher, "encode", autospec=True) as encode:
        with send_on_commit():
            known = ask(client, user.email)
        with send_on_commit():
            unknown = ask(client, "nobody@example.org")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("account_reset_password_done")
    assert [m.to for m in mailoutbox] == [[user.email], ["nobody@example.org"]]
    assert "password" in mailoutbox[0].body.lower()
    assert encode.call_count == 0
