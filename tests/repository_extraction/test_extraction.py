"""Text extraction runs the real worker subprocess: ordinary documents give their text,
hostile ones give a reason, and the calling process carries on either way."""

import subprocess
import sys
import time

import pytest

from repository import extract_worker as worker
from repository.extraction import extract_text
from tests.factories import samples

KISWAHILI = "Ulinzi wa kijamii"


@pytest.fixture
def write(tmp_path):
    """Write bytes (or text as UTF-8) to a file in a temporary folder; return its path."""

    def write(data, name="upload"):
        path = tmp_path / name
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        return path

    return write


@pytest.fixture
def test_hooks(monkeypatch):
    monkeypatch.setenv(worker.TEST_HOOKS_ENV, "1")


def assert_refused(result, code, starts_with):
    assert not result.ok
    assert result.text == ""
    assert result.code == code
    assert result.error.startswith(starts_with), result.error


# Ordinary documents -------------------------------------------------------------------------


def test_pdf_text_is_read_page_by_page(write):
    path = write(samples.pdf("Hunger Safety Net", KISWAHILI))

    result = extract_text(path, worker.PDF)

    assert result.ok, result.error
    assert result.error == ""
    assert result.text.index("Hunger Safety Net") < result.text.index(KISWAHILI)


def test_docx_paragraphs_are_read_on_their_own_lines(write):
    path = write(samples.docx("Hunger Safety Net Programme", f"{KISWAHILI} — Kenya"))

    result = extract_text(path, worker.DOCX)

    assert result.ok, result.error
    assert result.text.splitlines() == ["Hunger Safety Net Programme", f"{KISWAHILI} — Kenya"]


def test_xlsx_shared_and_inline_strings_are_read(write):
    path = write(samples.xlsx(shared=["Inua Jamii", KISWAHILI], inline=["Cash transfers"]))

    result = extract_text(path, worker.XLSX)

    assert result.ok, result.error
    assert result.text.split() == ["Inua", "Jamii", "Ulinzi", "wa", "kijamii", "Cash", "transfers"]


def test_pptx_slides_are_read_in_slide_order(write):
    slides = [f"Slide {n}" for n in range(1, 12)]
    path = write(samples.pptx(*slides))

    result = extract_text(path, worker.PPTX)

    assert result.ok, result.error
    # slide10.xml comes after slide9.xml, not after slide1.xml.
    assert result.text.splitlines() == slides


def test_odt_paragraphs_keep_spans_spaces_and_headings(write):
    body = (
        "<text:h>Mpango wa Taifa</text:h>"
        f"<text:p>{KISWAHILI}<text:s/>na <text:span>usalama</text:span> wa chakula</text:p>"
        '<text:p>One<text:s text:c="3"/>Two<text:tab/>Three</text:p>'
    )
    path = write(samples.odt(body))

    result = extract_text(path, worker.ODT)

    assert result.ok, result.error
    assert result.text.splitlines() == [
        "Mpango wa Taifa",
        f"{KISWAHILI} na usalama wa chakula",
        "One   Two\tThree",
    ]


@pytest.mark.parametrize("content_type", [worker.CSV, worker.TXT])
def test_plain_text_is_decoded_as_utf8(write, content_type):
    data = f"\ufeffname,phrase\nHSNP,{KISWAHILI} — “tested”\n".encode() + b"bad \xff byte\n"
    path = write(data)

    result = extract_text(path, content_type)

    assert result.ok, result.error
    assert result.text.startswith("name,phrase\n")  # the byte-order mark is dropped
    assert f"{KISWAHILI} — “tested”" in result.text
    assert "bad \ufffd byte" in result.text


def test_an_image_without_words_has_no_text_and_is_not_an_error(write):
    path = write(samples.image_upload(size=(300, 200)).read())

    result = extract_text(path, "image/png")

    assert result.ok
    assert result.text.strip() == ""
    assert result.status == "empty"
    assert result.message.startswith("No text found:")


def test_an_unsupported_type_is_reported(write):
    path = write(b"PK\x03\x04")

    result = extract_text(path, "application/zip")

    assert_refused(result, "unsupported", "The file could not be read:")


# Caps ---------------------------------------------------------------------------------------


