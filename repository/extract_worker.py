"""Read the text inside one document, in a process of its own.

Run as ``python -m repository.extract_worker PATH CONTENT_TYPE MAX_CHARS`` by
``repository.extraction.extract_text``, which sets the memory, CPU and file limits. This module
must not import Django: it parses untrusted files and should load as little as it can.

On success it writes one JSON object to stdout and exits 0: ``pages``, the normalised text of
each page (PDF page, slide, sheet; one "page" for a text document), ``page_count``, how many
pages the file has, ``partial``, why not all of it was read (empty when it all was:
``"cap"`` for the character cap, ``"pages"`` for the page cap), and ``scanned``, the numbers
of the PDF pages that look scanned (an image and next to no text), for OCR. When it refuses
a file, or the file cannot be read, it writes one line ``CODE<TAB>DETAIL`` to stderr and
exits with
``EXIT_REFUSED`` (or ``EXIT_MEMORY`` when it ran out of memory).

``python -m repository.extract_worker --render PATH PAGE`` writes page ``PAGE`` (from 1) of
a PDF to stdout as a greyscale PNG at ``OCR_DPI``, for OCR by the next sandboxed process.
"""

import io
import json
import logging
import os
import re
import sys
import time
import unicodedata
import warnings
import zipfile

EXIT_REFUSED = 2
EXIT_MEMORY = 3

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"
CSV = "text/csv"
TXT = "text/plain"

# Limits on what a file may ask of the worker before any of it is parsed. Pages after the
# first PDF_MAX_PAGES are not read (the document is then "partly read").
PDF_MAX_PAGES = 2000
# Pages rendered for OCR: 300 dots per inch is what Tesseract is trained for.
OCR_DPI = 300
# A page with an image and fewer letters and digits than this is taken for a scan, to be
# read by OCR (a scanned page often carries a stamp or a page number as text).
SCANNED_MAX_CHARS = 20
OCR_MAX_PIXELS = 5000
ZIP_MAX_MEMBERS = 2000
ZIP_MAX_TOTAL_BYTES = 100 * 1024 * 1024
# A member larger than this must not be compressed more than ZIP_MAX_RATIO to 1: ordinary
# office XML compresses about 10:1, a zip bomb thousands to 1.
ZIP_RATIO_CHECK_BYTES = 1024 * 1024
ZIP_MAX_RATIO = 100

# Test-only content types, honoured only when this variable is set to "1" (never in
# production): they let the tests prove the limits hold without a real hostile file.
TEST_HOOKS_ENV = "REPOSITORY_EXTRACT_TEST_HOOKS"
TEST_SLEEP = "application/x-test-sleep"
TEST_ALLOCATE = "application/x-test-allocate"
TEST_WRITE = "application/x-test-write"
TEST_CRASH = "application/x-test-crash"
TEST_ENVIRONMENT = "application/x-test-environment"


class Refused(Exception):
    """The file is not read, for the reason given by ``code`` (see extraction.MESSAGES)."""

    def __init__(self, code, detail=""):
        super().__init__(code, detail)
        self.code = code
        self.detail = detail


class _Collector:
    """Gathers text page by page up to ``max_chars`` characters in all; ``full`` says when
    to stop reading."""

    def __init__(self, max_chars):
        self.max_chars = max_chars
        self.pages = []
        self.buffer = io.StringIO()
        self.size = 0
        self.line_ended = True
        self.page_count = 0
        self.partial = ""
        self.scanned = []

    @property
    def full(self):
        return self.size >= self.max_chars

    def add(self, text):
        if not text:
            return
        if self.full:
            self.partial = self.partial or "cap"
            return
        if len(text) > self.max_chars - self.size:
            self.partial = self.partial or "cap"
            text = text[: self.max_chars - self.size]
        self.buffer.write(text)
        self.size += len(text)
        self.line_ended = text.endswith("\n")

    def newline(self):
        """End the line, unless it is already ended: blank lines carry nothing to search."""
        if not self.line_ended:
            self.add("\n")

    def end_page(self):
        """Close the page read so far (a PDF page, a slide, a sheet)."""
        self.pages.append(self.buffer.getvalue())
        self.buffer = io.StringIO()
        self.line_ended = True

    def result(self):
        if self.buffer.tell() or not self.pages:
            self.end_page()
        pages = [normalise(page) for page in self.pages]
        return {
            "pages": pages,
            "page_count": max(self.page_count, len(pages)),
            "partial": self.partial,
            "scanned": self.scanned,
        }

    def text(self):
        return "\n".join(self.result()["pages"])


# Normalisation -----------------------------------------------------------------------------

