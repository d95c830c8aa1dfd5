"""How to cite a document: a suggested citation in a plain author-date style, and BibTeX and
RIS records for reference managers. Everything here reads a document loaded by
``selectors.document_for_page`` (publishers and topics prefetched): no query of its own.

The style (recorded in docs/decisions/0013-document-pages-citations-and-feeds.md):

    Authors (Year). Title. Type. Publisher. Available at: URL (accessed 28 November 2026).

Authors are the names in the document's authors field (separated by semicolons); with none,
the publisher organisations stand as authors and are not repeated as publisher. A document
with no date says "n.d."."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Document

T = Document.Type

# The entry type follows the document type. Reports are technical reports (RIS RPRT);
# government policy papers are GOVDOC in RIS; manuals and guidelines are @manual; minutes
# are unpublished manuscripts (RIS MANSCPT); the rest is @misc / GEN with the type as a note.
BIBTEX_TYPES = {
    T.SECTOR_REVIEW: "techreport",
    T.MAPPING: "techreport",
    T.ANNUAL_REPORT: "techreport",
    T.EVALUATION: "techreport",
    T.RESEARCH: "techreport",
    T.CAPACITY_ASSESSMENT: "techreport",
    T.SITUATION_ANALYSIS: "techreport",
    T.TRAINING_MANUAL: "manual",
    T.GUIDELINE: "manual",
    T.TARGETING_TOOL: "manual",
}
RIS_TYPES = {
    T.SECTOR_REVIEW: "RPRT",
    T.MAPPING: "RPRT",
    T.ANNUAL_REPORT: "RPRT",
    T.EVALUATION: "RPRT",
    T.RESEARCH: "RPRT",
    T.CAPACITY_ASSESSMENT: "RPRT",
    T.SITUATION_ANALYSIS: "RPRT",
    T.POLICY: "GOVDOC",
    T.ACTION_PLAN: "GOVDOC",
    T.STRATEGY: "GOVDOC",
    T.FRAMEWORK: "GOVDOC",
    T.GUIDELINE: "GOVDOC",
    T.MINUTES: "MANSCPT",
    T.PRESENTATION: "SLIDE",
    T.VIDEO: "VIDEO",
}
RIS_LANGUAGES = {Document.Language.ENGLISH: "en", Document.Language.KISWAHILI: "sw"}

BIBTEX_CONTENT_TYPE = "application/x-bibtex; charset=utf-8"
RIS_CONTENT_TYPE = "application/x-research-info-systems; charset=utf-8"

_SPACE = re.compile(r"\s+")


def one_line(value):
    """Every run of white space (new lines included) as one space."""
    return _SPACE.sub(" ", str(value)).strip()


def author_names(document):
    """The people named in the authors field: separated by semicolons (or new lines)."""
    return [one_line(name) for name in re.split(r"[;\n]", document.authors) if name.strip()]


@dataclass(frozen=True)
class Reference:
    """What every format needs, read once from the document."""

    title: str
    type_label: str
    year: str | None
    authors: list
    corporate_author: bool  # the publishers stand as authors
    publishers: list
    url: str
    accessed: object  # a date
    summary: str
    tags: list
    topics: list
    language: str
    published_on: object


def reference_of(document, *, today=None):
    publishers = [one_line(p.name) for p in document.publishers.all()]
    people = author_names(document)
    return Reference(
        title=one_line(document.title),
        type_label=str(document.get_type_display()),
        year=str(document.published_on.year) if document.published_on else None,
        authors=people or publishers,
        corporate_author=not people and bool(publishers),
        publishers=publishers,
        url=settings.SITE_URL + document.get_absolute_url(),
        accessed=today or timezone.localdate(),
        summary=one_line(document.summary),
        tags=[one_line(tag.name) for tag in document.tags.all()],
        topics=[one_line(topic.body.name) for topic in document.topics.all()],
        language=document.language,
        published_on=document.published_on,
    )


# -- The suggested citation ---------------------------------------------------------------


def _sentence(text):
    return text if text.endswith((".", "?", "!")) else text + "."


def suggested_citation(document, *, today=None):
    ref = reference_of(document, today=today)
    parts = []
    year = ref.year or _("n.d.")
    if ref.authors:
        parts.append(f"{'; '.join(ref.authors)} ({year}).")
    parts.append(_sentence(ref.title) if ref.authors else f"{ref.title} ({year}).")
    parts.append(_sentence(ref.type_label))
    if ref.publishers and not ref.corporate_author:
        parts.append(_sentence(", ".join(ref.publishers)))
    accessed = date_format(ref.accessed, "j F Y")
    parts.append(
        _("Available at: %(url)s (accessed %(date)s).") % {"url": ref.url, "date": accessed}
    )
    return " ".join(parts)


# -- BibTeX --------------------------------------------------------------------------------

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}


def bibtex_escape(value):
    """A value safe inside braces: LaTeX's special characters made literal, one line."""
    return "".join(_BIBTEX_SPECIAL.get(char, char) for char in one_line(value))