def test_huge_text_is_capped_at_max_chars(write):
    path = write("é" * 50_000)

    result = extract_text(path, worker.TXT, max_chars=1000)

    assert result.ok
    assert result.text == "é" * 1000


def test_pdf_reading_stops_at_max_chars(write):
    path = write(samples.pdf(*[f"Page {n} " + "x" * 80 for n in range(1, 51)]))

    result = extract_text(path, worker.PDF, max_chars=200)

    assert result.ok
    assert len(result.text) == 200
    assert "Page 1 " in result.text
    assert "Page 50 " not in result.text


def test_docx_reading_stops_at_max_chars(write):
    path = write(samples.docx(*["Hunger Safety Net"] * 1000))

    result = extract_text(path, worker.DOCX, max_chars=100)

    assert result.ok
    assert len(result.text) == 100


def test_a_long_document_is_read_in_flat_memory(write):
    # 17 MB of XML: 700,000 paragraphs would need well over 100 MB held as a tree.
    path = write(samples.docx_many_empty_paragraphs(700_000))

    result = extract_text(path, worker.DOCX, memory_mb=100)

    assert result.ok, result.error
    # Empty paragraphs do not fill the text with blank lines.
    assert result.text == "Hunger Safety Net\n"


def test_max_chars_defaults_to_the_setting(write, settings):
    settings.REPOSITORY_TEXT_MAX_CHARS = 10
    path = write("Hunger Safety Net")

    assert extract_text(path, worker.TXT).text == "Hunger Saf"


def test_nul_characters_are_dropped(write):
    path = write(b"Hunger\x00 Safety Net")

    assert extract_text(path, worker.TXT).text == "Hunger Safety Net"


# Hostile and broken files -------------------------------------------------------------------


def test_zip_bomb_inside_a_docx_is_refused_before_unpacking(write):
    # 200 MB of zeros compressed to about 200 KB: over the 100 MB unpacked limit.
    path = write(samples.docx_zip_bomb(200 * 1024 * 1024))

    result = extract_text(path, worker.DOCX, memory_mb=200)

    assert_refused(result, "too_large_unpacked", "The file could not be read:")


def test_a_member_compressed_like_a_bomb_is_refused_even_under_the_size_limit(write):
    # 20 MB of zeros: within the size limit, but compressed about 1,000 to 1.
    path = write(samples.docx_zip_bomb(20 * 1024 * 1024))

    result = extract_text(path, worker.DOCX)

    assert_refused(result, "zip_bomb", "The file could not be read:")


def test_a_zip_with_too_many_members_is_refused(write):
    parts = {f"word/media/{n}.txt": "" for n in range(worker.ZIP_MAX_MEMBERS + 1)}
    parts["word/document.xml"] = samples.document_xml("Hunger Safety Net")
    path = write(samples.zip_of(parts))

    result = extract_text(path, worker.DOCX)

    assert_refused(result, "too_many_parts", "The file could not be read:")


@pytest.mark.parametrize(
    "document",
    [
        pytest.param(samples.BILLION_LAUGHS, id="billion-laughs"),
        pytest.param(samples.EXTERNAL_ENTITY, id="external-entity"),
        # Past the first 4 KB the worker's quick check misses it; the parser still refuses.
        pytest.param(
            samples.BILLION_LAUGHS.replace("<!DOCTYPE", "<!--" + "x" * 5000 + "-->\n<!DOCTYPE"),
            id="billion-laughs-after-a-long-comment",
        ),
    ],
)
def test_xml_entity_declarations_in_a_docx_are_refused(write, document):
    path = write(samples.docx(document=document))

    result = extract_text(path, worker.DOCX)

    assert_refused(result, "xml_declarations", "The file could not be read:")


def test_deeply_nested_pdf_is_read_without_recursing(write):
    # PDFium parses with a depth limit of its own instead of recursing on the nesting:
    # the worker neither crashes nor runs out of stack, and the page's text is read.
    path = write(samples.pdf_deeply_nested())

    result = extract_text(path, worker.PDF)

    assert result.ok, result.error
    assert result.text == "Hunger Safety Net\n"


