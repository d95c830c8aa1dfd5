"""Real-world files (decision 0025): what PDFium, the normalisation, the office parts and OCR
give, and the status that tells the truth about each file. Every file goes through the real
sandboxed worker (and Tesseract for scans)."""

import re
import shutil

import pytest

from repository import extract_worker as worker
from repository.extraction import extract_text
from tests.factories import samples

LETTER_EN = [
    "Ministry of Labour and Social Protection",
    "Dear Coordinator,",
    "The county office in Marsabit received the grievance",
    "forms and will answer every household within thirty days.",
]
LETTER_SW = [
    "Wizara ya Kazi na Ulinzi wa Kijamii",
    "Mpendwa Mratibu,",
    "Ofisi ya kaunti ya Turkana imepokea malalamiko",
    "na itajibu kila kaya ndani ya siku thelathini.",
]

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="Tesseract is installed by .ci/run and make test"
)


@pytest.fixture
def write(tmp_path):
    def write(data, name="upload"):
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return write


# Normalisation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "searchable"),
    [
        pytest.param(
            "o\ufb03cial di\ufb00erent \ufb01eld \ufb02ow",
            "official different field flow",
            id="ligatures",
        ),
        pytest.param("regis\u00ad\ntration", "registration", id="soft-hyphen-at-line-end"),
        pytest.param("lact\x02ating", "lactating", id="pdfium-hyphen-mark"),
        pytest.param("sub-\ncounty office", "sub-county office", id="compound-keeps-its-hyphen"),
        pytest.param("Ｋｅｎｙａ", "Kenya", id="full-width"),
        pytest.param("one\r\ntwo\fthree", "one\ntwo\nthree", id="line-ends-and-form-feeds"),
    ],
)
def test_text_is_normalised_for_search(raw, searchable):
    assert worker.normalise(raw) == searchable


def test_ligatures_in_a_word_document_are_read_as_letters(write):
    path = write(samples.docx("The o\ufb03cial \ufb01gures di\ufb00er"))

    result = extract_text(path, worker.DOCX)

    assert result.text == "The official figures differ\n"


# PDFs the old reader refused or misread -------------------------------------------------------


def test_pdf_pages_are_kept_apart(write):
    path = write(samples.pdf("Inua Jamii", "Hunger Safety Net", "Ulinzi wa kijamii"))

    result = extract_text(path, worker.PDF)

    assert result.pages == ("Inua Jamii\n", "Hunger Safety Net\n", "Ulinzi wa kijamii\n")
    assert result.status == "searchable"
    assert result.message.startswith("47 characters read from 3 pages.")


def test_a_pdf_with_a_broken_cross_reference_table_is_repaired_and_read(write):
    path = write(samples.pdf_broken_xref("Hunger Safety Net", "Second page"))

    result = extract_text(path, worker.PDF)

    assert result.ok, result.error
    assert result.pages == ("Hunger Safety Net\n", "Second page\n")


def test_a_pdf_with_bytes_before_its_header_is_read(write):
    path = write(samples.pdf_with_prefix("Hunger Safety Net"))

    result = extract_text(path, worker.PDF)

    assert result.ok, result.error
    assert result.text == "Hunger Safety Net\n"


def test_pdf_form_fields_are_read_on_their_page(write):
    path = write(samples.pdf_with_form("Marsabit county office"))

    result = extract_text(path, worker.PDF)

    assert result.pages == ("Marsabit county office\n",)


def test_a_password_protected_pdf_says_so_and_what_to_do(write):
    result = extract_text(write(samples.pdf_encrypted()), worker.PDF)

    assert result.status == "protected"
    assert "protected by a password" in result.message
    assert "Upload a version without a password" in result.message


def test_a_damaged_pdf_says_so_and_what_to_do(write):
    result = extract_text(write(samples.PDF_BYTES), worker.PDF)

    assert result.status == "damaged"
    assert "save or export it again" in result.message


