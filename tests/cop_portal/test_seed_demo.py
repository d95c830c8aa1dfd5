import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command

from cop_portal.management.commands.seed_demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from members.models import County

pytestmark = pytest.mark.django_db


def test_the_47_counties_are_reference_data():
    assert County.objects.count() == 47
    assert County.objects.get(code=47).name == "Nairobi"


def test_seed_demo_is_safe_to_run_twice(capsys):
    call_command("seed_demo", force=True)
    call_command("seed_demo", force=True)

    User = get_user_model()
    assert User.objects.count() == len(DEMO_ACCOUNTS)
    assert EmailAddress.objects.filter(verified=True).count() == len(DEMO_ACCOUNTS)
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out


def test_every_demo_account_can_sign_in(client):
    call_command("seed_demo", force=True)

    for spec in DEMO_ACCOUNTS:
        response = client.post(
            "/accounts/login/", {"login": spec["email"], "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, spec["email"]
        client.logout()


def test_seed_demo_refuses_a_live_site(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False

    with pytest.raises(CommandError, match="live site"):
        call_command("seed_demo")
    assert not get_user_model().objects.exists()
