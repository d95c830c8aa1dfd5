"""The suggested citation on a document's page and its BibTeX and RIS exports: the style,
the entry types, escaping, the download headers, and visibility."""

import datetime

import pytest
from django.urls import reverse

from repository import citation
from repository.models import Document, Tag
from tests import factories
from tests.factories import OrganisationFactory, document

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 28)
SITE = "https://cop.example.org"


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.SITE_URL = SITE


def loaded(doc):
    """The document as the page loads it (publishers, topics and tags prefetched)."""
    from repository.selectors import document_for_page

    return document_for_page(slug=doc.slug, user=factories.member())


def a_report(**kwargs):
    kwargs.setdefault("title", "Kenya Social Protection Sector Review")
    kwargs.setdefault("type", Document.Type.SECTOR_REVIEW)
    kwargs.setdefault("published_on", datetime.date(2024, 3, 1))
    kwargs.setdefault("slug", "sector-review-2024")
    kwargs.setdefault("visibility", "public")
    doc = document(**kwargs)
    doc.publishers.add(OrganisationFactory(name="State Department for Social Protection"))
    return doc


# -- The suggested citation ---------------------------------------------------------------


def test_citation_names_authors_year_title_type_publisher_url_and_access_date():
    doc = a_report(authors="Achieng Otieno; Baraka Mwangi")
    text = citation.suggested_citation(loaded(doc), today=TODAY)
    assert text == (
        "Achieng Otieno; Baraka Mwangi (2024). Kenya Social Protection Sector Review. "
        "Sector review report. State Department for Social Protection. "
        f"Available at: {SITE}/documents/sector-review-2024/ (accessed 28 November 2026)."
    )


def test_without_authors_the_publisher_stands_as_author_and_is_not_repeated():
    text = citation.suggested_citation(loaded(a_report()), today=TODAY)
    assert text.startswith(
        "State Department for Social Protection (2024). Kenya Social Protection Sector Review. "
        "Sector review report. Available at:"
    )
    assert text.count("State Department") == 1


def test_without_author_publisher_or_date_the_title_leads_and_says_no_date():
    doc = document(visibility="public", title="Notes from Garissa", type=Document.Type.OTHER)
    text = citation.suggested_citation(loaded(doc), today=TODAY)
    assert text.startswith("Notes from Garissa (n.d.). Other. Available at:")


def test_the_page_shows_the_citation_and_links_both_exports(client):
    doc = a_report()
    page = client.get(doc.get_absolute_url()).content.decode()
    assert "State Department for Social Protection (2024)." in page
    assert reverse("repository:cite_bibtex", args=[doc.slug]) in page
    assert reverse("repository:cite_ris", args=[doc.slug]) in page


# -- BibTeX ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("doc_type", "entry"),
    [
        (Document.Type.EVALUATION, "@techreport{"),
        (Document.Type.RESEARCH, "@techreport{"),
        (Document.Type.TRAINING_MANUAL, "@manual{"),
        (Document.Type.GUIDELINE, "@manual{"),
        (Document.Type.POLICY, "@misc{"),
        (Document.Type.VIDEO, "@misc{"),
        (Document.Type.MINUTES, "@misc{"),
    ],
)
def test_bibtex_entry_type_follows_the_document_type(doc_type, entry):
    record = citation.bibtex(loaded(a_report(type=doc_type)), today=TODAY)
    assert record.startswith(entry + "sector-review-2024,\n")


def test_bibtex_record_of_a_report():
    doc = a_report(authors="Achieng Otieno; Baraka Mwangi", summary="Reach and gaps.")
    doc.tags.add(Tag.objects.create(name="cash transfers"))
    record = citation.bibtex(loaded(doc), today=TODAY)
    assert record == (
        "@techreport{sector-review-2024,\n"
        "  author = {Achieng Otieno and Baraka Mwangi},\n"
        "  title = {{Kenya Social Protection Sector Review}},\n"
        "  year = {2024},\n"
        "  date = {2024-03-01},\n"
        "  institution = {State Department for Social Protection},\n"
        "  type = {Sector review report},\n"
        "  language = {english},\n"
        "  abstract = {Reach and gaps.},\n"
        "  keywords = {cash transfers},\n"
        f"  url = {{{SITE}/documents/sector-review-2024/}},\n"
        "  urldate = {2026-11-28}\n"
        "}\n"
    )


def test_bibtex_keeps_an_organisation_as_one_name():
    record = citation.bibtex(loaded(a_report()), today=TODAY)
    assert "  author = {{State Department for Social Protection}},\n" in record


