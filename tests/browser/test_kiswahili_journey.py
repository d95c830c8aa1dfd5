"""A visitor switches to Kiswahili on the home page and goes through the portal: every page
is in Kiswahili (its lang, its headings, none of the portal's English sentences left outside
an element marked as another language) and axe-clean (issue 18)."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from repository.models import Document
from tests import factories
from tests.browser.axe import assert_accessible
from tests.i18n.catalogue import english_sentences

pytestmark = pytest.mark.django_db(transaction=True)


def _names_and_user_content():
    """Names (of bodies, organisations, programmes) and what people wrote (meeting titles,
    document titles and summaries) stay as written: a catalogue sentence inside one is not
    English left by the portal."""
    from committees.models import Body, Meeting
    from members.models import Organisation, Programme

    texts = [*Body.objects.values_list("name", flat=True)]
    texts += Organisation.objects.values_list("name", flat=True)
    texts += Programme.objects.values_list("name", flat=True)
    texts += Meeting.objects.values_list("title", flat=True)
    texts += Document.objects.values_list("title", flat=True)
    texts += Document.objects.values_list("summary", flat=True)
    return texts


def portal_english():
    content = _names_and_user_content()
    return {s for s in english_sentences() if not any(s in text for text in content)}


# The page's own text: what is marked as another language (a document's English title) is
# read in that language and left out.
PAGE_TEXT = """() => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll('[lang]:not([lang="sw"]), script, style').forEach(e => e.remove());
  return body.innerText;
}"""


def main_menu(page):
    """tests.browser.nav.main_menu, for the menu named in Kiswahili ("Kuu", "Menyu")."""
    nav = page.get_by_role("navigation", name="Kuu")
    toggle = nav.locator("summary")
    if toggle.is_visible() and not nav.locator("details").evaluate("menu => menu.open"):
        toggle.click()
    return nav


def assert_kiswahili(page, heading, english):
    expect(page.locator("html")).to_have_attribute("lang", "sw")
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    text = page.evaluate(PAGE_TEXT)
    left = sorted(sentence for sentence in english if sentence in text)
    assert not left, f"English left on {page.url}: {left}"
    assert_accessible(page)


def test_a_visitor_reads_the_portal_in_kiswahili(live_server, page, csp_violations):
    call_command("seed_demo", force=True, documents=False, stdout=open("/dev/null", "w"))  # noqa: SIM115
    factories.document(
        title="Kenya social protection sector review",
        summary="Findings of the sector review on cash transfers.",
        visibility=Document.Visibility.PUBLIC,
        language=Document.Language.ENGLISH,
    )
    english = portal_english()

    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Kiswahili").click()
    assert_kiswahili(page, "Jumuiya ya ulinzi wa jamii ya Kenya, mahali pamoja", english)
    expect(page.get_by_role("button", name="English")).to_have_attribute("lang", "en")

    main_menu(page).get_by_role("link", name="Wanachama").click()
    assert_kiswahili(page, "Orodha ya wanachama", english)
    page.get_by_role("combobox", name="Nguzo").select_option(index=1)
    page.get_by_role("button", name="Chuja").click()
    assert_kiswahili(page, "Orodha ya wanachama", english)
    page.locator("main h2 a, main h3 a").first.click()
    expect(
        page.get_by_text("Maelezo ya mawasiliano huonyeshwa kwa wanachama walioingia.")
    ).to_be_visible()
    assert_kiswahili(page, "", english)

    main_menu(page).get_by_role("link", name="Matukio").click()
    assert_kiswahili(page, "Matukio", english)
    page.get_by_role("link", name="Mwonekano wa mwezi").click()
    assert_kiswahili(page, "Matukio ya", english)

    main_menu(page).get_by_role("link", name="Vikundi kazi").click()
    assert_kiswahili(page, "Vikundi kazi vya kimaudhui", english)
    page.locator("main table a").first.click()
    expect(page.get_by_role("heading", name="Hadidu za rejea")).to_be_visible()
    assert_kiswahili(page, "", english)

    main_menu(page).get_by_role("link", name="Nyaraka").click()
    assert_kiswahili(page, "Nyaraka", english)
    page.get_by_label(
        "Tafuta katika vichwa, muhtasari, lebo na maandishi yaliyo ndani ya faili"
    ).fill("sector review")
    page.get_by_role("button", name="Tafuta").click()
    title = page.get_by_role("heading", name="Kenya social protection sector review")
    expect(title).to_have_attribute("lang", "en")
    assert_kiswahili(page, "Nyaraka", english)
    expect(page).to_have_title(re.compile("Nyaraka zinazolingana na “sector review”"))

    main_menu(page).get_by_role("link", name="Jarida").click()
    assert_kiswahili(page, "Jarida la Ulinzi wa Jamii Kenya", english)
    page.get_by_role("link", name="Jisajili kupokea jarida").first.click()
    assert_kiswahili(page, "Jisajili kupokea Jarida la Ulinzi wa Jamii Kenya", english)

    main_menu(page).get_by_role("link", name="Jiunge na CoP").click()
    assert_kiswahili(page, "Jiunge na CoP", english)
    page.get_by_role("link", name="Fungua akaunti na uombe").click()
    assert_kiswahili(page, "", english)
    expect(page.get_by_label("Jina kamili")).to_be_visible()
    expect(page.get_by_role("button", name="Jisajili")).to_be_visible()
    assert csp_violations == []