def test_pdf_with_too_many_pages_is_read_up_to_the_page_cap(write):
    path = write(samples.pdf(*[f"p{n}" for n in range(1, worker.PDF_MAX_PAGES + 2)]))

    result = extract_text(path, worker.PDF)

    assert result.ok, result.error
    assert result.status == "partial"
    assert len(result.pages) == worker.PDF_MAX_PAGES
    assert result.page_count == worker.PDF_MAX_PAGES + 1
    assert result.pages[-1] == f"p{worker.PDF_MAX_PAGES}\n"
    assert "only its first 2,000 pages were read" in result.message


def test_password_protected_pdf_is_refused(write):
    path = write(samples.pdf_encrypted())

    result = extract_text(path, worker.PDF)

    assert_refused(result, "encrypted", "The file could not be read:")


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        pytest.param(b"<html><script>alert(1)</script></html>", worker.PDF, id="html-as-pdf"),
        pytest.param(b"<html></html>", worker.DOCX, id="html-as-docx"),
        pytest.param(samples.zip_of({"a.txt": "a"}), worker.DOCX, id="zip-without-document"),
        pytest.param(samples.zip_of({"a.txt": "a"}), worker.PPTX, id="zip-without-slides"),
        pytest.param(
            samples.docx(document="<w:document><w:body>"), worker.DOCX, id="truncated-xml"
        ),
    ],
)
def test_a_file_that_is_not_what_its_type_says_is_reported_damaged(write, data, content_type):
    path = write(data)

    result = extract_text(path, content_type)

    assert_refused(result, "damaged", "The file could not be read:")


def test_a_missing_file_is_reported_not_raised(tmp_path):
    result = extract_text(tmp_path / "gone", worker.PDF)

    assert_refused(result, "damaged", "The file could not be read:")


# Limits of the worker process ---------------------------------------------------------------


@pytest.mark.usefixtures("test_hooks")
def test_a_file_that_keeps_the_worker_busy_times_out(write):
    path = write("x")
    started = time.monotonic()

    result = extract_text(path, worker.TEST_SLEEP, timeout=2)

    assert_refused(result, "timeout", "The file took too long")
    assert time.monotonic() - started < 5


@pytest.mark.usefixtures("test_hooks")
def test_a_file_that_needs_too_much_memory_is_stopped(write):
    path = write("x")

    result = extract_text(path, worker.TEST_ALLOCATE, memory_mb=100)

    assert_refused(result, "memory", "The file needs too much memory")


@pytest.mark.usefixtures("test_hooks")
def test_the_worker_cannot_write_files(write):
    path = write("x")

    result = extract_text(path, worker.TEST_WRITE)

    assert_refused(result, "damaged", "The file could not be read:")
    written = path.with_name(path.name + ".written")
    assert not written.exists() or written.stat().st_size == 0


@pytest.mark.usefixtures("test_hooks")
def test_a_worker_crash_is_reported(write):
    path = write("x")

    result = extract_text(path, worker.TEST_CRASH)

    assert_refused(result, "crashed", "The file could not be read:")


def test_test_content_types_are_ignored_without_the_switch(write, monkeypatch):
    monkeypatch.delenv(worker.TEST_HOOKS_ENV, raising=False)
    path = write("x")

    result = extract_text(path, worker.TEST_SLEEP, timeout=2)

    assert_refused(result, "unsupported", "The file could not be read:")


@pytest.mark.usefixtures("test_hooks")
def test_the_worker_gets_none_of_the_portals_environment(write, monkeypatch):
    monkeypatch.setenv("DJANGO_SECRET_KEY", "do-not-leak")
    monkeypatch.setenv("DATABASE_URL", "postgres://user:secret@db/portal")
    path = write("x")

    result = extract_text(path, worker.TEST_ENVIRONMENT)

    assert result.ok, result.error
    names = set(result.text.split())
    assert "DJANGO_SECRET_KEY" not in names
    assert "DATABASE_URL" not in names


def test_the_worker_does_not_load_django(settings):
    # It parses untrusted files: it should load as little as it can, and none of the portal.
    code = (
        "import sys, repository.extract_worker as w; "
        "w.extract('/dev/null', 'text/plain', 10); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'cop_portal'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.strip() == "[]"
