"""Make a corpus of real-world-like documents, each with the text it was written from.

    python -m benchmarks.extraction_corpus [--out DIR] [--seed N]

LibreOffice (Debian's ``libreoffice-writer-nogui`` and ``libreoffice-impress-nogui``) lays out
flat ODF files the way people's reports come out of an office suite: one and several columns,
tables, footnotes, fonts with ligatures, justified text hyphenated at line ends, Kiswahili,
long reports and slide decks; it exports them to PDF (and to DOCX and PPTX). Some PDFs are
then damaged the ways real files are: a broken cross-reference table, bytes before ``%PDF``, a
password. Next to each file, ``NAME.txt`` is the reference: the words the generator wrote, an
independent truth that no reader produced. ``manifest.json`` lists the files with what the
portal should say about each (``searchable``, ``damaged``, ``protected``...).

Not run in CI (LibreOffice is big); ``benchmarks/extraction.py`` reads the corpus."""

import argparse
import io
import json
import random
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape


def _words(text):
    return text.split()


# Sentences in the register of the portal's documents, in English and in Kiswahili; the
# generator recombines their words so that no two documents read alike.
ENGLISH = _words(
    """
The National Safety Net Programme reaches older persons, orphans and vulnerable children and
persons with severe disabilities in every county. Cash transfers are paid every two months
through accounts that beneficiaries choose themselves. The official figures differ between
counties because the registration drives were held at different times. Efficient targeting
depends on a single registry that is kept up to date by field officers. Grievances are
recorded at the sub-county office and answered within thirty days. The effect of the
transfers on school attendance was significant in the arid and semi-arid lands. Coordination
between the ministries, the development partners and civil society is the first aim of the
working group. Financing for the shock-responsive component was affirmed in the
supplementary budget. Beneficiaries reported that the payments were predictable and
sufficient for food and fees. The final evaluation identified difficulties with the flow of
information to households. Officials affirmed the commitment to scaling up coverage for
pregnant and lactating women.
"""
)

KISWAHILI = _words(
    """
Mpango wa kitaifa wa ulinzi wa kijamii unawafikia wazee, yatima na watoto walio katika
hatari na watu wenye ulemavu mkubwa katika kila kaunti. Malipo ya fedha hutolewa kila baada
ya miezi miwili kupitia akaunti ambazo wanufaika wanachagua wenyewe. Malalamiko yanarekodiwa
katika ofisi ya kaunti ndogo na kujibiwa ndani ya siku thelathini. Uratibu kati ya wizara,
washirika wa maendeleo na mashirika ya kiraia ndilo lengo la kwanza la kikundi kazi.
Wanufaika walisema kwamba malipo yalikuwa ya kutabirika na yalitosha kwa chakula na karo ya
shule. Tathmini ya mwisho ilionyesha changamoto za mtiririko wa taarifa kwa kaya.
"""
)

# Words full of the letter pairs that fonts join into ligatures (fi, fl, ff, ffi, ffl).
LIGATURE_WORDS = _words(
    """
official officials efficient effective difficult different differently affirmed financing
final first field figures fluctuations flow affluent sufficient office offices scaffold
shuffle influence confidential beneficiaries classified specific identified profile
"""
)


def sentence(rng, words, length=None):
    length = length or rng.randint(8, 20)
    chosen = [rng.choice(words).strip(".,") for _ in range(length)]
    chosen[0] = chosen[0].capitalize()
    return " ".join(chosen) + "."


def paragraph(rng, words, sentences=None):
    return " ".join(sentence(rng, words) for _ in range(sentences or rng.randint(3, 6)))


# Flat ODF ------------------------------------------------------------------------------------

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'office:version="1.3"'
)


def fodt(
    body, *, font="Liberation Serif", size="11pt", justify=False, header="", footer="", spacing=""
):
    align = ' fo:text-align="justify"' if justify else ""
    spacing = f' fo:letter-spacing="{spacing}"' if spacing else ""
    master = ""
    if header or footer:
        master = (
            '<office:master-styles><style:master-page style:name="Standard" '
            'style:page-layout-name="pm1">'
            f"<style:header><text:p>{escape(header)}</text:p></style:header>"
            f"<style:footer><text:p>{escape(footer)}</text:p></style:footer>"
            "</style:master-page></office:master-styles>"
        )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document {NS} office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="{font}" svg:font-family="'{font}'"/>