def bibtex_key(document):
    """The slug (letters, digits, hyphens), which is unique."""
    return re.sub(r"[^A-Za-z0-9-]", "", document.slug) or f"document-{document.pk}"


def _bibtex_names(ref):
    if ref.corporate_author:
        # Double braces keep an organisation's name whole (not "First Last" parsed).
        return " and ".join("{" + bibtex_escape(name) + "}" for name in ref.authors)
    return " and ".join(bibtex_escape(name) for name in ref.authors)


def bibtex(document, *, today=None):
    ref = reference_of(document, today=today)
    entry_type = BIBTEX_TYPES.get(document.type, "misc")
    fields = []
    if ref.authors:
        fields.append(("author", _bibtex_names(ref)))
    # The title in double braces keeps its capitals (Kenya, Inua Jamii) as written.
    fields.append(("title", "{" + bibtex_escape(ref.title) + "}"))
    if ref.year:
        fields.append(("year", ref.year))
    if ref.published_on:
        fields.append(("date", ref.published_on.isoformat()))
    publisher = bibtex_escape(" and ".join(ref.publishers))
    if entry_type == "techreport":
        if publisher:
            fields.append(("institution", publisher))
        fields.append(("type", bibtex_escape(ref.type_label)))
    elif entry_type == "manual":
        if publisher:
            fields.append(("organization", publisher))
        fields.append(("note", bibtex_escape(ref.type_label)))
    else:
        if publisher:
            fields.append(("publisher", publisher))
        fields.append(("howpublished", bibtex_escape(ref.type_label)))
    if ref.language in RIS_LANGUAGES:
        fields.append(("language", {"en": "english", "sw": "swahili"}[ref.language]))
    if ref.summary:
        fields.append(("abstract", bibtex_escape(ref.summary)))
    if ref.tags or ref.topics:
        fields.append(("keywords", bibtex_escape(", ".join(ref.topics + ref.tags))))
    # The URL is ours: a slug under SITE_URL, so it has no brace or space to escape.
    fields.append(("url", ref.url.replace("{", "").replace("}", "")))
    fields.append(("urldate", ref.accessed.isoformat()))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{entry_type}{{{bibtex_key(document)},\n{body}\n}}\n"


# -- RIS -----------------------------------------------------------------------------------


def ris(document, *, today=None):
    """One RIS record: a tag, two spaces, a hyphen and a space on each line, CRLF line ends,
    ending with ER. Values are one line each, so nothing in a title can start a tag."""
    ref = reference_of(document, today=today)
    lines = [("TY", RIS_TYPES.get(document.type, "GEN"))]
    lines += [("AU", name) for name in ref.authors]
    lines.append(("TI", ref.title))
    if ref.year:
        lines.append(("PY", ref.year))
    if ref.published_on:
        lines.append(("DA", ref.published_on.strftime("%Y/%m/%d")))
    if ref.publishers:
        lines.append(("PB", "; ".join(ref.publishers)))
    lines.append(("M3", ref.type_label))
    if ref.summary:
        lines.append(("AB", ref.summary))
    lines += [("KW", word) for word in ref.topics + ref.tags]
    if ref.language in RIS_LANGUAGES:
        lines.append(("LA", RIS_LANGUAGES[ref.language]))
    lines.append(("UR", ref.url))
    lines.append(("Y2", ref.accessed.strftime("%Y/%m/%d")))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {one_line(value)}\r\n" for tag, value in lines)
