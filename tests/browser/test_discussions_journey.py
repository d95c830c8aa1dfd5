"""Ask the CoP in Chromium, axe-clean and without a CSP violation, on a phone and on a
desktop screen: a member asks in a working group's space and, while typing the title, sees
a matching document of the library suggested; a member of the group answers citing a
document; the asker accepts the answer, which then shows first; another member flags the
answer and the content coordinator, from the moderation queue, hides it with a reason."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from accounts.roles import CONTENT_COORDINATORS
from discussions.models import Flag, Post, Thread
from tests import factories
from tests.browser.axe import assert_accessible
from tests.browser.nav import main_menu
from tests.browser.two_factor import enter_code_if_asked, give_authenticator
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-pass-phrase-7"
TITLE = "How do counties verify caregivers for the disability grant?"
DOCUMENT = "Caregiver verification guideline for the disability grant"


def sign_in(page, base, user):
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    enter_code_if_asked(page, user.email)
    expect(main_menu(page).get_by_role("link", name="My account")).to_be_visible()


def sign_out(page):
    main_menu(page).get_by_role("button", name="Sign out").click()


@pytest.mark.parametrize("width", [360, 1280])
def test_ask_answer_accept_flag_and_hide(live_server, page, csp_violations, width):
    page.set_viewport_size({"width": width, "height": 900})
    base = live_server.url
    group = factories.working_group(name="Disability inclusion")
    asker = PersonFactory(user=UserFactory(full_name="Amani Otieno", password=PASSWORD)).user
    expert = PersonFactory(user=UserFactory(full_name="Wanjiru Kamau", password=PASSWORD)).user
    reader = PersonFactory(user=UserFactory(full_name="Juma Hassan", password=PASSWORD)).user
    factories.seat(group.body, asker)
    factories.seat(group.body, expert)
    coordinator = UserFactory(full_name="Achieng Odhiambo", password=PASSWORD)
    coordinator.groups.add(Group.objects.get(name=CONTENT_COORDINATORS))
    give_authenticator(coordinator)  # moderating asks for the second factor (decision 0028)
    document = factories.document(title=DOCUMENT)

    # 1. The member asks in the group's space; the guideline is suggested while typing.
    sign_in(page, base, asker)
    main_menu(page).get_by_role("link", name="Ask the CoP").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask the CoP")
    assert_accessible(page)
    page.get_by_role("link", name="Ask a question").click()
    assert_accessible(page)
    page.get_by_label("Your question in one sentence").press_sequentially(TITLE, delay=5)
    suggestions = page.locator("#title-suggestions")
    expect(suggestions.get_by_role("link", name=DOCUMENT)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Details").fill("We use the chief's list. Is there a **better** way?")
    page.get_by_label("Working group", exact=True).select_option(label="Disability inclusion")
    page.get_by_label("One working group's members").check()
    page.get_by_label("The working group or committee that may read it").select_option(
        label="Disability inclusion"
    )
    page.get_by_role("button", name="Post").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("Is there a better way?")).to_be_visible()
    assert_accessible(page)
    thread = Thread.objects.get()
    assert thread.audience_body == group.body
    sign_out(page)

    # 2. A member of the group answers, citing the guideline by its address.
    sign_in(page, base, expert)
    page.goto(base + thread.get_absolute_url())
    page.get_by_role("textbox", name="Your answer").fill(
        "Use the county's verification form; see the guideline."
    )
    page.get_by_label("Documents cited").fill(base + document.get_absolute_url())
    page.get_by_role("button", name="Post", exact=True).click()
    expect(page.get_by_text("Your answer is posted.")).to_be_visible()
    expect(page.get_by_role("link", name=DOCUMENT)).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # 3. The asker accepts it.
    sign_in(page, base, asker)
    page.goto(base + thread.get_absolute_url())
    page.get_by_role("button", name="Accept this answer").click()
    expect(page.get_by_text("The answer is accepted.")).to_be_visible()
    expect(page.locator(".post--accepted")).to_contain_text("verification form")
    assert_accessible(page)
    thread.refresh_from_db()
    assert thread.status == Thread.Status.ANSWERED
    sign_out(page)

    # 4. Another member of the group flags the answer.
    factories.seat(group.body, reader)
    sign_in(page, base, reader)
    page.goto(base + thread.get_absolute_url())
    page.locator(".post--accepted").get_by_role("link", name="Flag").click()
    assert_accessible(page)
    page.get_by_label("Reason").fill("It names a person's phone number.")
    page.get_by_role("button", name="Flag the post").click()
    expect(page.get_by_text("a moderator will read the post")).to_be_visible()
    assert Flag.objects.filter(status=Flag.Status.OPEN).count() == 1
    sign_out(page)

    # 5. The coordinator hides it from the queue, with a reason.
    sign_in(page, base, coordinator)
    page.goto(base + "/discussions/moderation/")
    expect(page.get_by_text("It names a person's phone number.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Hide the post").first.click()
    page.get_by_label("Reason").fill("Personal data: a phone number.")
    page.get_by_role("button", name="Hide the post").click()
    expect(page.get_by_text("The post is hidden.")).to_be_visible()
    expect(page.get_by_text("Hidden from members: Personal data: a phone number.")).to_be_visible()
    assert_accessible(page)
    answer = Post.objects.get(is_opening=False)
    assert answer.is_hidden and Flag.objects.get().status == Flag.Status.UPHELD
    assert csp_violations == []