def test_bibtex_escapes_special_characters_and_cannot_be_broken_out_of():
    doc = a_report(
        title="Cash & care: 100% of {households} #1 in_Kenya $5 ~ ^ \\end",
        authors="Ann O'Neil}, @misc{evil",
    )
    record = citation.bibtex(loaded(doc), today=TODAY)
    assert (
        r"title = {{Cash \& care: 100\% of \{households\} \#1 in\_Kenya \$5 "
        r"\textasciitilde{} \textasciicircum{} \textbackslash{}end}}," in record
    )
    assert r"author = {Ann O'Neil\}, @misc\{evil}," in record
    # Braces balance inside every field: nothing a user typed closes the entry early.
    depth = 0
    for index, char in enumerate(record):
        escaped = index > 0 and record[index - 1] == "\\"
        if char == "{" and not escaped:
            depth += 1
        elif char == "}" and not escaped:
            depth -= 1
            assert depth >= 0
            if depth == 0:
                assert record[index:] == "}\n"
    assert depth == 0


def test_bibtex_values_are_one_line():
    doc = a_report(title="Two\nlines", summary="First.\r\n\r\n}\n@misc{x,")
    record = citation.bibtex(loaded(doc), today=TODAY)
    assert "title = {{Two lines}}," in record
    assert r"abstract = {First. \} @misc\{x,}," in record
    assert all(line.startswith(("@", "  ", "}")) for line in record.splitlines())


# -- RIS -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("doc_type", "ris_type"),
    [
        (Document.Type.ANNUAL_REPORT, "RPRT"),
        (Document.Type.POLICY, "GOVDOC"),
        (Document.Type.STRATEGY, "GOVDOC"),
        (Document.Type.MINUTES, "MANSCPT"),
        (Document.Type.PRESENTATION, "SLIDE"),
        (Document.Type.VIDEO, "VIDEO"),
        (Document.Type.FUNDING_APPEAL, "GEN"),
    ],
)
def test_ris_type_follows_the_document_type(doc_type, ris_type):
    record = citation.ris(loaded(a_report(type=doc_type)), today=TODAY)
    assert record.startswith(f"TY  - {ris_type}\r\n")


def test_ris_record_of_a_report():
    group = factories.working_group(name="Shock-Responsive Social Protection")
    doc = a_report(authors="Achieng Otieno; Baraka Mwangi", language="sw")
    doc.topics.add(group)
    record = citation.ris(loaded(doc), today=TODAY)
    assert record == (
        "TY  - RPRT\r\n"
        "AU  - Achieng Otieno\r\n"
        "AU  - Baraka Mwangi\r\n"
        "TI  - Kenya Social Protection Sector Review\r\n"
        "PY  - 2024\r\n"
        "DA  - 2024/03/01\r\n"
        "PB  - State Department for Social Protection\r\n"
        "M3  - Sector review report\r\n"
        "KW  - Shock-Responsive Social Protection\r\n"
        "LA  - sw\r\n"
        f"UR  - {SITE}/documents/sector-review-2024/\r\n"
        "Y2  - 2026/11/28\r\n"
        "ER  - \r\n"
    )


def test_ris_values_cannot_start_a_new_tag():
    doc = a_report(title="Title\r\nER  - \r\nTY  - JOUR", summary="One\nAU  - Intruder\u2028two")
    record = citation.ris(loaded(doc), today=TODAY)
    lines = record.split("\r\n")
    assert lines[-1] == "" and lines[-2] == "ER  - "
    tags = [line[:6] for line in lines[:-1]]
    assert tags.count("ER  - ") == 1 and tags.count("TY  - ") == 1
    assert "AU  - Intruder" not in lines
    assert "TI  - Title ER - TY - JOUR" in lines
    assert "\n" not in record.replace("\r\n", "")


# -- The downloads -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url_name", "content_type", "filename"),
    [
        ("repository:cite_bibtex", "application/x-bibtex; charset=utf-8", "sector-review-2024.bib"),
        (
            "repository:cite_ris",
            "application/x-research-info-systems; charset=utf-8",
            "sector-review-2024.ris",
        ),
    ],
)
def test_exports_are_downloads_with_their_content_type(client, url_name, content_type, filename):
    doc = a_report(title="Ripoti ya mwaka — Kiswahili é")
    response = client.get(reverse(url_name, args=[doc.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert "Ripoti ya mwaka — Kiswahili é" in response.content.decode("utf-8")


def test_exports_of_a_document_one_may_not_see_answer_404(client):
    doc = a_report(visibility="members")
    for name in ("repository:cite_bibtex", "repository:cite_ris"):
        response = client.get(reverse(name, args=[doc.slug]))
        assert response.status_code == 404
        assert b"Sector Review" not in response.content
    client.force_login(factories.member())
    assert client.get(reverse("repository:cite_ris", args=[doc.slug])).status_code == 200
