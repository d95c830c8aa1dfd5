"""Sample files: small real documents built byte by byte (PDF, DOCX, XLSX, PPTX and ODT,
ordinary and hostile; each builder returns bytes), and uploads of them as a form receives
them. The ordinary PDF and the zip writer are shared with the demo data
(``demo.files``)."""

import io
import random
import zipfile
from xml.sax.saxutils import escape

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from demo.files import pdf, pdf_from_objects, zip_of  # noqa: F401 (re-exported)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"

PROLOG = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"

# The smallest PDF the upload checks accept, and the start of a PNG (signature and header).
PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


# Uploads ------------------------------------------------------------------------------------


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf_upload(name="report.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def image_upload(name="logo.png", kind="PNG", size=(40, 30)):
    """A real image (PIL writes it) of ``kind``: PNG, JPEG or WEBP."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 93, 59)).save(buffer, kind)
    content_type = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}[kind]
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def text_upload(name="logo.png"):
    """A text file renamed to look like an image."""
    return SimpleUploadedFile(name, b"just some text, not an image\n" * 20, "image/png")


# PDF ----------------------------------------------------------------------------------------


def pdf_deeply_nested(depth=100_000):
    """A page carrying an array nested ``depth`` levels deep."""
    return pdf("Hunger Safety Net", page_extra=b" /Nest " + b"[" * depth + b"]" * depth)


def pdf_encrypted(password="secret"):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt(user_password=password, algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# Office documents ---------------------------------------------------------------------------


def document_xml(*paragraphs):
    body = "".join(f"<w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p>" for text in paragraphs)
    return f'{PROLOG}<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'


def docx(*paragraphs, document=None, main=DOCX_MAIN, extra=(), content_types_extra=""):
    """A Word document with one paragraph per string, or ``document`` as word/document.xml.
    It passes the upload checks' container test: [Content_Types].xml names ``main`` as the
    type of word/document.xml, then ``content_types_extra``; ``extra`` lists (name, bytes)
    parts to add."""
    content_types = (
        '<?xml version="1.0"?><Types>'
        f'<Override PartName="/word/document.xml" ContentType="{main}"/>'
        f"{content_types_extra}</Types>"
    )
    return zip_of(
        {
            "[Content_Types].xml": content_types,
            "word/document.xml": document if document is not None else document_xml(*paragraphs),
            **dict(extra),
        }
    )


def xlsx(shared, inline):
    """A workbook: ``shared`` strings in xl/sharedStrings.xml, ``inline`` strings as inline
    cells of a second sheet."""
    items = "".join(f"<si><t>{escape(text)}</t></si>" for text in shared)
    refs = "".join(f'<c r="A{i}" t="s"><v>{i - 1}</v></c>' for i in range(1, len(shared) + 1))
    cells = "".join(
        f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>{escape(text)}</t></is></c></row>'
        for i, text in enumerate(inline, 1)
    )
    return zip_of(
        {
            "[Content_Types].xml": f"{PROLOG}<Types/>",
            "xl/sharedStrings.xml": f'{PROLOG}<sst xmlns="{S}">{items}</sst>',
            "xl/worksheets/sheet1.xml": (
                f'{PROLOG}<worksheet xmlns="{S}"><sheetData><row r="1">{refs}</row>'
                "</sheetData></worksheet>"
            ),
            "xl/worksheets/sheet2.xml": (
                f'{PROLOG}<worksheet xmlns="{S}"><sheetData>{cells}</sheetData></worksheet>'
            ),
        }
    )


def slide_xml(text):
    return (
        f'{PROLOG}<p:sld xmlns:p="{P}" xmlns:a="{A}"><p:cSld><p:spTree><p:sp><p:txBody>'
        f"<a:p><a:r><a:t>{escape(text)}</a:t></a:r></a:p>"
        "</p:txBody></p:sp></p:spTree></p:cSld></p:sld>"
    )


def pptx(*slides):
    """A presentation with one text box per slide."""
    parts = {"[Content_Types].xml": f"{PROLOG}<Types/>"}
    for number, text in enumerate(slides, 1):
        parts[f"ppt/slides/slide{number}.xml"] = slide_xml(text)
    return zip_of(parts)


def odt(content_body):
    """An OpenDocument text whose office:text holds ``content_body`` (XML)."""
    content = (
        f'{PROLOG}<office:document-content xmlns:office="{OFFICE}" xmlns:text="{TEXT}">'
        f"<office:body><office:text>{content_body}</office:text></office:body>"
        "</office:document-content>"
    )
    return zip_of(
        {
            "mimetype": "application/vnd.oasis.opendocument.text",
            "content.xml": content,
        }
    )


def docm():
    """A macro-enabled Word document, with its macro part."""
    return docx(
        "Hunger Safety Net",
        main=DOCM_MAIN,
        extra=[("word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")],
        content_types_extra='<Default Extension="bin" '
        'ContentType="application/vnd.ms-office.vbaProject"/>',
    )


def docx_zip_bomb(unpacked_bytes):
    """A real-looking Word document with one more part that unpacks to ``unpacked_bytes`` of
    zeros from about a thousandth of that (written in chunks, never held whole)."""
    buffer = io.BytesIO(docx("Hunger Safety Net"))
    chunk = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/media/padding.bin", "w", force_zip64=True) as member,
    ):
        for _ in range(unpacked_bytes // len(chunk)):
            member.write(chunk)
    return buffer.getvalue()


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n'
    "<!DOCTYPE lolz [\n"
    ' <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n"
    + f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'
    "</w:body></w:document>"
)

EXTERNAL_ENTITY = (
    '<?xml version="1.0"?>\n'
    '<!DOCTYPE doc [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
    f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&secret;</w:t></w:r></w:p>'
    "</w:body></w:document>"
)


def docx_many_empty_paragraphs(count, seed=0):
    """A Word document of a phrase then ``count`` empty paragraphs with random revision ids:
    a large XML part (about 25 bytes a paragraph) that compresses like ordinary XML, not
    like a bomb."""
    rng = random.Random(seed)
    empty = "".join(f'<w:p w:rsidR="{rng.getrandbits(32):08X}"/>' for _ in range(count))
    end = "</w:body></w:document>"
    return docx(document=document_xml("Hunger Safety Net").removesuffix(end) + empty + end)


# Real-world PDFs and office files (extraction, decision 0025) ---------------------------------


def pdf_with_form(value, name="county"):
    """A one-page PDF form whose text field ``name`` holds ``value`` (and no other text)."""
    return pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Annots [4 0 R] >>",
            b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (%s) /V (%s) /Rect [72 700 400 720]"
            b" /P 3 0 R >>" % (name.encode(), value.encode("latin-1")),
        ]
    )


def pdf_broken_xref(*pages):
    """A PDF whose cross-reference table points every object 7 bytes off, as a file cut and
    patched by a careless tool: readers that repair the table still read it."""
    data = pdf(*pages)
    start = data.rfind(b"startxref")
    xref = data.rfind(b"xref\n", 0, start)
    lines = []
    for line in data[xref:start].split(b"\n"):
        parts = line.split(b" ")
        if len(parts) == 3 and len(parts[0]) == 10 and parts[2] == b"n":
            line = b"%010d %s n" % (int(parts[0]) + 7, parts[1])
        lines.append(line)
    return data[:xref] + b"\n".join(lines) + data[start:]


def pdf_with_prefix(*pages, prefix=b"From the county office scanner gateway\r\n" * 4):
    """A PDF with bytes before ``%PDF`` (within the first 1,024, which readers accept)."""
    return prefix + pdf(*pages)


def docx_with_notes(body, *, footnote, comment, header, footer):
    """A Word document with one footnote, one comment, a header and a footer."""

    def part(root, text, item="w:p"):
        return (
            f'{PROLOG}<w:{root} xmlns:w="{W}"><{item}><w:r><w:t>{escape(text)}</w:t></w:r>'
            f"</{item}></w:{root}>"
        )

    notes = (
        f'{PROLOG}<w:footnotes xmlns:w="{W}"><w:footnote w:id="1"><w:p><w:r>'
        f"<w:t>{escape(footnote)}</w:t></w:r></w:p></w:footnote></w:footnotes>"
    )
    comments = (
        f'{PROLOG}<w:comments xmlns:w="{W}"><w:comment w:id="0"><w:p><w:r>'
        f"<w:t>{escape(comment)}</w:t></w:r></w:p></w:comment></w:comments>"
    )
    return docx(
        body,
        extra=[
            ("word/footnotes.xml", notes),
            ("word/comments.xml", comments),
            ("word/header1.xml", part("hdr", header)),
            ("word/footer1.xml", part("ftr", footer)),
        ],
    )


def odt_with_header(body, *, header, footer):
    """An OpenDocument text whose master page has a header and a footer (in styles.xml)."""
    style = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
    styles = (
        f'{PROLOG}<office:document-styles xmlns:office="{OFFICE}" xmlns:text="{TEXT}" '
        f'xmlns:style="{style}"><office:master-styles><style:master-page style:name="Standard">'
        f"<style:header><text:p>{escape(header)}</text:p></style:header>"
        f"<style:footer><text:p>{escape(footer)}</text:p></style:footer>"
        "</style:master-page></office:master-styles></office:document-styles>"
    )
    content = (
        f'{PROLOG}<office:document-content xmlns:office="{OFFICE}" xmlns:text="{TEXT}">'
        f"<office:body><office:text><text:p>{escape(body)}</text:p></office:text></office:body>"
        "</office:document-content>"
    )
    return zip_of(
        {
            "mimetype": "application/vnd.oasis.opendocument.text",
            "content.xml": content,
            "styles.xml": styles,
        }
    )


def pptx_without_slides():
    """A presentation saved with no slides: a real file, not a damaged one."""
    return zip_of(
        {
            "[Content_Types].xml": (
                f'{PROLOG}<Types><Override PartName="/ppt/presentation.xml" ContentType='
                '"application/vnd.openxmlformats-officedocument.presentationml.presentation.'
                'main+xml"/></Types>'
            ),
            "ppt/presentation.xml": f'{PROLOG}<p:presentation xmlns:p="{P}"/>',
        }
    )


def scanned_image(lines, *, size=(2480, 1754), font_size=56):
    """A picture of typed lines, as a scanner makes of a letter (300 dots per inch), PIL."""
    from PIL import ImageDraw, ImageFont

    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=font_size)
    for number, line in enumerate(lines):
        draw.text((160, 160 + number * font_size * 1.6), line, fill=0, font=font)
    return image


def scanned_pdf(lines):
    """A one-page PDF holding only a picture of typed lines: a scanned letter, no text."""
    buffer = io.BytesIO()
    scanned_image(lines).save(buffer, "PDF", resolution=300)
    return buffer.getvalue()


def scanned_png(lines):
    buffer = io.BytesIO()
    scanned_image(lines).save(buffer, "PNG")
    return buffer.getvalue()
