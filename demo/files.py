"""Small, real files written byte by byte: PDF with text pages, Word, Excel, PowerPoint,
OpenDocument text, CSV, plain text and a PNG chart. ``seed_demo`` builds its documents with
them, and the tests build their uploads with them, so that every file passes the upload
checks (``core.files.check_upload``) and gives its text to extraction.

Each writer returns bytes. Text is whatever the caller passes; nothing here is content."""

import io
import textwrap
import zipfile
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE_DOCUMENT = R + "/officeDocument"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
MANIFEST = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"

PROLOG = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
OOXML = "application/vnd.openxmlformats-officedocument"
ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"


# PDF ----------------------------------------------------------------------------------------

PDF_LINE_CHARS = 88  # Helvetica 11 pt across a Letter page with one-inch margins
PDF_LINES_PER_PAGE = 46


def pdf_from_objects(objects, *, info=None):
    """A PDF whose object 1 is the catalogue, with a correct cross-reference table;
    ``info`` is the number of the document information object, if there is one."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        b" /Info %d 0 R" % info if info else b"",
        xref,
    )
    return bytes(out)


def _pdf_literal(text):
    """A PDF string literal in WinAnsi (cp1252): what Helvetica can show."""
    data = text.encode("cp1252", errors="replace")
    return b"(" + data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _pdf_lines(text):
    """The lines of one page: paragraphs split on new lines, long ones wrapped."""
    lines = []
    for paragraph in text.split("\n"):
        lines.extend(textwrap.wrap(paragraph, PDF_LINE_CHARS) or [""])
    return lines


def _pdf_content(lines, heading):
    """A content stream: the heading in bold, then the lines, 15 points apart."""
    out = [b"BT", b"72 720 Td"]
    if heading:
        out += [b"/F2 14 Tf", _pdf_literal(heading) + b" Tj", b"0 -26 Td"]
    out.append(b"/F1 11 Tf")
    for line in lines:
        out += [_pdf_literal(line) + b" Tj", b"0 -15 Td"]
    out.append(b"ET")
    return b"\n".join(out)


def pdf(*pages, title="", page_extra=b""):
    """A PDF with one page per string (Helvetica, WinAnsi encoding); new lines start a new
    line and long lines wrap. ``title`` is printed in bold at the top of the first page and
    stored as the document's title. ``page_extra`` is appended to every page dictionary."""
    count = len(pages)
    # 1 catalogue, 2 page tree, 3 and 4 fonts, 5 info, then a page and its content stream each.
    kids = b" ".join(b"%d 0 R" % (6 + 2 * i) for i in range(count))
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
        font % b"Helvetica",
        font % b"Helvetica-Bold",
        b"<< /Title " + _pdf_literal(title) + b" /Producer (CoP Portal) >>",
    ]
    for i, text in enumerate(pages):
        lines = _pdf_lines(text)[: PDF_LINES_PER_PAGE - (3 if title and i == 0 else 0)]
        content = _pdf_content(lines, title if i == 0 else "")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R"
            b" /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >>" % (7 + 2 * i) + page_extra + b" >>"
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    return pdf_from_objects(objects, info=5)


# Office Open XML ----------------------------------------------------------------------------