# A word broken at a line end: its first part, a hyphen (or PDFium's U+0002 mark for a
# hyphen at a line end, or a soft hyphen, or U+FFFE), the line break if the reader kept it,
# then the rest of the word.
_BROKEN_WORD = re.compile(r"(\w+)([-\u00ad\u2010\u0002\ufffe])[ \t]*(\n?)[ \t]*([^\W\d_]\w*)")
_HYPHENATED = re.compile(r"\w+-\w+")
_INVISIBLE = re.compile(r"[\u00ad\u0002\ufffe\u200b\ufeff\x00]")
# Form feeds too: the portal keeps a document's pages apart with them.
_LINE_ENDS = re.compile(r"\r\n?|\f|\v")


def normalise(text):
    """Text as search should see it: Unicode NFKC (which turns the ligatures U+FB00 to
    U+FB06 and other compatibility characters into plain letters), words hyphenated at a
    line end joined again, soft hyphens and invisible marks dropped, one kind of line end.

    A hyphen at a line end may be the layout's (hyphenation: "regis-/tration") or the
    word's ("sub-/county"), and PDFium marks both alike. The word keeps its hyphen when the
    text writes it with one elsewhere, or when the hyphen is a hard one the reader kept
    before a line break (Word does not hyphenate unless asked; LibreOffice hyphenates with
    soft hyphens); otherwise the parts are joined."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = _LINE_ENDS.sub("\n", text)
    hyphenated = {word.lower() for word in _HYPHENATED.findall(text)}

    def join(match):
        before, mark, line_break, after = match.groups()
        if mark in "-\u2010" and (not line_break or after[0].isupper()):
            return match.group(0)  # a hyphen inside a line, or a dash before a new sentence
        compound = f"{before}-{after}"
        if compound.lower() in hyphenated or (mark in "-\u2010" and line_break):
            return compound
        return before + after

    text = _BROKEN_WORD.sub(join, text)
    return _INVISIBLE.sub("", text)


# PDF ----------------------------------------------------------------------------------------


def extract_pdf(path, out):
    """Text of each page with PDFium (pypdfium2), which repairs a broken cross-reference
    table, finds ``%PDF`` after leading bytes and keeps words apart in most layouts; then the
    values typed into the page's form fields."""
    import pypdfium2
    import pypdfium2.raw as pdfium

    try:
        document = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium.FPDF_ERR_PASSWORD:
            raise Refused("encrypted") from exc
        raise Refused("damaged", str(exc)) from exc
    try:
        pages = len(document)
        out.page_count = pages
        if pages > PDF_MAX_PAGES:
            out.partial = "pages"
        forms = _pdf_forms(document)
        for index in range(min(pages, PDF_MAX_PAGES)):
            page = document[index]
            try:
                textpage = page.get_textpage()
                text = textpage.get_text_range()
                if _letter_spaced(text):
                    text = _respaced(textpage)
                out.add(text)
                textpage.close()
                if sum(char.isalnum() for char in text) < SCANNED_MAX_CHARS and _has_image(page):
                    out.scanned.append(index + 1)
                out.newline()
                if forms:
                    for value in _pdf_form_values(page, forms):
                        out.add(value)
                        out.newline()
            finally:
                page.close()
            out.end_page()
            if out.full:
                break
    finally:
        document.close()


def _has_image(page):
    import pypdfium2.raw as pdfium

    return any(True for _ in page.get_objects(filter=[pdfium.FPDF_PAGEOBJ_IMAGE], max_depth=2))


def _letter_spaced(text):
    """Whether the page reads like "S e c t i o n 1": letters set apart (a title page, a
    poster), which PDFium gives with a space between every two letters."""
    tokens = text.split()
    return len(tokens) >= 20 and sum(len(token) == 1 for token in tokens) > 0.6 * len(tokens)


