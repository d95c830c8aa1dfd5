"""A member reads the new notice and acknowledges it, withdraws a consent, downloads their
data, and closes their account: signing in is refused afterwards and their name is gone
from the page where it was. Every page is axe-clean."""

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from privacy import services
from tests.browser.axe import assert_accessible
from tests.factories import OrganisationFactory, PersonFactory, UserFactory, document

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-pass-phrase-7"
NAME = "Wairimu Gathoni-Achieng"


def sign_in(page, base, email):
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def test_acknowledge_withdraw_download_and_close(live_server, page, mailoutbox, csp_violations):
    base = live_server.url
    organisation = OrganisationFactory(name="Kakamega Social Protection Forum")
    user = UserFactory(full_name=NAME, email="wairimu@kakamega.example", password=PASSWORD)
    PersonFactory(user=user, organisation=organisation, is_focal_person=True)
    document(uploaded_by=user, title="County cash transfer review", organisation=organisation)
    services.consent_give(user=user, purpose="digests")
    colleague = UserFactory(password=PASSWORD)
    PersonFactory(user=colleague, organisation=OrganisationFactory())

    # The colleague sees her name on her organisation's page.
    sign_in(page, base, colleague.email)
    page.goto(base + organisation.get_absolute_url())
    expect(page.get_by_text(NAME)).to_be_visible()
    page.context.clear_cookies()

    # Signed in, she is asked to read the new notice.
    sign_in(page, base, user.email)
    reminder = page.get_by_role("link", name="Read the new privacy notice")
    expect(reminder).to_be_visible()
    assert_accessible(page)
    reminder.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy notice")
    expect(page.get_by_role("heading", name="Your rights and how to use them")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="I have read this notice").click()
    expect(page.get_by_text("We have recorded that you read the notice")).to_be_visible()
    expect(page.get_by_role("link", name="Read the new privacy notice")).to_have_count(0)

    # Her privacy page: withdraw the digests.
    page.goto(base + "/me/profile/")
    page.get_by_role("link", name="Your data and privacy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your data and privacy")
    assert_accessible(page)
    page.get_by_role("button", name="Withdraw: Digests of discussions by e-mail").click()
    expect(page.get_by_text("Withdrawn: Digests of discussions by e-mail.")).to_be_visible()
    expect(
        page.get_by_role("button", name="Switch on: Digests of discussions by e-mail")
    ).to_be_visible()
    assert_accessible(page)

    # A copy of her data, by the link in the e-mail.
    page.get_by_role("button", name="Prepare a copy of my data").click()
    expect(page.get_by_text("We are preparing a copy of your data")).to_be_visible()
    message = next(m for m in mailoutbox if "copy of your data" in m.subject)
    link = re.search(r"http://\S+/privacy/me/export/\S+/", message.body)[0]
    link = re.sub(r"^http://[^/]+", base, link)
    with page.expect_download() as download:
        page.evaluate("url => { window.location.href = url; }", link)
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    account = json.loads(archive.read("accounts-account.json"))
    assert account[0]["full_name"] == NAME
    documents = json.loads(archive.read("repository-documents-uploaded.json"))
    assert documents[0]["title"] == "County cash transfer review"
    assert any(name.startswith("files/") and name.endswith(".pdf") for name in archive.namelist())

    # Closing the account.
    page.goto(base + "/privacy/me/")
    page.get_by_role("link", name="Close my account").click()
    expect(page.get_by_role("heading", name="What stays, and why")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Close my account for good").click()
    expect(page.get_by_text("Enter your password to confirm")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("I understand that closing my account cannot be undone.").check()
    page.get_by_role("button", name="Close my account for good").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is closed")
    assert_accessible(page)

    # Signing in is refused.
    sign_in(page, base, "wairimu@kakamega.example")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("My start page")
    assert "/accounts/login/" in page.url

    # Her name is gone from her organisation's page.
    page.context.clear_cookies()
    sign_in(page, base, colleague.email)
    page.goto(base + organisation.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kakamega Social Protection Forum")
    expect(page.get_by_text(NAME)).to_have_count(0)
    assert csp_violations == []