def zip_of(parts, *, stored_first=None):
    """A zip (deflated) of ``{name: bytes or str}``; ``stored_first`` is written first and
    uncompressed (OpenDocument's mimetype)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first:
            name, data = stored_first
            archive.writestr(name, data, compress_type=zipfile.ZIP_STORED)
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _content_types(overrides):
    items = "".join(
        f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides
    )
    return (
        f'{PROLOG}<Types xmlns="{CONTENT_TYPES_NS}">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{items}</Types>"
    )


def _relationships(targets):
    """A .rels part: ``targets`` is a list of (type, target)."""
    items = "".join(
        f'<Relationship Id="rId{n}" Type="{kind}" Target="{target}"/>'
        for n, (kind, target) in enumerate(targets, 1)
    )
    return f'{PROLOG}<Relationships xmlns="{PACKAGE_RELS}">{items}</Relationships>'


def _paragraph(text, *, bold=False):
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:p><w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def document_xml(*paragraphs, heading=""):
    body = (_paragraph(heading, bold=True) if heading else "") + "".join(
        _paragraph(text) for text in paragraphs
    )
    return f'{PROLOG}<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'


def docx(*paragraphs, heading=""):
    """A Word document: ``heading`` in bold, then one paragraph per string."""
    return zip_of(
        {
            "[Content_Types].xml": _content_types(
                [("/word/document.xml", f"{OOXML}.wordprocessingml.document.main+xml")]
            ),
            "_rels/.rels": _relationships([(OFFICE_DOCUMENT, "word/document.xml")]),
            "word/document.xml": document_xml(*paragraphs, heading=heading),
        }
    )


def _column(index):
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _cell(ref, value):
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def _sheet_xml(rows):
    body = "".join(
        f'<row r="{r}">'
        + "".join(_cell(f"{_column(c)}{r}", value) for c, value in enumerate(row))
        + "</row>"
        for r, row in enumerate(rows, 1)
    )
    return f'{PROLOG}<worksheet xmlns="{S}"><sheetData>{body}</sheetData></worksheet>'


def xlsx(sheets):
    """A workbook of ``{sheet name: rows}``, each row a list of strings and numbers (strings
    are inline cells: no shared-strings part is needed)."""
    names = list(sheets)
    overrides = [("/xl/workbook.xml", f"{OOXML}.spreadsheetml.sheet.main+xml")] + [
        (f"/xl/worksheets/sheet{n}.xml", f"{OOXML}.spreadsheetml.worksheet+xml")
        for n in range(1, len(names) + 1)
    ]
    listed = "".join(
        f'<sheet name="{escape(name[:31])}" sheetId="{n}" r:id="rId{n}"/>'
        for n, name in enumerate(names, 1)
    )
    parts = {
        "[Content_Types].xml": _content_types(overrides),
        "_rels/.rels": _relationships([(OFFICE_DOCUMENT, "xl/workbook.xml")]),
        "xl/workbook.xml": (
            f'{PROLOG}<workbook xmlns="{S}" xmlns:r="{R}"><sheets>{listed}</sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": _relationships(
            [(R + "/worksheet", f"worksheets/sheet{n}.xml") for n in range(1, len(names) + 1)]
        ),
    }
    for n, name in enumerate(names, 1):
        parts[f"xl/worksheets/sheet{n}.xml"] = _sheet_xml(sheets[name])
    return zip_of(parts)


def slide_xml(*paragraphs):
    body = "".join(f"<a:p><a:r><a:t>{escape(text)}</a:t></a:r></a:p>" for text in paragraphs)
    return (
        f'{PROLOG}<p:sld xmlns:p="{P}" xmlns:a="{A}"><p:cSld><p:spTree><p:sp><p:txBody>'
        f"<a:bodyPr/>{body}</p:txBody></p:sp></p:spTree></p:cSld></p:sld>"
    )


def pptx(*slides):
    """A presentation, one slide per item: a string, or a list of strings (a title and its
    points), each a paragraph of the slide's text box."""
    count = len(slides)
    overrides = [("/ppt/presentation.xml", f"{OOXML}.presentationml.presentation.main+xml")] + [
        (f"/ppt/slides/slide{n}.xml", f"{OOXML}.presentationml.slide+xml")
        for n in range(1, count + 1)
    ]
    listed = "".join(f'<p:sldId id="{255 + n}" r:id="rId{n}"/>' for n in range(1, count + 1))
    parts = {
        "[Content_Types].xml": _content_types(overrides),
        "_rels/.rels": _relationships([(OFFICE_DOCUMENT, "ppt/presentation.xml")]),
        "ppt/presentation.xml": (
            f'{PROLOG}<p:presentation xmlns:p="{P}" xmlns:r="{R}"><p:sldIdLst>{listed}'
            '</p:sldIdLst><p:sldSz cx="12192000" cy="6858000"/></p:presentation>'
        ),
        "ppt/_rels/presentation.xml.rels": _relationships(
            [(R + "/slide", f"slides/slide{n}.xml") for n in range(1, count + 1)]
        ),
    }
    for n, slide in enumerate(slides, 1):
        lines = [slide] if isinstance(slide, str) else list(slide)
        parts[f"ppt/slides/slide{n}.xml"] = slide_xml(*lines)
    return zip_of(parts)


# OpenDocument -------------------------------------------------------------------------------


def odt_of(content_body):
    """An OpenDocument text whose office:text holds ``content_body`` (XML, trusted)."""
    content = (
        f'{PROLOG}<office:document-content xmlns:office="{OFFICE}" xmlns:text="{TEXT}" '
        'office:version="1.2"><office:body><office:text>'
        f"{content_body}</office:text></office:body></office:document-content>"
    )
    manifest = (
        f'{PROLOG}<manifest:manifest xmlns:manifest="{MANIFEST}" manifest:version="1.2">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODT_MIMETYPE}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" '
        'manifest:media-type="text/xml"/></manifest:manifest>'
    )
    return zip_of(
        {"META-INF/manifest.xml": manifest, "content.xml": content},
        stored_first=("mimetype", ODT_MIMETYPE),
    )


def odt(*paragraphs, heading=""):
    """An OpenDocument text: ``heading`` as a heading, then one paragraph per string."""
    body = (
        f'<text:h text:outline-level="1">{escape(heading)}</text:h>' if heading else ""
    ) + "".join(f"<text:p>{escape(text)}</text:p>" for text in paragraphs)
    return odt_of(body)


# Text and images ----------------------------------------------------------------------------


def csv_text(rows):
    """CSV in UTF-8 (comma separated, quoted where needed)."""
    import csv

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def txt(*paragraphs):
    return ("\n\n".join(paragraphs) + "\n").encode("utf-8")


def png_chart(title, bars, *, width=640, height=360):
    """A bar chart as a PNG: ``bars`` is a list of (label, value)."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=16)
    small = ImageFont.load_default(size=13)
    draw.text((20, 14), title, fill="#1b3a57", font=font)
    top, bottom, left = 56, height - 48, 24
    highest = max(value for _label, value in bars) or 1
    slot = (width - 2 * left) // max(len(bars), 1)
    for n, (label, value) in enumerate(bars):
        x = left + n * slot + slot // 6
        bar_top = bottom - int((bottom - top) * value / highest)
        draw.rectangle((x, bar_top, x + slot * 2 // 3, bottom), fill="#2f6f4e")
        draw.text((x, bar_top - 18), f"{value:,}", fill="#222222", font=small)
        draw.text((x, bottom + 8), label, fill="#222222", font=small)
    draw.line((left, bottom, width - left, bottom), fill="#222222", width=2)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