def _respaced(textpage):
    """The page's text rebuilt from the positions of its characters: within a line, a gap
    much wider than the usual gap between letters is a space between words; the spaces
    PDFium guessed are dropped."""
    import pypdfium2.raw as pdfium

    chars = []
    for index in range(textpage.count_chars()):
        char = chr(pdfium.FPDFText_GetUnicode(textpage.raw, index))
        generated = pdfium.FPDFText_IsGenerated(textpage.raw, index) == 1
        if char == "\r":
            continue
        if char == "\n":
            chars.append(("\n", None))
        elif char.isspace() and generated:
            continue
        elif char.isspace():
            chars.append((" ", None))
        else:
            chars.append((char, textpage.get_charbox(index)))
    lines, line = [], []
    for char, box in chars:
        if char == "\n":
            lines.append(line)
            line = []
        else:
            line.append((char, box))
    lines.append(line)
    out = []
    for line in lines:
        gaps = [
            nxt[1][0] - prev[1][2]
            for prev, nxt in zip(line, line[1:], strict=False)
            if prev[1] is not None and nxt[1] is not None
        ]
        usual = sorted(gaps)[len(gaps) // 2] if gaps else 0
        # Half a point more than 1.3 times the usual gap: letter spacing of a millimetre and
        # more puts a word gap well over that, the space of the font being added to it.
        wide = max(usual * 1.3, usual + 0.5)
        text = []
        for position, (char, box) in enumerate(line):
            before = line[position - 1][1] if position else None
            if before is not None and box is not None and box[0] - before[2] > wide:
                text.append(" ")
            text.append(char)
        out.append("".join(text))
    return "\n".join(out)


def _pdf_forms(document):
    """PDFium's form environment, when the document has a form (needed to read values)."""
    import pypdfium2.raw as pdfium

    if pdfium.FPDF_GetFormType(document.raw) == pdfium.FORMTYPE_NONE:
        return None
    document.init_forms()
    return document.formenv


def _pdf_form_values(page, forms):
    """The values of the form fields on one page (text fields, chosen options)."""
    import ctypes

    import pypdfium2.raw as pdfium

    values = []
    for index in range(pdfium.FPDFPage_GetAnnotCount(page.raw)):
        annot = pdfium.FPDFPage_GetAnnot(page.raw, index)
        if not annot:
            continue
        try:
            if pdfium.FPDFAnnot_GetSubtype(annot) != pdfium.FPDF_ANNOT_WIDGET:
                continue
            size = pdfium.FPDFAnnot_GetFormFieldValue(forms.raw, annot, None, 0)
            if size <= 2:
                continue
            buffer = ctypes.create_string_buffer(size)
            pdfium.FPDFAnnot_GetFormFieldValue(
                forms.raw, annot, ctypes.cast(buffer, ctypes.POINTER(pdfium.FPDF_WCHAR)), size
            )
            value = buffer.raw[: size - 2].decode("utf-16-le", errors="replace").strip()
            if value and value not in values and value not in {"Off", "Yes"}:
                values.append(value)
        finally:
            pdfium.FPDFPage_CloseAnnot(annot)
    return values


def render_pdf_page(path, number):
    """Page ``number`` (from 1) as a greyscale PNG, for OCR."""
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        page = document[number - 1]
        width, height = page.get_size()
        # At most OCR_MAX_PIXELS on the longer side, whatever size the page claims to be.
        scale = min(OCR_DPI / 72, OCR_MAX_PIXELS / max(width, height, 1))
        image = page.render(scale=scale, grayscale=True).to_pil()
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        return buffer.getvalue()
    finally:
        document.close()


# Office documents (zip of XML parts) --------------------------------------------------------


def _open_zip(path):
    """Open the zip after checking its directory against the limits: nothing is
    decompressed until every member passes. The declared sizes can be trusted as upper
    bounds: zipfile never returns more than a member's declared size (a member that
    unpacks to more fails its CRC check)."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise Refused("damaged", "not a zip file") from exc
    members = archive.infolist()
    if len(members) > ZIP_MAX_MEMBERS:
        raise Refused("too_many_parts", str(len(members)))
    total = 0
    for member in members:
        total += member.file_size
        if total > ZIP_MAX_TOTAL_BYTES:
            raise Refused("too_large_unpacked", str(total))
        if member.file_size > ZIP_RATIO_CHECK_BYTES and member.file_size > ZIP_MAX_RATIO * max(
            member.compress_size, 1
        ):
            raise Refused("zip_bomb", member.filename)
    return archive


def _local(tag):
    return tag.rsplit("}", 1)[-1]


_DECLARATION = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


def _iterparse(archive, name):
    """Stream ``(event, element, parent)`` for the elements of one XML part, refusing any
    DTD or entity declaration (the billion laughs and external entities).

    At its "end" event an element is the last child of ``parent`` (None for the root), so
    the caller can drop what it has read with ``del parent[-1]`` and memory stays flat
    however long the part is."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse

    with archive.open(name) as raw:
        head = raw.read(4096)
        if _DECLARATION.search(head):
            raise Refused("xml_declarations", name)
        stream = io.BufferedReader(_Prefixed(head, raw))
        stack = []
        try:
            for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=True):
                if event == "start":
                    parent = stack[-1] if stack else None
                    stack.append(element)
                else:
                    stack.pop()
                    parent = stack[-1] if stack else None
                yield event, element, parent
        except DefusedXmlException as exc:
            raise Refused("xml_declarations", name) from exc


