"""The repository in Chromium, axe-clean on a phone-sized screen: a member uploads a PDF, the
page says it waits to be indexed, the task worker reads it, the member finds the document by
a phrase that is only inside the file, sees the highlighted snippet, opens the document and
downloads exactly the bytes uploaded."""

import re
import signal

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult
from playwright.sync_api import expect

from demo import files as demo_files
from repository.models import Document
from tests.browser.axe import assert_accessible
from tests.browser.nav import main_menu
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-pass-phrase-7"
TITLE = "Pastoral cash transfer review for Isiolo"
SUMMARY = "How households in the rangelands used regular transfers during the dry season."
# Only inside the file: neither the title, the summary nor the tags say it.
PHRASE = "Ngaremara grazing reserve compact"
FILE_TEXT = (
    "Households near Isiolo town moved their herds less often when transfers came on time.\n"
    f"Elders described the {PHRASE} agreed with the county in the dry season."
)


def sign_in(page, base, user):
    page.goto(base + "/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Email").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(main_menu(page).get_by_role("link", name="My account")).to_be_visible()


def run_task_worker():
    """What `manage.py db_worker` does in production, once over the queue. The worker sets
    its own signal handlers: put pytest's back afterwards."""
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command(
            "db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0
        )
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


def test_member_uploads_a_pdf_finds_it_by_a_phrase_inside_and_downloads_it(
    live_server, page, csp_violations, settings, tmp_path
):
    # Production runs indexing in a worker process, after the upload's request: queue the
    # task in the database, as there, instead of running it at once.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    base = live_server.url
    member = PersonFactory(user=UserFactory(password=PASSWORD)).user
    upload = tmp_path / "isiolo-review.pdf"
    upload.write_bytes(demo_files.pdf(FILE_TEXT, "Annex: survey sites", title=TITLE))

    # 1. The member opens the documents, then the upload form, and fills it in.
    sign_in(page, base, member)
    main_menu(page).get_by_role("link", name="Documents").click()
    assert_accessible(page)
    page.get_by_role("link", name="Add a document").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a document")
    assert_accessible(page)
    form = page.get_by_role("main")  # the footer has a "Language" field of its own
    form.get_by_label("Title").fill(TITLE)
    form.get_by_label("Summary").fill(SUMMARY)
    form.get_by_label("Type").select_option(label="Evaluation report")
    form.get_by_label("Language").select_option(label="English")
    form.get_by_label("Members of the CoP").check()
    form.get_by_label("Tags").fill("cash transfers, pastoralists")
    form.get_by_label("File", exact=True).set_input_files(upload)
    form.get_by_role("button", name="Save the document").click()

    # 2. The document's page: saved, and waiting for its text to be read.
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("The text inside the file is being read for search.")).to_be_visible()
    assert_accessible(page)
    document = Document.objects.get()
    assert document.index_status == Document.IndexStatus.PENDING
    assert DBTaskResult.objects.filter(task_path="repository.tasks.index_document").count() == 1

    # 3. The worker reads the file; the page, reloaded, says the document is searchable.
    run_task_worker()
    for _ in range(10):
        page.reload()
        if page.get_by_text("The text inside the file is searchable.").is_visible():
            break
        page.wait_for_timeout(300)
    expect(page.get_by_text("The text inside the file is searchable.")).to_be_visible()
    assert_accessible(page)

    # 4. A search for the phrase inside the file finds it, with the phrase highlighted.
    page.get_by_role("link", name="All documents").click()
    page.get_by_label("Search titles, summaries, tags and the text inside files").fill(
        f'"{PHRASE}"'
    )
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="1 document")).to_be_visible()
    result = page.locator(".document-list > li").filter(has_text=TITLE)
    marks = result.locator(".search-snippet mark")
    expect(marks.first).to_be_visible()
    highlighted = " ".join(marks.all_inner_texts())
    assert re.search(r"Ngaremara", highlighted, re.IGNORECASE), highlighted
    expect(result.locator(".search-snippet")).to_contain_text("grazing reserve")
    assert_accessible(page)

    # 5. The member opens the document and downloads the very bytes uploaded.
    result.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"^Download \(PDF")).click()
    assert download.value.suggested_filename == "isiolo-review.pdf"
    assert open(download.value.path(), "rb").read() == upload.read_bytes()  # noqa: SIM115
    document.refresh_from_db()
    assert document.download_count == 1
    assert csp_violations == []
