import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.browser.nav import main_menu

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-pass-phrase-7"


def totp_code(secret):
    """The authenticator's code now, taken early enough in its 30-second window that the
    form is sent before the window turns (a code read in its last seconds expired on the way,
    and the step failed now and then)."""
    import time

    if time.time() % 30 > 25:
        time.sleep(30 - time.time() % 30 + 0.5)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def visit(page, url, csp_violations):
    page.goto(url)
    assert_accessible(page)
    assert csp_violations == []


def test_sign_up_verify_sign_in_and_enable_two_factor(
    live_server, page, mailoutbox, csp_violations
):
    base = live_server.url

    visit(page, base + "/", csp_violations)
    main_menu(page).get_by_role("link", name="Create an account").click()
    assert_accessible(page)
    page.get_by_label("Full name").fill("Achieng Odhiambo")
    page.get_by_label("Email").fill("achieng@example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Sign Up").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Verify Your Email Address")
    assert_accessible(page)
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mailoutbox[0].body)[0]
    link = re.sub(r"^http://[^/]+", base, link)
    visit(page, link, csp_violations)
    page.get_by_role("button", name="Confirm").click()
    # Confirming signs the person in, onto their start page: nothing waits for someone new,
    # and it points them to joining.
    expect(page.get_by_role("heading", level=1)).to_have_text("My start page")
    expect(page.get_by_role("heading", name="Nothing waits for you")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Join the CoP"))).to_be_visible()
    assert_accessible(page)

    # Sign out, then sign in again with the verified address.
    main_menu(page).get_by_role("button", name="Sign out").click()
    expect(main_menu(page).get_by_role("link", name="Sign in")).to_be_visible()
    visit(page, base + "/accounts/login/", csp_violations)
    page.get_by_label("Email").fill("achieng@example.org")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(main_menu(page).get_by_role("link", name="My account")).to_be_visible()

    # Enable two-factor authentication with the secret shown on the page.
    visit(page, base + "/accounts/2fa/", csp_violations)
    page.get_by_role("link", name="Activate").first.click()
    # A security change asks for the password again.
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm Access")
    assert_accessible(page)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Activate Authenticator App")
    assert_accessible(page)
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Recovery Codes")
    assert_accessible(page)
    user = get_user_model().objects.get(email="achieng@example.org")
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists()

    # Sign out and in again: now the code is asked for.
    main_menu(page).get_by_role("button", name="Sign out").click()
    visit(page, base + "/accounts/login/", csp_violations)
    page.get_by_label("Email").fill("achieng@example.org")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Two-Factor Authentication")
    assert_accessible(page)
    page.get_by_label("Code").fill("000000" if totp_code(secret) != "000000" else "111111")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_text("Incorrect code")).to_be_visible()
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign In").click()
    expect(main_menu(page).get_by_role("link", name="My account")).to_be_visible()
    assert csp_violations == []


def test_home_and_error_pages_are_accessible_on_a_small_screen(live_server, page, csp_violations):
    for path in ["/", "/privacy/", "/accounts/login/", "/accounts/password/reset/"]:
        visit(page, live_server.url + path, csp_violations)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways at 390 px ({width} px)"
    page.goto(live_server.url + "/no-such-page/")
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")


def test_pages_work_without_javascript(live_server, browser, mailoutbox):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Full name").fill("No Script")
    page.get_by_label("Email").fill("noscript@example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verify Your Email Address")
    assert len(mailoutbox) == 1
    context.close()
