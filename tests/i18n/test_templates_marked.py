"""No template shows a person text that is not marked for translation (issue 18).

Each template is read with Django's own lexer: the text inside {% translate %} and
{% blocktranslate %} is marked, comments are not shown, and what is left of the HTML is parsed
for its text nodes and the attributes people read or hear (alt, title, aria-label,
placeholder, value of buttons). Any word left there is English a Kiswahili page would show."""

import re
from html.parser import HTMLParser

from django.template.base import Lexer, TokenType

from .catalogue import ROOT

TEMPLATE_DIRS = sorted(
    p for p in ROOT.glob("*/templates") if p.parent.name not in {".venv", "node_modules", "tests"}
) + [ROOT / "templates"]
READ_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "aria-description"}
HOLE = " "  # where a variable or tag of the template was

# Text that is the same in every language: names of the portal, file formats and standards,
# and the language names of the switch (each shown in its own language on purpose).
ALLOWED = {
    "CoP",
    "TWG",
    "PDF",
    "HTML",
    "ICS",
    "Atom",
    "RSS",
    "iCalendar",
    "BibTeX",
    "RIS",
    "SHA-256",
    "CSV",
    "JSON",
    "English",
    "Kiswahili",
    "EN",
    "SW",
    "OR",
    "YYYY-MM-DD",
    "Message-ID",
}
# Whole templates that are not pages people read in a language: machine formats and the
# benchmark's fixtures.
SKIPPED = {"benchmarks"}
# Templates of markup only, whose words are HTML assembled around template tags.
MARKUP_ONLY = {"templates/allauth/elements/button.html"}
# Texts written whole in one language, one file per language, instead of through the
# catalogue: the privacy notice's versions (privacy/notices/<version>/<language>.html, decision
# 0024), which must read as the administration team and the DPO approved them.
WRITTEN_PER_LANGUAGE = re.compile(r"/notices/[^/]+/(en|sw)\.html$")
# Blocks that hold class names or head elements, not text.
NOT_TEXT_BLOCKS = {"bodyclass", "extrastyle", "extrahead"}


def _unmarked_source(path):
    """The template's source with every marked or non-shown part blanked."""
    source = path.read_text(encoding="utf-8")
    out = []
    skipping = None  # the closing tag we wait for
    for token in Lexer(source).tokenize():
        text = token.contents
        if token.token_type == TokenType.BLOCK:
            name = text.split()[0] if text.split() else ""
            if skipping:
                if name == skipping:
                    skipping = None
                out.append(HOLE)
                continue
            if name in {"blocktranslate", "blocktrans"}:
                skipping = "endblocktranslate" if name == "blocktranslate" else "endblocktrans"
            elif name == "comment":
                skipping = "endcomment"
            elif name == "block" and text.split()[1:2] and text.split()[1] in NOT_TEXT_BLOCKS:
                skipping = "endblock"
            out.append(HOLE)
        elif token.token_type == TokenType.TEXT and not skipping:
            out.append(text)
        else:
            out.append(HOLE)
    return "".join(out)


class _Visible(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._hidden += 1
        for name, value in attrs:
            if value and (name in READ_ATTRIBUTES or (tag == "input" and name == "value")):
                if (
                    tag == "input"
                    and name == "value"
                    and dict(attrs).get("type") not in {"submit", "button"}
                ):
                    continue
                self.found.append((self.getpos()[0], value))

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.found.append((self.getpos()[0], data))


WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")


def _words(text):
    text = text.replace(HOLE, " ")
    return [w for w in WORD.findall(text) if w not in ALLOWED]


def _templates():
    for directory in TEMPLATE_DIRS:
        if directory.parent.name in SKIPPED:
            continue
        for path in sorted(directory.rglob("*")):
            relative = str(path.relative_to(ROOT))
            if path.suffix not in {".html", ".txt"} or relative in MARKUP_ONLY:
                continue
            if WRITTEN_PER_LANGUAGE.search(relative):
                continue
            yield path


def unmarked_text(path):
    parser = _Visible()
    parser.feed(_unmarked_source(path))
    parser.close()
    return [(line, value.strip()) for line, value in parser.found if _words(value)]


def test_the_scan_finds_unmarked_text_and_ignores_marked_text(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "{% load i18n %}<h1>{% translate 'Events' %}</h1>\n"
        "<p>{% blocktranslate %}Hello {{ name }}{% endblocktranslate %}</p>\n"
        "{% comment %}Not shown{% endcomment %}<script>var x = 'code';</script>\n"
        '<img alt="A logo" src="x.png"> <p>Read more</p> <span>{{ value }} · CoP</span>\n'
    )
    assert [text for _, text in unmarked_text(page)] == ["A logo", "Read more"]


def test_every_template_marks_its_visible_text_for_translation():
    problems = []
    for path in _templates():
        for _line, text in unmarked_text(path):
            problems.append(f"  {path.relative_to(ROOT)}: {text[:80]!r}")
    assert not problems, (
        "Visible text not marked for translation (wrap it in {% translate %} or "
        "{% blocktranslate %}, then `make messages` and translate it):\n" + "\n".join(problems)
    )