class _Prefixed(io.RawIOBase):
    """A readable stream of ``head`` followed by the rest of ``raw``."""

    def __init__(self, head, raw):
        self.head = head
        self.raw = raw

    def readable(self):
        return True

    def readinto(self, buffer):
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n] = self.head[:n]
            self.head = self.head[n:]
            return n
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _ooxml_text(archive, name, out, *, text_tags, break_tags):
    """Text of the ``text_tags`` elements of one OOXML part, a new line after each element
    of ``break_tags``. OOXML keeps text only in the text elements, so every element is
    dropped once it ends."""
    for event, element, parent in _iterparse(archive, name):
        if event != "end":
            continue
        tag = _local(element.tag)
        if tag in text_tags:
            out.add(element.text)
        elif tag == "tab":
            out.add("\t")
        elif tag == "br":
            out.add("\n")
        elif tag in break_tags:
            out.newline()
        if parent is not None:
            del parent[-1]
        if out.full:
            return


def _require(archive, name):
    try:
        archive.getinfo(name)
    except KeyError as exc:
        raise Refused("damaged", f"no {name}") from exc


def _numbered(archive, pattern):
    """Names matching ``pattern`` (with one number group), in number order."""
    found = []
    for name in archive.namelist():
        match = re.fullmatch(pattern, name)
        if match:
            found.append((int(match.group(1)), name))
    return [name for _, name in sorted(found)]


def extract_docx(path, out):
    """The body, then the notes, comments, headers and footers (whose words belong to the
    document as much as the body's: a footnote's source, a header's programme name)."""
    with _open_zip(path) as archive:
        _require(archive, "word/document.xml")
        parts = ["word/document.xml", "word/footnotes.xml", "word/endnotes.xml"]
        parts.append("word/comments.xml")
        parts += _numbered(archive, r"word/header(\d+)\.xml")
        parts += _numbered(archive, r"word/footer(\d+)\.xml")
        names = set(archive.namelist())
        for name in parts:
            if name in names:
                _ooxml_text(archive, name, out, text_tags={"t"}, break_tags={"p"})
                out.newline()
            if out.full:
                return


def extract_xlsx(path, out):
    """One "page" per sheet; the shared strings (text cells of every sheet, which a sheet
    only points to) are a page of their own before them."""
    with _open_zip(path) as archive:
        names = _numbered(archive, r"xl/worksheets/sheet(\d+)\.xml")
        if "xl/sharedStrings.xml" in archive.namelist():
            names.insert(0, "xl/sharedStrings.xml")
        if not names:
            raise Refused("damaged", "no sheets")
        for name in names:
            # Shared strings are <si> items; sheets hold inline strings in <is>.
            _ooxml_text(archive, name, out, text_tags={"t"}, break_tags={"si", "is"})
            out.end_page()
            if out.full:
                return


def extract_pptx(path, out):
    """One page per slide, its speaker notes after it. A deck with no slides is not
    damaged: it has no text."""
    with _open_zip(path) as archive:
        names = _numbered(archive, r"ppt/slides/slide(\d+)\.xml")
        if not names and "ppt/presentation.xml" not in archive.namelist():
            raise Refused("damaged", "no presentation")
        members = set(archive.namelist())
        for name in names:
            _ooxml_text(archive, name, out, text_tags={"t"}, break_tags={"p"})
            notes = name.replace("slides/slide", "notesSlides/notesSlide")
            if notes in members:
                out.newline()
                _ooxml_text(archive, notes, out, text_tags={"t"}, break_tags={"p"})
            out.end_page()
            if out.full:
                return


def _space_count(element):
    """How many spaces a <text:s text:c="N"/> stands for, within reason."""
    try:
        count = int(element.get("{urn:oasis:names:tc:opendocument:xmlns:text:1.0}c", 1))
    except ValueError:
        return 1
    return max(1, min(count, 100))


def _odf_paragraph(element, out):
    """Text of an ODF paragraph: mixed content where <text:s/> is a space, <text:tab/> a
    tab and <text:line-break/> a new line."""
    out.add(element.text)
    for child in element:
        tag = _local(child.tag)
        if tag == "s":
            out.add(" " * _space_count(child))
        elif tag == "tab":
            out.add("\t")
        elif tag == "line-break":
            out.add("\n")
        else:
            _odf_paragraph(child, out)
        out.add(child.tail)


