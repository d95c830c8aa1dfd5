"""What of rich text is kept, for every app that takes it (the bulletin's editorial, the
discussions' Markdown once rendered): an allowlist of tags, attributes and URL schemes,
applied when the text is saved and again when it is shown or e-mailed, so a row changed
behind the portal's back (the admin, a restore) cannot carry a script either.

Plain-text fields (titles, descriptions, summaries, notes) lose any markup when they are
saved; templates escape them anyway."""

import re
from html import unescape
from html.parser import HTMLParser

import nh3
from django.utils.html import strip_tags

TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "a", "h2", "h3", "blockquote"}
ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def clean_html(html):
    """The allowlisted part of ``html``: no script, style, iframe, event handler or
    javascript: URL survives; links get rel="noopener noreferrer"."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def clean_text(text):
    """Plain text with any markup taken out (tags and what scripts and styles held)."""
    if not text:
        return ""
    without_code = nh3.clean(text, tags=set(), clean_content_tags={"script", "style"})
    return strip_tags(unescape(without_code)).strip()


BLOCKS = {"p", "h2", "h3", "blockquote", "ul", "ol"}


class _TextWriter(HTMLParser):
    """Sanitised HTML as plain text: paragraphs separated by a blank line, list items as
    "- ", links as "text (address)"."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.href = None
        self.link_text = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.parts.append("\n\n")
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "a":
            self.href = dict(attrs).get("href")
            self.link_text = []

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a" and self.href is not None:
            text = "".join(self.link_text).strip()
            if self.href and self.href != text:
                self.parts.append(f" ({self.href})")
            self.href = None

    def handle_data(self, data):
        if self.href is not None:
            self.link_text.append(data)
        self.parts.append(re.sub(r"\s+", " ", data))

    def text(self):
        lines = [line.strip() for line in "".join(self.parts).splitlines()]
        out, blank = [], False
        for line in lines:
            if not line:
                blank = bool(out)
                continue
            if blank:
                out.append("")
            out.append(line)
            blank = False
        return "\n".join(out)


def html_to_text(html):
    """The plain-text version of rich text (sanitised first)."""
    writer = _TextWriter()
    writer.feed(clean_html(html))
    writer.close()
    return writer.text()


def markdown_to_html(text):
    """Markdown rendered, then cut down to the allowlist above: raw HTML in the Markdown is
    allowed through the renderer only to be sanitised with everything else, so no script,
    event handler, ``javascript:`` link, SVG or image survives."""
    if not text:
        return ""
    import markdown

    return clean_html(markdown.markdown(text, extensions=["sane_lists"], output_format="html"))
