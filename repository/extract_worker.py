"""Read the text inside one document, in a process of its own.

Run as ``python -m repository.extract_worker PATH CONTENT_TYPE MAX_CHARS`` by
``repository.extraction.extract_text``, which sets the memory, CPU and file limits. This module
must not import Django: it parses untrusted files and should load as little as it can.

On success it writes the text to stdout as UTF-8 and exits 0. When it refuses a file, or the
file cannot be read, it writes one line ``CODE<TAB>DETAIL`` to stderr and exits with
``EXIT_REFUSED`` (or ``EXIT_MEMORY`` when it ran out of memory).
"""

import io
import logging
import os
import re
import sys
import time
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

# Limits on what a file may ask of the worker before any of it is parsed.
PDF_MAX_PAGES = 2000
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
    """Gathers text up to ``max_chars`` characters; ``full`` says when to stop reading."""

    def __init__(self, max_chars):
        self.max_chars = max_chars
        self.buffer = io.StringIO()
        self.size = 0
        self.line_ended = True

    @property
    def full(self):
        return self.size >= self.max_chars

    def add(self, text):
        if not text or self.full:
            return
        text = text[: self.max_chars - self.size]
        self.buffer.write(text)
        self.size += len(text)
        self.line_ended = text.endswith("\n")

    def newline(self):
        """End the line, unless it is already ended: blank lines carry nothing to search."""
        if not self.line_ended:
            self.add("\n")

    def text(self):
        return self.buffer.getvalue()


# PDF ----------------------------------------------------------------------------------------


def extract_pdf(path, out):
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    reader = PdfReader(path)
    if reader.is_encrypted:
        # Many PDFs are "encrypted" with an empty password only to restrict printing.
        try:
            opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
        except (FileNotDecryptedError, DependencyError, NotImplementedError):
            opened = False
        if not opened:
            raise Refused("encrypted")
    pages = len(reader.pages)
    if pages > PDF_MAX_PAGES:
        raise Refused("too_many_pages", str(pages))
    for page in reader.pages:
        out.add(page.extract_text())
        out.newline()
        if out.full:
            break


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
    with _open_zip(path) as archive:
        _require(archive, "word/document.xml")
        _ooxml_text(archive, "word/document.xml", out, text_tags={"t"}, break_tags={"p"})


def extract_xlsx(path, out):
    with _open_zip(path) as archive:
        names = _numbered(archive, r"xl/worksheets/sheet(\d+)\.xml")
        if "xl/sharedStrings.xml" in archive.namelist():
            names.insert(0, "xl/sharedStrings.xml")
        if not names:
            raise Refused("damaged", "no sheets")
        for name in names:
            # Shared strings are <si> items; sheets hold inline strings in <is>.
            _ooxml_text(archive, name, out, text_tags={"t"}, break_tags={"si", "is"})
            if out.full:
                return


def extract_pptx(path, out):
    with _open_zip(path) as archive:
        names = _numbered(archive, r"ppt/slides/slide(\d+)\.xml")
        if not names:
            raise Refused("damaged", "no slides")
        for name in names:
            _ooxml_text(archive, name, out, text_tags={"t"}, break_tags={"p"})
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
    with _open_zip(path) as archive:
        _require(archive, "content.xml")
        depth = 0
        for event, element, parent in _iterparse(archive, "content.xml"):
            paragraph = _local(element.tag) in {"p", "h"}
            if event == "start":
                depth += paragraph
                continue
            depth -= paragraph
            # A paragraph may hold others (notes, frames) and its text is mixed content:
            # read the outermost one whole, and drop elements only outside paragraphs.
            if depth > 0:
                continue
            if paragraph:
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
    """The text of the file, or raise Refused."""
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
    return out.text()


def main(argv):
    # Parsers' warnings about odd files would only add noise; stderr carries the reason.
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    path, content_type, max_chars = argv[1], argv[2], int(argv[3])
    try:
        text = extract(path, content_type, max_chars)
    except Refused as exc:
        detail = " ".join(exc.detail.split())
        sys.stderr.write(f"{exc.code}\t{detail}\n")
        return EXIT_REFUSED
    except MemoryError:
        sys.stderr.write("memory\t\n")
        return EXIT_MEMORY
    sys.stdout.buffer.write(text.encode("utf-8", errors="replace"))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