def extract_odf(path, out):
    """The body of content.xml, then the headers and footers of the master pages in
    styles.xml."""
    with _open_zip(path) as archive:
        _require(archive, "content.xml")
        _odf_part(archive, "content.xml", out)
        if "styles.xml" in archive.namelist() and not out.full:
            _odf_part(archive, "styles.xml", out, within={"header", "footer"})


def _odf_part(archive, name, out, within=None):
    """Paragraphs of one ODF part; only those inside a ``within`` element when given."""
    depth = 0
    inside = 0
    for event, element, parent in _iterparse(archive, name):
        tag = _local(element.tag)
        paragraph = tag in {"p", "h"}
        if within is not None and tag in within:
            inside += 1 if event == "start" else -1
        if event == "start":
            depth += paragraph
            continue
        depth -= paragraph
        # A paragraph may hold others (notes, frames) and its text is mixed content:
        # read the outermost one whole, and drop elements only outside paragraphs.
        if depth > 0:
            continue
        if paragraph and (within is None or inside > 0):
            _odf_paragraph(element, out)
            out.newline()
            if out.full:
                return
        if parent is not None:
            del parent[-1]


# Plain text ---------------------------------------------------------------------------------


def extract_plain(path, out):
    # Four bytes at most per character in UTF-8: no need to read further than that.
    with open(path, "rb") as handle:
        data = handle.read(out.max_chars * 4)
    out.add(data.decode("utf-8-sig", errors="replace"))


def extract_nothing(path, out):
    """Images carry no text to index."""


# Test hooks ---------------------------------------------------------------------------------


def _test_sleep(path, out):
    while True:
        time.sleep(60)


def _test_allocate(path, out):
    hoard = []
    while True:
        hoard.append(bytearray(10 * 1024 * 1024))


def _test_write(path, out):
    with open(path + ".written", "wb") as handle:
        handle.write(b"x" * 1024)
        handle.flush()
    out.add("wrote")


def _test_crash(path, out):
    os.abort()


def _test_environment(path, out):
    out.add("\n".join(sorted(os.environ)))


PARSERS = {
    PDF: extract_pdf,
    DOCX: extract_docx,
    XLSX: extract_xlsx,
    PPTX: extract_pptx,
    ODT: extract_odf,
    ODS: extract_odf,
    ODP: extract_odf,
    CSV: extract_plain,
    TXT: extract_plain,
}

TEST_PARSERS = {
    TEST_SLEEP: _test_sleep,
    TEST_ALLOCATE: _test_allocate,
    TEST_WRITE: _test_write,
    TEST_CRASH: _test_crash,
    TEST_ENVIRONMENT: _test_environment,
}


def parser_for(content_type):
    if content_type.startswith("image/"):
        return extract_nothing
    if os.environ.get(TEST_HOOKS_ENV) == "1" and content_type in TEST_PARSERS:
        return TEST_PARSERS[content_type]
    return PARSERS.get(content_type)


def _caused_by(exc, kind):
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, kind):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def extract(path, content_type, max_chars):
    """What the file gave (see the module's docstring), or raise Refused."""
    parser = parser_for(content_type)
    if parser is None:
        raise Refused("unsupported", content_type)
    out = _Collector(max_chars)
    try:
        parser(path, out)
    except (Refused, MemoryError):
        raise
    except Exception as exc:
        if _caused_by(exc, MemoryError):
            raise MemoryError from exc
        if _caused_by(exc, RecursionError):
            raise Refused("too_deep", type(exc).__name__) from exc
        raise Refused("damaged", f"{type(exc).__name__}: {exc}"[:300]) from exc
    return out.result()


def main(argv):
    # Parsers' warnings about odd files would only add noise; stderr carries the reason.
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    if argv[1] == "--render":
        return _render(argv[2], int(argv[3]))
    path, content_type, max_chars = argv[1], argv[2], int(argv[3])
    try:
        result = extract(path, content_type, max_chars)
    except Refused as exc:
        detail = " ".join(exc.detail.split())
        sys.stderr.write(f"{exc.code}\t{detail}\n")
        return EXIT_REFUSED
    except MemoryError:
        sys.stderr.write("memory\t\n")
        return EXIT_MEMORY
    sys.stdout.buffer.write(json.dumps(result).encode("utf-8", errors="replace"))
    sys.stdout.flush()
    return 0


def _render(path, number):
    try:
        data = render_pdf_page(path, number)
    except MemoryError:
        sys.stderr.write("memory\t\n")
        return EXIT_MEMORY
    except Exception as exc:
        sys.stderr.write(f"damaged\t{type(exc).__name__}\n")
        return EXIT_REFUSED
    sys.stdout.buffer.write(data)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
