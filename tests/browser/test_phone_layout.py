"""On a phone the main navigation is one row, a "Menu" disclosure that opens with a tap, with
or without JavaScript; on a wide screen every link is there at once."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

LINKS = ["Home", "Members", "Committees", "Working groups", "Documents", "Bulletin", "Events"]


def header_rows(page):
    """How many rows the header's content takes: an item that starts below the bottom of
    every item before it begins a new row."""
    return page.evaluate(
        """() => {
          const boxes = [...document.querySelectorAll('.site-header__inner > *')]
            .map(e => e.getBoundingClientRect()).filter(b => b.height > 0);
          let rows = 0, bottom = -Infinity;
          for (const box of boxes) {
            if (box.top >= bottom) { rows += 1; }
            bottom = Math.max(bottom, box.bottom);
          }
          return rows;
        }"""
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
def test_on_a_phone_the_menu_is_one_row_and_opens_with_a_tap(live_server, browser, javascript):
    context = browser.new_context(
        viewport={"width": 360, "height": 780}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.goto(live_server.url + "/documents/")
    nav = page.get_by_role("navigation", name="Main")

    assert header_rows(page) == 1
    for name in LINKS:
        expect(nav.get_by_role("link", name=name, exact=True)).to_be_hidden()

    nav.get_by_text("Menu").click()

    for name in LINKS:
        expect(nav.get_by_role("link", name=name, exact=True)).to_be_visible()
    if javascript:
        assert_accessible(page)
    nav.get_by_role("link", name="Members", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Member directory")
    context.close()


def test_on_a_wide_screen_every_link_shows_without_a_menu_button(live_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/")
    nav = page.get_by_role("navigation", name="Main")

    expect(nav.get_by_text("Menu")).to_be_hidden()
    for name in LINKS:
        expect(nav.get_by_role("link", name=name, exact=True)).to_be_visible()
    assert_accessible(page)
    context.close()


def test_on_a_phone_the_documents_filters_come_first_and_fold(live_server, browser):
    from tests import factories

    factories.document(title="Inua Jamii review", type="policy", visibility="public")
    context = browser.new_context(viewport={"width": 360, "height": 780})
    page = context.new_page()
    page.goto(live_server.url + "/documents/")
    toggle = page.get_by_text("Filters", exact=True)
    policy = page.get_by_label("Policy")
    result = page.get_by_role("link", name="Inua Jamii review")

    assert toggle.bounding_box()["y"] < result.bounding_box()["y"]
    expect(policy).to_be_hidden()

    toggle.click()
    policy.check()
    page.get_by_role("button", name="Apply filters").click()

    expect(page.get_by_text("Filters (1 chosen)")).to_be_visible()
    expect(result).to_be_visible()
    assert_accessible(page)
    context.close()


def test_on_a_wide_screen_the_documents_filters_are_open_beside_the_results(live_server, browser):
    from tests import factories

    factories.document(title="Inua Jamii review", type="policy", visibility="public")
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/documents/")

    expect(page.get_by_label("Policy")).to_be_visible()
    expect(page.get_by_text("Filters", exact=True)).to_be_hidden()
    assert_accessible(page)
    context.close()
