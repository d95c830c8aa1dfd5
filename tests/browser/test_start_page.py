"""The start page in Chromium: a content coordinator who is also a working group's member signs
in, lands on their cards (checked for accessibility on a phone and a wide screen) and follows
one to the page where the work is done."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from accounts.roles import CONTENT_COORDINATORS
from tests.browser.axe import assert_accessible
from tests.browser.two_factor import enter_code_if_asked, give_authenticator
from tests.factories import PersonFactory, UserFactory, meeting, register, seat, submission
from tests.factories import working_group as make_working_group

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-pass-phrase-7"


def test_signing_in_lands_on_the_cards_that_lead_to_the_work(live_server, page):
    user = PersonFactory(user=UserFactory(password=PASSWORD)).user
    user.groups.add(Group.objects.get(name=CONTENT_COORDINATORS))
    give_authenticator(user)
    group = make_working_group(name="Financing TWG")
    seat(group.body, user)
    register(meeting(group.body, title="Budget cycle briefing"), user)
    submission()

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    enter_code_if_asked(page, user.email)

    expect(page.get_by_role("heading", level=1)).to_have_text("My start page")
    expect(page.get_by_role("heading", name="Bulletin submissions to moderate")).to_be_visible()
    expect(page.get_by_role("link", name="Budget cycle briefing").first).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390  # no sideways
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_accessible(page)

    page.get_by_role("link", name="Open the moderation queue").click()
    expect(page).to_have_url(live_server.url + "/bulletin/moderation/")