def test_a_pdf_over_the_character_cap_is_partly_read(write):
    path = write(samples.pdf(*[f"Page {n} " + "x" * 80 for n in range(1, 11)]))

    result = extract_text(path, worker.PDF, max_chars=300)

    assert result.status == "partial"
    assert len(result.text) <= 300
    assert "more text than the portal keeps" in result.message


# Office files ---------------------------------------------------------------------------------


def test_docx_footnotes_comments_headers_and_footers_are_read(write):
    path = write(
        samples.docx_with_notes(
            "Inua Jamii",
            footnote="Source: Kenya National Bureau of Statistics",
            comment="Check the Turkana figures",
            header="Ministry of Labour and Social Protection",
            footer="Kenya Social Protection Sector Review",
        )
    )

    result = extract_text(path, worker.DOCX)

    assert result.text.splitlines() == [
        "Inua Jamii",
        "Source: Kenya National Bureau of Statistics",
        "Check the Turkana figures",
        "Ministry of Labour and Social Protection",
        "Kenya Social Protection Sector Review",
    ]


def test_odt_headers_and_footers_are_read(write):
    path = write(samples.odt_with_header("Mwili", header="Kichwa cha ukurasa", footer="Mguu"))

    result = extract_text(path, worker.ODT)

    assert result.text.splitlines() == ["Mwili", "Kichwa cha ukurasa", "Mguu"]


def test_a_pptx_without_slides_has_no_text_and_is_not_damaged(write):
    result = extract_text(write(samples.pptx_without_slides()), worker.PPTX)

    assert result.ok
    assert result.status == "empty"
    assert result.message.startswith("No text found:")


def test_each_slide_and_sheet_is_a_page(write):
    slides = extract_text(write(samples.pptx("One", "Two"), "deck"), worker.PPTX)
    sheets = extract_text(
        write(samples.xlsx(shared=["Inua"], inline=["Jamii"]), "book"), worker.XLSX
    )

    assert slides.pages == ("One\n", "Two\n")
    assert [page.split() for page in sheets.pages] == [["Inua"], [], ["Jamii"]]


# OCR ------------------------------------------------------------------------------------------


@needs_tesseract
@pytest.mark.parametrize("letter", [LETTER_EN, LETTER_SW], ids=["english", "kiswahili"])
def test_a_scanned_letter_is_read_by_ocr(write, letter):
    result = extract_text(write(samples.scanned_pdf(letter)), worker.PDF)

    assert result.status == "searchable"
    assert result.ocr_pages == 1
    assert re.findall(r"\w+", result.text) == re.findall(r"\w+", " ".join(letter))
    assert "read by OCR" in result.message
    assert "may have mistakes" in result.message


@needs_tesseract
def test_an_image_is_read_by_ocr(write):
    result = extract_text(write(samples.scanned_png(LETTER_SW)), "image/png")

    assert result.ocr_pages == 1
    assert "malalamiko" in result.text


@needs_tesseract
def test_a_blank_scan_says_no_text_found_never_searchable(write):
    result = extract_text(write(samples.scanned_pdf([])), worker.PDF)

    assert result.status == "empty"
    assert result.ocr_pages == 1
    assert "reading it by OCR found no words" in result.message


def test_without_ocr_a_scan_says_no_text_found(write, settings):
    settings.REPOSITORY_OCR = False

    result = extract_text(write(samples.scanned_pdf(LETTER_EN)), worker.PDF)

    assert result.status == "empty"
    assert result.message.startswith("No text found:")


@needs_tesseract
def test_ocr_stops_at_the_page_cap(write, settings):
    settings.REPOSITORY_OCR_MAX_PAGES = 1
    two_pages = samples.scanned_image(["Inua Jamii"])
    path = write(b"")
    two_pages.save(path, "PDF", resolution=300, save_all=True, append_images=[two_pages])

    result = extract_text(path, worker.PDF)

    assert result.ocr_pages == 1
    assert result.status == "partial"
    assert "only the first 1 scanned pages were read by OCR" in result.message
