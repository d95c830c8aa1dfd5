"""A focal person keeps their organisation's profile, programmes and people, in Chromium."""

import pytest
from playwright.sync_api import expect

from members.models import CodeOfConduct, Invitation, ReachFigure
from tests.browser.axe import assert_accessible
from tests.browser.nav import main_menu
from tests.factories import OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-pass-phrase-7"


def test_focal_person_updates_profile_adds_a_programme_and_invites_a_colleague(
    live_server, page, mailoutbox, csp_violations
):
    base = live_server.url
    organisation = OrganisationFactory(name="Pwani Cash Alliance", slug="pwani")
    focal = PersonFactory(
        organisation=organisation, is_focal_person=True, user=UserFactory(password=PASSWORD)
    )
    PersonFactory(organisation=organisation, user=UserFactory(full_name="Juma Colleague"))
    code = CodeOfConduct.objects.create(version="1.0", text="Share in good faith.")
    code.acceptances.create(user=focal.user)

    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(focal.user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    main_menu(page).get_by_role("link", name="My account").click()
    page.get_by_role("link", name="My organisation").click()
    assert_accessible(page)
    page.get_by_label("Description").fill("Cash plus along the coast, with savings groups.")
    page.get_by_role("button", name="Save").first.click()
    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Programmes").click()
    assert_accessible(page)
    page.get_by_role("link", name="Add a programme").click()
    assert_accessible(page)
    page.get_by_label("Name").fill("Coastal cash plus")
    page.get_by_label("Pillar").select_option(label="Social assistance")
    page.locator("#id_reach-0-year").fill("2025")
    page.locator("#id_reach-0-reached").fill("12500")
    page.locator("#id_reach-0-source").fill("Programme MIS, December 2025")
    page.get_by_role("button", name="Save programme").click()
    expect(page.get_by_text("Coastal cash plus").first).to_be_visible()
    assert_accessible(page)
    assert ReachFigure.objects.get(programme__name="Coastal cash plus").reached == 12500

    page.get_by_role("link", name="People").click()
    assert_accessible(page)
    expect(page.get_by_role("rowheader", name="Juma Colleague")).to_be_visible()
    page.get_by_label("Full name").fill("Neema Mwakio")
    page.get_by_label("E-mail address").fill("neema@pwani.example")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("neema@pwani.example").first).to_be_visible()
    assert_accessible(page)
    assert Invitation.objects.filter(
        email="neema@pwani.example", organisation=organisation
    ).exists()
    assert any(m.to == ["neema@pwani.example"] for m in mailoutbox)

    page.goto(base + "/members/pwani/")
    expect(page.get_by_text("Cash plus along the coast, with savings groups.")).to_be_visible()
    expect(page.get_by_role("heading", name="Coastal cash plus")).to_be_visible()
    assert_accessible(page)
    assert csp_violations == []
