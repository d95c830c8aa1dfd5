"""Privileged people in browser journeys sign in with their second factor, as the portal
asks of them (decision 0028): an authenticator set up for them, its code typed at sign-in."""

import time

from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)

SECRETS = {}


def totp_code(secret):
    """The authenticator's code now, taken early enough in its 30-second window that the
    form is sent before the window turns."""
    if time.time() % 30 > 25:
        time.sleep(30 - time.time() % 30 + 0.5)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def give_authenticator(user):
    """Set up a TOTP authenticator for ``user``; returns its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    SECRETS[user.email] = secret
    return user


USED_WINDOWS = {}


def fresh_code(email):
    """A code of a window not used yet by this person: allauth refuses a code used once
    (someone signing in twice within 30 seconds waits for the next one)."""
    while int(time.time()) // 30 <= USED_WINDOWS.get(email, -1):
        time.sleep(30 - time.time() % 30 + 0.5)
    code = totp_code(SECRETS[email])
    USED_WINDOWS[email] = int(time.time()) // 30
    return code


def enter_code_if_asked(page, email):
    """After the password: the two-factor step, for someone with an authenticator."""
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if "/2fa/authenticate" in page.url:
        page.get_by_label("Code").fill(fresh_code(email))
        page.get_by_role("button", name="Sign In").click()