</office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph"><style:paragraph-properties{align}/>
<style:text-properties style:font-name="{font}" fo:font-size="{size}"{spacing} fo:language="en"
 fo:country="GB"/></style:default-style>
<style:style style:name="Heading" style:family="paragraph"><style:text-properties
 fo:font-size="16pt" fo:font-weight="bold"/></style:style>
</office:styles>
<office:automatic-styles>
<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm"
 fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2cm"
 fo:margin-right="2cm"/><style:header-style/><style:footer-style/></style:page-layout>
<style:style style:name="C2" style:family="section"><style:section-properties>
<style:columns fo:column-count="2" fo:column-gap="0.8cm"/></style:section-properties></style:style>
<style:style style:name="C3" style:family="section"><style:section-properties>
<style:columns fo:column-count="3" fo:column-gap="0.6cm"/></style:section-properties></style:style>
</office:automatic-styles>
{master}
<office:body><office:text>{body}</office:text></office:body></office:document>
"""


def p(text, style=None):
    attribute = f' text:style-name="{style}"' if style else ""
    return f"<text:p{attribute}>{escape(text)}</text:p>"


def h(text):
    return f'<text:h text:outline-level="1" text:style-name="Heading">{escape(text)}</text:h>'


_names = iter(range(1, 1_000_000))


def section(style, inner):
    name = f"S{next(_names)}"
    return f'<text:section text:name="{name}" text:style-name="{style}">{inner}</text:section>'


def table(rows):
    columns = len(rows[0])
    cells = "".join(
        "<table:table-row>"
        + "".join(f"<table:table-cell>{p(cell)}</table:table-cell>" for cell in row)
        + "</table:table-row>"
        for row in rows
    )
    return (
        f'<table:table table:name="T{next(_names)}">'
        f'<table:table-column table:number-columns-repeated="{columns}"/>{cells}</table:table>'
    )


def with_soft_hyphens(text, rng):
    """Soft hyphens inside long words: justified text then breaks them at line ends with a
    visible hyphen, as a hyphenating office suite does."""
    out = []
    for word in text.split(" "):
        if len(word) >= 9 and word.isalpha():
            cut = rng.randint(3, len(word) - 4)
            word = word[:cut] + "\u00ad" + word[cut:]
        out.append(word)
    return " ".join(out)


LIGATURES = [
    ("ffi", "\ufb03"),
    ("ffl", "\ufb04"),
    ("ff", "\ufb00"),
    ("fi", "\ufb01"),
    ("fl", "\ufb02"),
]


def with_ligatures(document):
    """The text written with ligature characters (U+FB00 to U+FB04), as text pasted from a
    PDF or typeset by some tools carries them: a reader must give "official" back, not
    "o\ufb03cial". Only the text between tags is changed, never the markup."""

    def replace(match):
        text = match.group(0)
        for letters, ligature in LIGATURES:
            text = text.replace(letters, ligature)
        return text

    head, body = document.split("<office:body>", 1)
    return head + "<office:body>" + re.sub(r">[^<]+<", replace, body)


def fodp(slides):
    pages = []
    for number, (title, bullets) in enumerate(slides, 1):
        items = "".join(f"<text:list-item>{p(item)}</text:list-item>" for item in bullets)
        pages.append(
            f'<draw:page draw:name="s{number}">'
            '<draw:frame svg:x="1cm" svg:y="0.8cm" svg:width="26cm" svg:height="2.5cm">'
            f"<draw:text-box>{p(title)}</draw:text-box></draw:frame>"
            '<draw:frame svg:x="1cm" svg:y="4cm" svg:width="12cm" svg:height="13cm">'
            f"<draw:text-box><text:list>{items}"
            "</text:list></draw:text-box></draw:frame></draw:page>"
        )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document {NS} office:mimetype="application/vnd.oasis.opendocument.presentation">
<office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties
 fo:page-width="28cm" fo:page-height="15.75cm"/></style:page-layout></office:automatic-styles>
<office:master-styles><style:master-page style:name="Default" style:page-layout-name="pm1"/>
</office:master-styles>
<office:body><office:presentation>{"".join(pages)}</office:presentation></office:body>
</office:document>
"""


# Documents -----------------------------------------------------------------------------------


def plain_report(rng, words, pages, **style):
    parts, reference = [], []
    for number in range(1, pages * 3 + 1):
        if number % 6 == 1:
            title = f"Section {number // 6 + 1}: {sentence(rng, words, 4)[:-1]}"
            parts.append(h(title))
            reference.append(title)
        text = paragraph(rng, words)
        parts.append(p(text))
        reference.append(text)
    return fodt("".join(parts), **style), reference


