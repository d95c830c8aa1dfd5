"""The bulletin in Chromium, axe-clean and without a CSP violation: a member submits an item,
the content coordinator accepts it with a summary, builds an edition with the rich-text
editor, previews it as a page and as the e-mail, publishes it, and the public archive shows
it. The e-mail sent carries the one-click unsubscribe headers of RFC 8058, and its link
unsubscribes without signing in."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import CONTENT_COORDINATORS
from bulletin.models import Delivery, Edition, Submission, Subscriber
from tests.browser.axe import assert_accessible
from tests.browser.nav import main_menu
from tests.browser.two_factor import enter_code_if_asked, give_authenticator
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-pass-phrase-7"


def sign_in(page, base, user):
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    enter_code_if_asked(page, user.email)
    expect(main_menu(page).get_by_role("link", name="My account")).to_be_visible()


def sign_out(page):
    main_menu(page).get_by_role("button", name="Sign out").click()


def test_member_submits_coordinator_accepts_builds_previews_and_publishes(
    live_server, page, csp_violations, mailoutbox
):
    base = live_server.url
    member = PersonFactory(user=UserFactory(full_name="Amani Otieno", password=PASSWORD)).user
    coordinator = give_authenticator(UserFactory(password=PASSWORD, is_staff=True))
    coordinator.groups.add(Group.objects.get(name=CONTENT_COORDINATORS))
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1

    # 1. The member submits an item from the bulletin page.
    sign_in(page, base, member)
    main_menu(page).get_by_role("link", name="Bulletin", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Submit an item").click()
    assert_accessible(page)
    page.get_by_label("Kind").select_option(label="Study report")
    page.get_by_label("Title").fill("Graduation pilot in Marsabit: endline")
    page.get_by_label("Description").fill("Findings three years after the livelihood grants.")
    page.get_by_label("Link").fill("https://example.org/marsabit-endline")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My bulletin submissions")
    expect(page.get_by_text("Waiting for review")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # 2. The coordinator accepts it with a summary.
    sign_in(page, base, coordinator)
    page.goto(base + "/bulletin/")
    page.get_by_role("link", name="Moderation").click()
    assert_accessible(page)
    page.get_by_role("link", name="Graduation pilot in Marsabit: endline").click()
    assert_accessible(page)
    page.get_by_label("Accept, with the summary below").check()
    page.get_by_label("Summary for the bulletin").fill(
        "Households that got a grant with coaching kept higher incomes two years on."
    )
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("is accepted")).to_be_visible()
    assert Submission.objects.get().status == Submission.Status.ACCEPTED

    # 3. They start this quarter's edition, write the editorial, add a section, place the
    # item.
    page.get_by_role("link", name="Editions").first.click()
    assert_accessible(page)
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Quarter").select_option(label=f"Q{quarter}")
    page.get_by_role("button", name="Start the edition").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Edition {today.year} Q{quarter}")
    assert_accessible(page)
    editor = page.get_by_role("textbox", name="Editorial")
    editor.click()
    page.keyboard.type("Karibu to this quarter's bulletin.")
    page.keyboard.press("Control+A")
    page.get_by_role("button", name="Bold").click()
    page.get_by_role("button", name="Save the editorial").click()
    expect(page.get_by_text("The editorial is saved.")).to_be_visible()
    edition = Edition.objects.get()
    # Chromium's bold command makes <b>; the allowlist keeps <b> and <strong>.
    assert re.search(r"<(b|strong)>Karibu to this quarter's bulletin\.</\1>", edition.editorial)
    page.locator("#id_section-title").fill("Research and reports")
    page.get_by_role("button", name="Add the section").click()
    page.locator("#id_place-submission").select_option(
        label="Graduation pilot in Marsabit: endline"
    )
    page.locator("#id_place-section").select_option(label="Research and reports")
    page.get_by_role("button", name="Place the item").click()
    expect(page.get_by_text("The item is placed.")).to_be_visible()
    assert_accessible(page)

    # 4. Previews: the web page and the e-mail.
    page.get_by_role("link", name="Preview the web page").click()
    expect(page.get_by_text("Preview: this edition is not published.")).to_be_visible()
    expect(page.get_by_text("kept higher incomes two years on")).to_be_visible()
    assert_accessible(page)
    page.go_back()
    page.get_by_role("link", name="Preview the e-mail").click()
    expect(
        page.get_by_text("The Kenya Social Protection Bulletin, " + edition.title)
    ).to_be_visible()
    frame = page.frame_locator("iframe.bulletin-email-frame")
    expect(frame.get_by_text("kept higher incomes two years on")).to_be_visible()
    expect(frame.locator("b, strong")).to_have_text("Karibu to this quarter's bulletin.")
    assert_accessible(page)

    # 5. Publish now.
    page.get_by_role("link", name="Back to the edition").click()
    page.get_by_role("button", name="Publish now").click()
    expect(page.get_by_text("is published and queued for e-mail")).to_be_visible()
    edition.refresh_from_db()
    assert edition.status == Edition.Status.PUBLISHED
    assert Delivery.objects.filter(edition=edition, subscriber__user=member).exists()
    # The tests' immediate task backend sent it at once: the distribution page says so.
    page.goto(base + reverse("bulletin:manage", kwargs={"pk": edition.pk}))
    page.get_by_role("link", name="Distribution details: failed addresses and errors").click()
    expect(page.get_by_text("1 of 1 messages sent")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # The e-mail in the outbox: both parts, the unsubscribe link and headers (RFC 8058).
    (message,) = [
        m for m in mailoutbox if m.to == [member.email] and "List-Unsubscribe" in m.extra_headers
    ]
    unsubscribe = re.fullmatch(
        r"<(https?://\S+/bulletin/unsubscribe/\S+/)>", message.extra_headers["List-Unsubscribe"]
    ).group(1)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in message.body
    assert f'href="{unsubscribe}"' in message.alternatives[0][0]

    # 6. The public archive shows it.
    page.goto(base + "/bulletin/")
    assert_accessible(page)
    page.get_by_role("link", name=edition.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(edition.title)
    expect(page.get_by_role("link", name="Graduation pilot in Marsabit: endline")).to_be_visible()
    assert_accessible(page)
    assert edition.published_at <= timezone.now() + datetime.timedelta(seconds=1)

    # 7. The member follows the e-mail's unsubscribe link, signed out: a page with a button.
    page.goto(base + re.sub(r"^https?://[^/]+", "", unsubscribe))
    expect(page.get_by_role("heading", level=1)).to_have_text("Unsubscribe from the bulletin")
    assert_accessible(page)
    assert Subscriber.objects.get(user=member).status == Subscriber.Status.SUBSCRIBED
    page.get_by_role("button", name="Unsubscribe", exact=True).click()
    expect(page.get_by_text("will receive no more editions")).to_be_visible()
    assert_accessible(page)
    assert Subscriber.objects.get(user=member).status == Subscriber.Status.UNSUBSCRIBED

    # 8. A visitor subscribes: the same answer whatever the address, and a confirmation link.
    page.goto(base + "/bulletin/subscribe/")
    assert_accessible(page)
    page.get_by_label("Your e-mail address").fill("visitor@example.org")
    page.get_by_role("button", name="Subscribe", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    assert_accessible(page)
    assert Subscriber.objects.get(email="visitor@example.org").status == "pending-confirmation"
    assert csp_violations == []
