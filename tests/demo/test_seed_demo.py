"""seed_demo as a command: safe to run twice, refused on a live site, its mail delivered after
commit. What it makes is checked once, in ``tests/demo/seeded/``."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from demo.management.commands.seed_demo import DEMO_PASSWORD, all_demo_accounts
from tests.demo.counts import counts

pytestmark = pytest.mark.django_db


def seed(**options):
    out = io.StringIO()
    call_command("seed_demo", force=True, stdout=out, **options)
    return out.getvalue()


def test_seed_demo_is_safe_to_run_twice():
    seed()
    first = counts()

    again = seed()

    assert counts() == first
    assert first["MeetingDocument"] > 0 and first["Document"] > 0
    accounts = all_demo_accounts()
    assert get_user_model().objects.count() == len(accounts)
    assert EmailAddress.objects.filter(verified=True).count() == len(accounts)
    assert DEMO_PASSWORD in again
    assert "(0 new)" in again
    assert "meetings (0 new)" in again
    assert "(0 new submissions)" in again
    assert "documents (0 new" in again


def test_seed_demo_refuses_a_live_site(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="live site"):
        call_command("seed_demo")
    assert not get_user_model().objects.exists()


def test_workflow_mail_is_rendered_and_delivered_after_commit(send_on_commit):
    with send_on_commit():
        # The documents have nothing to do with the workflow mail: left out, for speed.
        seed(documents=False)

    subjects = [message.subject for message in mail.outbox]
    assert any("The committee needs more information" in s for s in subjects)
    assert any("Please endorse or decline" in s for s in subjects)
    assert all(address.endswith("@demo.cop.ke") for m in mail.outbox for address in m.to)