def columns_report(rng, words, count):
    parts, reference = [], []
    for number in range(8):
        title = f"Chapter {number + 1} {sentence(rng, words, 3)[:-1]}"
        inner = []
        for _ in range(4):
            text = paragraph(rng, words)
            inner.append(p(text))
            reference.append(text)
        parts.append(h(title) + section(f"C{count}", "".join(inner)))
        reference.insert(len(reference) - 4, title)
    return fodt("".join(parts)), reference


def tables_report(rng, words):
    parts, reference = [], []
    counties = ["Turkana", "Marsabit", "Wajir", "Mandera", "Kilifi", "Kitui", "Nairobi"]
    for _ in range(6):
        text = paragraph(rng, words)
        parts.append(p(text))
        reference.append(text)
        rows = [["County", "Beneficiaries", "Comment"]]
        for county in rng.sample(counties, 5):
            rows.append([county, f"{rng.randint(1000, 90000):,}", sentence(rng, words, 6)])
        parts.append(table(rows))
        reference.extend(" ".join(row) for row in rows)
    return fodt("".join(parts)), reference


def footnotes_report(rng, words):
    parts, reference = [], []
    for number in range(20):
        text = paragraph(rng, words)
        note = sentence(rng, words, 10)
        parts.append(
            f"<text:p>{escape(text)}<text:note text:id='n{number}' text:note-class='footnote'>"
            f"<text:note-citation>{number + 1}</text:note-citation>"
            f"<text:note-body>{p(note)}</text:note-body></text:note></text:p>"
        )
        reference.extend([text, note])
    return fodt("".join(parts)), reference


def hyphenated_report(rng, words):
    parts, reference = [], []
    for _ in range(30):
        text = paragraph(rng, words)
        parts.append(p(with_soft_hyphens(text, rng)))
        reference.append(text)
    return fodt("".join(parts), justify=True, size="10pt"), reference


def headed_report(rng, words):
    header = "Ministry of Labour and Social Protection"
    footer = "Kenya Social Protection Sector Review"
    document, reference = plain_report(rng, words, 3, header=header, footer=footer)
    return document, reference + [header, footer]


def slides(rng, words, count):
    deck, reference = [], []
    for number in range(count):
        title = f"{number + 1}. {sentence(rng, words, 4)[:-1]}"
        bullets = [sentence(rng, words, rng.randint(4, 8)) for _ in range(4)]
        deck.append((title, bullets))
        reference.extend([title, *bullets])
    return fodp(deck), reference


# Conversion and damage -----------------------------------------------------------------------


