"""The whole way in, in Chromium, with an accessibility check on every page: sign up, apply
with a document, the nominator endorses, a reviewer recommends, a decider approves, and the
invited contact sets a password, accepts the code of conduct and sees member content."""

import re

import pytest
from playwright.sync_api import expect

from members.models import CodeOfConduct, MembershipApplication, Organisation
from tests.browser.axe import assert_accessible
from tests.browser.nav import main_menu
from tests.browser.two_factor import enter_code_if_asked, give_authenticator
from tests.factories import (
    PDF_BYTES,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    decider,
    reviewer,
)

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-pass-phrase-7"


def link_in(message, path_part, base):
    url = re.search(rf"https?://\S*{path_part}\S*", message.body)[0]
    return re.sub(r"^https?://[^/]+", base, url)


def sign_in(page, base, email):
    page.goto(base + "/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Email").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    enter_code_if_asked(page, email)
    expect(main_menu(page).get_by_role("link", name="My account")).to_be_visible()


def sign_out(page):
    main_menu(page).get_by_role("button", name="Sign out").click()
    expect(main_menu(page).get_by_role("link", name="Sign in")).to_be_visible()


def check(page):
    assert_accessible(page)


def test_from_sign_up_to_member_content(live_server, page, mailoutbox, csp_violations):
    base = live_server.url
    CodeOfConduct.objects.create(version="1.0", text="Share in good faith.")
    nominator = OrganisationFactory(name="National Drought Management Authority", acronym="NDMA")
    focal = PersonFactory(
        organisation=nominator, is_focal_person=True, user=UserFactory(password=PASSWORD)
    )
    OrganisationFactory(
        name="Kenya Red Cross", slug="krcs", acronym="KRCS", contact_email="cop@krcs.example"
    )
    review_user = reviewer()
    review_user.set_password(PASSWORD)
    review_user.save()
    give_authenticator(review_user)
    decide_user = decider()
    decide_user.set_password(PASSWORD)
    decide_user.save()
    give_authenticator(decide_user)

    # 1. A visitor creates an account and confirms the address.
    page.goto(base + "/")
    check(page)
    main_menu(page).get_by_role("link", name="Join the CoP").click()
    main_menu(page).get_by_role("link", name="Create an account").click()
    check(page)
    page.get_by_label("Full name").fill("Halima Abdi")
    page.get_by_label("Email").fill("halima@pwani.example")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Sign Up").click()
    page.goto(link_in(mailoutbox[-1], "/accounts/confirm-email/", base))
    check(page)
    page.get_by_role("button", name="Confirm").click()

    # 2. She applies for her organisation, saves, uploads a document and submits.
    page.goto(base + "/members/apply/")
    check(page)
    page.get_by_label("Institutional membership").check()
    page.get_by_role("button", name="Start the application").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("details")
    check(page)
    page.get_by_label("Organisation name").fill("Pwani Cash Alliance")
    page.get_by_label("Category").select_option(
        label="National or local NGO or community-based organisation"
    )
    page.get_by_label("Legal status").fill("Registered NGO")
    page.get_by_label("Social assistance").check()
    page.get_by_label("Works nationally").check()
    page.get_by_label("What the organisation does").fill("Cash plus programmes on the coast.")
    page.get_by_label("How you fit the CoP's objectives").fill("We deliver cash transfers.")
    page.get_by_label("Nominating member").select_option(
        label="National Drought Management Authority (NDMA)"
    )
    page.locator("#id_contacts-0-job_title").fill("Director")
    page.locator("#id_contacts-1-full_name").fill("Baraka Mwangi")
    page.locator("#id_contacts-1-job_title").fill("Finance lead")
    page.locator("#id_contacts-1-email").fill("baraka@pwani.example")
    page.get_by_role("button", name="Save and add documents").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Supporting documents")
    check(page)
    page.get_by_label("Kind of document").select_option(label="Certificate of registration")
    page.get_by_label("File").set_input_files(
        {"name": "certificate.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("link", name="certificate.pdf")).to_be_visible()
    page.get_by_role("link", name="Back to the application").click()
    check(page)
    page.get_by_role("button", name="Submit the application").click()
    expect(page.get_by_text("Awaiting nomination").first).to_be_visible()
    check(page)
    application = MembershipApplication.objects.get(organisation_name="Pwani Cash Alliance")
    assert application.status == "submitted"
    sign_out(page)

    # 3. The nominating member's focal person endorses it from the e-mail.
    request = next(m for m in mailoutbox if m.to == [focal.user.email])
    nomination_url = link_in(request, "/members/nominations/", base)
    sign_in(page, base, focal.user.email)
    page.goto(nomination_url)
    check(page)
    page.get_by_label("Endorse this application").check()
    page.get_by_label("Comment").fill("We work with them in Kilifi.")
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_text("Endorsed").first).to_be_visible()
    sign_out(page)

    # 4. A reviewer reads it, opens the document and recommends approval.
    sign_in(page, base, review_user.email)
    page.goto(base + "/members/review/")
    check(page)
    page.get_by_role("link", name="Pwani Cash Alliance").click()
    check(page)
    expect(page.get_by_role("link", name="certificate.pdf")).to_be_visible()
    for criterion in ("alignment", "value_added", "credibility", "scope"):
        page.locator(f"#id_recommend_{criterion}_0").check()
    page.locator("#id_recommend_verdict_0").check()
    page.locator("#id_recommend_reason").fill("Credible, coastal reach, audited accounts.")
    page.get_by_role("button", name="Record my recommendation").click()
    expect(page.get_by_text("Your recommendation is recorded.")).to_be_visible()
    check(page)
    sign_out(page)

    # 5. A decider approves.
    sign_in(page, base, decide_user.email)
    page.goto(base + f"/members/review/{application.pk}/")
    page.get_by_role("group", name="Decision").get_by_label("Approve").check()
    page.locator("#id_decide_reason").fill("Meets the criteria; welcome.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("The decision is recorded")).to_be_visible()
    check(page)
    organisation = Organisation.objects.get(name="Pwani Cash Alliance")
    assert organisation.status == "active"
    sign_out(page)

    # 6. The invited contact sets a password, accepts the code of conduct, sees member content.
    invitation = next(
        m
        for m in mailoutbox
        if m.to == ["baraka@pwani.example"] and "/members/invitations/" in m.body
    )
    page.goto(link_in(invitation, "/members/invitations/", base))
    check(page)
    page.get_by_label("Job title").fill("Finance lead")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name=re.compile("Create")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Code of conduct")
    check(page)
    page.get_by_label("I have read the code of conduct").check()
    page.get_by_role("button", name="Accept").click()
    page.goto(base + "/members/krcs/")
    expect(page.get_by_role("link", name="cop@krcs.example")).to_be_visible()
    check(page)
    assert csp_violations == []
