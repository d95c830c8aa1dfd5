"""Real-world documents in Chromium, axe-clean at phone and desk widths (decision 0025): a
member uploads a scanned letter in Kiswahili and a long report, the worker reads the scan by
OCR, the document page says so with its caveat, and a search finds the letter by a word in
the picture and the report by a word on its last page, with a link opening that page."""

import os
import shutil

import pytest
from playwright.sync_api import expect

from repository.models import Document
from tests.browser.axe import assert_accessible
from tests.browser.test_repository_journey import PASSWORD, run_task_worker, sign_in
from tests.factories import PersonFactory, UserFactory, samples
from tests.repository_extraction.test_real_world import LETTER_SW

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is installed by CI"),
]

SHOTS = os.environ.get("SHOTS_DIR")


def shot(page, name):
    """Screenshots for people to look at, when SHOTS_DIR is set (not by CI)."""
    if not SHOTS:
        return
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 360, "height": 740})


def upload(page, base, title, path):
    page.goto(base + "/documents/new/")
    form = page.get_by_role("main")
    form.get_by_label("Title").fill(title)
    form.get_by_label("Type").select_option(label="Evaluation report")
    form.get_by_label("Members of the CoP").check()
    form.get_by_label("File", exact=True).set_input_files(path)
    form.get_by_role("button", name="Save the document").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_a_scan_is_read_by_ocr_and_hits_say_their_page(live_server, page, settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    base = live_server.url
    member = PersonFactory(user=UserFactory(password=PASSWORD)).user
    letter = tmp_path / "barua.pdf"
    letter.write_bytes(samples.scanned_pdf(LETTER_SW))
    report = tmp_path / "report.pdf"
    report.write_bytes(
        samples.pdf(*[f"Chapter {n} on cash transfers" for n in range(1, 37)], "Lodwar desk")
    )
    sign_in(page, base, member)
    page.set_viewport_size({"width": 360, "height": 740})

    upload(page, base, "Barua ya malalamiko", letter)
    upload(page, base, "County grievance report", report)
    run_task_worker()
    assert set(Document.objects.values_list("index_status", flat=True)) == {"indexed"}

    # The letter's page says its text was read by OCR and may have mistakes.
    page.goto(base + Document.objects.get(title="Barua ya malalamiko").get_absolute_url())
    expect(page.get_by_text("read by OCR from an image of the page")).to_be_visible()
    assert_accessible(page)
    shot(page, "ocr-document")

    # A word only in the picture finds the letter.
    page.goto(base + "/documents/?q=malalamiko")
    result = page.locator(".document-list > li").filter(has_text="Barua ya malalamiko")
    expect(result.locator(".search-snippet mark")).to_have_text("malalamiko")

    # A word on the report's last page: the hit says so and links to that page.
    page.goto(base + "/documents/?q=lodwar")
    link = page.get_by_role("link", name="Found on page 37")
    expect(link).to_be_visible()
    assert link.get_attribute("href").endswith("/download/#page=37")
    assert_accessible(page)
    shot(page, "found-on-page")
