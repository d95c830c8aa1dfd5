import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.browser.nav import main_menu

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_filters_the_directory_and_opens_a_profile(live_server, page, csp_violations):
    call_command("seed_demo", force=True, documents=False, stdout=open("/dev/null", "w"))  # noqa: SIM115

    page.goto(live_server.url + "/")
    main_menu(page).get_by_role("link", name="Members").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Member directory")
    assert_accessible(page)

    page.get_by_label("Pillar", exact=True).select_option(label="Social security")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("link", name="National Social Security Fund")).to_be_visible()
    expect(page.get_by_role("link", name="World Food Programme")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="National Social Security Fund").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("National Social Security Fund")
    expect(page.get_by_role("heading", name="Haba Haba informal sector savings")).to_be_visible()
    expect(page.get_by_text("Contact details are shown to signed-in members.")).to_be_visible()
    assert_accessible(page)
    assert csp_violations == []
