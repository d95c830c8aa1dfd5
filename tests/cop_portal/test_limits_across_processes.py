"""The limits that stop password guessing and sign-up floods hold across server processes.

Production runs several gunicorn processes; a counter kept in each process's memory let a
guesser spread attempts over them (seven wrong passwords, then the right one, signed in; the
bulletin's ten sign-ups per hour let thirteen through). Here two separate servers share one
Redis, as production's processes do, and the attempts alternate between them."""

import http.client
import os
import re
import secrets
import subprocess
import sys
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
import redis

from benchmarks import _server
from bulletin.subscriptions.views import CLIENT_LIMIT
from members.views.focal import INVITATIONS_PER_HOUR

EMAIL = "guessed@example.org"
FOCAL = "focal@example.org"
PASSWORD = "the-right-password-2026"  # noqa: S105 - a test account's


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """Two gunicorn servers, one process each, on one migrated SQLite file and one Redis
    database of their own (emptied first). The tests' counters do not meet: the sign-in
    limits count per address, the bulletin's per client."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        yield from _servers(tmp_path_factory.mktemp("two-servers"), monkeypatch)


def _servers(tmp_path, monkeypatch):
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    number = 10 + int(worker.removeprefix("gw")) % 5
    cache_url = f"redis://127.0.0.1:6379/{number}"
    redis.Redis.from_url(cache_url).flushdb()
    environment = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CACHE_URL": cache_url,
        # Pages are rendered, never their static files: no collectstatic needed.
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "BENCHMARK_STATIC_ROOT": str(tmp_path / "static"),
        "LOG_LEVEL": "WARNING",
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=_server.ROOT, check=True)  # noqa: S603
    create = (
        "from django.contrib.auth import get_user_model; "
        "from allauth.account.models import EmailAddress; "
        f"u = get_user_model().objects.create_user(email={EMAIL!r}, password={PASSWORD!r}); "
        "EmailAddress.objects.create(user=u, email=u.email, verified=True, primary=True); "
        # The focal person of an active organisation, who invites colleagues.
        "from tests.factories.members import focal_person; "
        f"f = focal_person(user__email={FOCAL!r}).user; f.set_password({PASSWORD!r}); f.save()"
    )
    subprocess.run([*manage, "shell", "-c", create], cwd=_server.ROOT, check=True)  # noqa: S603
    with _server.Server(workers=1) as first, _server.Server(workers=1) as second:
        yield first, second
    redis.Redis.from_url(cache_url).flushdb()


def post_form(server, path, fields, cookies=None):
    """Open the form at ``path`` on ``server`` and send it as a browser would (with the
    ``cookies`` of a signed-in person, updated by the answers); the status and the page."""
    cookies = {} if cookies is None else cookies
    status, headers, body = _server.get(server.host, server.port, path, cookies=cookies)
    assert status == 200, (path, status, server.tail())
    for header in headers.get_all("Set-Cookie") or []:
        cookies.update({k: m.value for k, m in SimpleCookie(header).items()})
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    origin = f"https://{server.host}:{server.port}"
    connection = http.client.HTTPConnection(server.host, server.port, timeout=30)
    try:
        connection.request(
            "POST",
            path,
            body=urlencode({**fields, "csrfmiddlewaretoken": token}),
            headers={
                **_server.PROXY_HEADERS,
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
                "Origin": origin,
                "Referer": f"{origin}{path}",
            },
        )
        response = connection.getresponse()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookies.update({k: m.value for k, m in SimpleCookie(header).items()})
        return response.status, response.read().decode()
    finally:
        connection.close()


def test_wrong_passwords_spread_over_two_processes_lock_the_address(servers):
    # The right password opens the account on either server: the test's sign-in works.
    for server in servers:
        assert (
            post_form(server, "/accounts/login/", {"login": EMAIL, "password": PASSWORD})[0] == 302
        )

    for attempt in range(5):  # the limit: five wrong passwords for one address in 5 minutes
        status, page = post_form(
            servers[attempt % 2], "/accounts/login/", {"login": EMAIL, "password": "guess"}
        )
        assert status == 200

    for server in servers:
        status, page = post_form(server, "/accounts/login/", {"login": EMAIL, "password": PASSWORD})
        assert status != 302, "signed in after five wrong passwords"
        assert "Too many failed login attempts" in page


def test_bulletin_sign_ups_spread_over_two_processes_stop_at_the_limit(servers):
    answers = [
        post_form(servers[n % 2], "/bulletin/subscribe/", {"email": f"reader{n}@example.org"})
        for n in range(CLIENT_LIMIT + 3)
    ]

    accepted = [status for status, _page in answers if status == 302]
    assert len(accepted) == CLIENT_LIMIT
    status, page = answers[-1]
    assert status == 200
    assert "Too many sign-up requests from your connection" in page


def test_invitations_spread_over_two_processes_stop_at_the_hourly_limit(servers):
    cookies = {}
    status, _page = post_form(
        servers[0], "/accounts/login/", {"login": FOCAL, "password": PASSWORD}, cookies
    )
    assert status == 302

    answers = [
        post_form(
            servers[n % 2],
            "/members/my-organisation/people/",
            {"email": f"colleague{n}@example.org", "full_name": f"Colleague {n}"},
            cookies,
        )
        for n in range(INVITATIONS_PER_HOUR + 3)
    ]

    accepted = [status for status, _page in answers if status == 302]
    assert len(accepted) == INVITATIONS_PER_HOUR
    status, page = answers[-1]
    assert status == 200
    assert f"You have sent {INVITATIONS_PER_HOUR} invitations in the last hour" in page
