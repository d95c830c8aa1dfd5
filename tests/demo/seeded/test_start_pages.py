"""What ``seed_demo`` prints at the end: the address to open and, for each role account, the
page to start from, one that opens for that account."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.contrib.auth import get_user_model

from demo.management.commands.seed_demo import DEMO_ACCOUNTS, DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def start_pages(output):
    """``{email: path}`` from the lines "  <role> <email> <address><path>"."""
    site = re.escape(settings.SITE_URL)
    return dict(re.findall(rf"^  .+?(\S+@demo\.cop\.ke)\s+{site}(/\S*)$", output, re.M))


def test_the_output_says_where_to_open_the_portal(demo):
    assert f"Open {settings.SITE_URL}/" in demo.output


def test_every_role_account_is_given_its_start_page(demo):
    pages = start_pages(demo.output)

    assert sorted(pages) == sorted(spec["email"] for spec in DEMO_ACCOUNTS)
    assert pages["committee@demo.cop.ke"] == "/members/review/"
    assert pages["coordinator@demo.cop.ke"] == "/documents/approvals/"
    assert pages["focal@demo.cop.ke"] == "/members/my-organisation/"
    assert pages["member@demo.cop.ke"] == "/documents/"
    assert pages["applicant@demo.cop.ke"] == "/members/applications/"
    assert pages["admin@demo.cop.ke"] == "/admin/"
    assert re.fullmatch(r"/twg/[-\w]+/", pages["twglead@demo.cop.ke"])


def test_each_start_page_opens_for_its_account(demo, client):
    pages = start_pages(demo.output)
    assert len(pages) == len(DEMO_ACCOUNTS)
    for email, path in pages.items():
        client.force_login(get_user_model().objects.get(email=email))
        response = client.get(path)
        # Privileged pages first ask for two-factor authentication (the admin on its login).
        if response.status_code == 302:
            where = response["Location"]
            assert "/2fa/" in where or where.startswith("/admin/login/"), (email, path, where)
        else:
            assert response.status_code == 200, (email, path)
        client.logout()


def printed_secrets(output):
    """``{email: secret}`` from the lines "    <email> password <p>  TOTP secret <s>"."""
    pattern = r"^    (\S+@demo\.cop\.ke)\s+password \S+\s+TOTP secret (\w+)$"
    return dict(re.findall(pattern, output, re.M))


def test_each_privileged_account_has_an_authenticator_whose_secret_is_printed(demo):
    secrets = printed_secrets(demo.output)

    for email in [
        "admin@demo.cop.ke",
        "coordinator@demo.cop.ke",
        "committee@demo.cop.ke",
        "twglead@demo.cop.ke",
        "director@demo.cop.ke",
    ]:
        assert email in secrets, email
    assert "member@demo.cop.ke" not in secrets
    assert "applicant@demo.cop.ke" not in secrets


def test_the_printed_secret_gives_the_code_that_signs_the_account_in(demo, client):
    secret = printed_secrets(demo.output)["committee@demo.cop.ke"]
    step = client.post(
        "/accounts/login/", {"login": "committee@demo.cop.ke", "password": DEMO_PASSWORD}
    )
    assert "/2fa/authenticate" in step["Location"]

    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    client.post(step["Location"], {"code": code})

    assert client.get("/members/review/").status_code == 200
