import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]

ANONYMOUS_PAGES = [
    "home",
    "privacy",
    "account_login",
    "account_signup",
    "account_reset_password",
]
MEMBER_PAGES = ["home", "accounts:profile", "account_email", "account_change_password", "mfa_index"]


def _assert_secure_headers(response):
    csp = response["Content-Security-Policy"]
    directives = dict(
        (part.split(" ", 1) + [""])[:2] for part in (p.strip() for p in csp.split(";")) if part
    )
    assert directives["default-src"] == "'self'"
    assert "'unsafe-inline'" not in csp
    assert re.fullmatch(r"'self' 'nonce-[A-Za-z0-9+/=]+'", directives["script-src"])
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def _assert_no_inline_script(html, nonce):
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag, f"inline script: {tag}"
        assert f'nonce="{nonce}"' in tag
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler"
    assert "style=" not in html, "inline style attribute"


def _nonce(response):
    return re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])[1]


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_anonymous_pages_carry_the_security_headers_and_no_inline_script(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 200
    _assert_secure_headers(response)
    _assert_no_inline_script(response.content.decode(), _nonce(response))


@pytest.mark.parametrize("name", MEMBER_PAGES)
def test_signed_in_pages_carry_the_security_headers_and_no_inline_script(client, user, name):
    client.force_login(user)

    response = client.get(reverse(name))

    assert response.status_code == 200
    _assert_secure_headers(response)
    _assert_no_inline_script(response.content.decode(), _nonce(response))


def test_each_response_has_a_fresh_nonce(client):
    first = _nonce(client.get(reverse("home")))
    second = _nonce(client.get(reverse("home")))

    assert first != second


def test_error_pages_carry_the_security_headers(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    _assert_secure_headers(response)


def _production_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_ALLOWED_HOSTS="cop.example.org",
        DJANGO_SETTINGS_MODULE="cop_portal.settings",
        CACHE_URL="redis://127.0.0.1:6379/0",
    )
    env.update(extra)
    return env


def test_check_deploy_is_clean_with_production_settings():
    secret = "x7Qp-" + "kR9s2LmZ4vB8nW1cY6tH3jF5gD0aE" * 2
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(DJANGO_SECRET_KEY=secret),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_a_cache_kept_in_each_process():
    """Rate limits count in the cache: in one process's memory, a second gunicorn worker
    starts from zero, so the lockout would not hold. Debug off, the portal will not start."""
    env = _production_env(DJANGO_SECRET_KEY="k" * 60, CACHE_URL="locmemcache://")
    check = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    wsgi = subprocess.run(
        [sys.executable, "-c", "import cop_portal.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert check.returncode != 0
    assert "core.E001" in check.stderr
    assert wsgi.returncode != 0
    assert "CACHE_URL" in wsgi.stderr


def test_production_cookies_are_host_prefixed_and_secure():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=_production_env(DJANGO_SECRET_KEY="k" * 60),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.stdout.split() == ["__Host-sessionid", "__Host-csrftoken", "True", "True", "True"]