def convert(source, target_format, out_dir):
    subprocess.run(  # noqa: S603
        [  # noqa: S607 - LibreOffice from the PATH
            "soffice",
            "--headless",
            "--norestore",
            "--convert-to",
            target_format,
            "--outdir",
            str(out_dir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out_dir / (source.stem + "." + target_format.split(":")[0])


def damage_xref(data):
    """Shift every cross-reference offset: readers that trust the table find nothing where it
    points, readers that repair it rebuild it by scanning the file."""
    start = data.rfind(b"startxref")
    xref = data.rfind(b"\nxref", 0, start)
    if xref < 0:
        return data[:start] + b"startxref\n999999999\n%%EOF\n"
    head, table = data[: xref + 1], data[xref + 1 : start]
    lines = []
    for line in table.split(b"\n"):
        parts = line.split(b" ")
        if len(parts) >= 3 and len(parts[0]) == 10 and parts[0].isdigit():
            parts[0] = b"%010d" % (int(parts[0]) + 7)
            line = b" ".join(parts)
        lines.append(line)
    return head + b"\n".join(lines) + data[start:]


def with_prefix(data):
    return b"X-Mailer: scanned by the county office gateway\r\n" * 6 + data


def encrypt(data, password="kenya2026"):  # noqa: S107 - a test file's password
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=password, algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def empty_pptx(path):
    """A deck saved with no slides, as PowerPoint writes one."""
    import zipfile

    ct = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Override PartName="/ppt/presentation.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/>'
        "</Types>"
    )
    presentation = (
        '<?xml version="1.0" encoding="UTF-8"?><p:presentation xmlns:p="http://schemas.'
        'openxmlformats.org/presentationml/2006/main"><p:sldSz cx="9144000" cy="6858000"/>'
        "</p:presentation>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", ct)
        archive.writestr("ppt/presentation.xml", presentation)


def build(out, seed):
    rng = random.Random(seed)  # noqa: S311 - a repeatable corpus
    out.mkdir(parents=True, exist_ok=True)
    both = ENGLISH + KISWAHILI
    cases = []  # (name, kind, source document, reference lines)
    for n in range(4):
        cases.append((f"report-{n}", "pdf", *plain_report(rng, ENGLISH, 4)))
    cases.append(("long-report", "pdf", *plain_report(rng, ENGLISH, 120)))
    for n in range(3):
        cases.append((f"kiswahili-{n}", "pdf", *plain_report(rng, KISWAHILI, 3)))
    cases.append(("bilingual", "pdf", *plain_report(rng, both, 5)))
    for n in range(3):
        cases.append((f"two-columns-{n}", "pdf", *columns_report(rng, ENGLISH, 2)))
    for n in range(2):
        cases.append((f"three-columns-{n}", "pdf", *columns_report(rng, both, 3)))
    for n in range(3):
        cases.append((f"tables-{n}", "pdf", *tables_report(rng, ENGLISH)))
    for n in range(2):
        cases.append((f"footnotes-{n}", "pdf", *footnotes_report(rng, ENGLISH)))
    for n, font in enumerate(["DejaVu Serif", "DejaVu Sans", "Liberation Serif"]):
        document, reference = plain_report(rng, LIGATURE_WORDS + ENGLISH, 3, font=font)
        cases.append((f"ligatures-{n}", "pdf", with_ligatures(document), reference))
    for n in range(3):
        cases.append((f"hyphenated-{n}", "pdf", *hyphenated_report(rng, ENGLISH)))
    # Letters set wide apart (a title page, a poster) and squeezed together (a report
    # fitted to its pages): readers that guess spaces from gaps split or glue the words.
    for n, spacing in enumerate(["0.08cm", "0.16cm", "-0.02cm"]):
        cases.append((f"spacing-{n}", "pdf", *plain_report(rng, both, 2, spacing=spacing)))
    cases.append(("small-print", "pdf", *plain_report(rng, ENGLISH, 2, size="6pt")))
    cases.append(("header-footer", "pdf", *headed_report(rng, ENGLISH)))
    cases.append(("header-footer", "docx", *headed_report(rng, ENGLISH)))
    cases.append(("footnotes", "docx", *footnotes_report(rng, ENGLISH)))
    cases.append(("header-footer", "odt", *headed_report(rng, ENGLISH)))
    for n in range(3):
        cases.append((f"slides-{n}", "pdf", *slides(rng, both, 12)))
    cases.append(("slides", "pptx", *slides(rng, ENGLISH, 10)))

    manifest = []
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        for name, kind, document, reference in cases:
            is_deck = "office:presentation>" in document
            source = work / f"{name}-{kind}.{'fodp' if is_deck else 'fodt'}"
            source.write_text(document, encoding="utf-8")
            made = convert(source, kind, work)
            target = out / f"{name}.{kind}"
            shutil.move(made, target)
            (out / f"{name}.{kind}.txt").write_text("\n".join(reference) + "\n", encoding="utf-8")
            manifest.append({"file": target.name, "layout": name, "expect": "searchable"})
        # Damaged the ways real files are, from PDFs made above.
        for source, name, damage, expect in [
            ("report-0.pdf", "broken-xref.pdf", damage_xref, "searchable"),
            ("two-columns-0.pdf", "broken-xref-columns.pdf", damage_xref, "searchable"),
            ("report-1.pdf", "bytes-before-header.pdf", with_prefix, "searchable"),
            ("report-2.pdf", "password.pdf", encrypt, "protected"),
        ]:
            (out / name).write_bytes(damage((out / source).read_bytes()))
            shutil.copy(out / f"{source}.txt", out / f"{name}.txt")
            manifest.append({"file": name, "layout": name[:-4], "expect": expect})
    empty_pptx(out / "no-slides.pptx")
    (out / "no-slides.pptx.txt").write_text("", encoding="utf-8")
    manifest.append({"file": "no-slides.pptx", "layout": "no-slides", "expect": "empty"})
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/extraction-corpus"))  # noqa: S108
    parser.add_argument("--seed", type=int, default=22)
    args = parser.parse_args()
    manifest = build(args.out, args.seed)
    print(f"{len(manifest)} files in {args.out}")


if __name__ == "__main__":
    main()
