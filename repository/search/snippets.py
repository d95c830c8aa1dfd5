"""Highlighted excerpts of the text inside the files, for one page's rows only: the ones the
backend makes in the database (PostgreSQL's headline around the first wanted word), or, on
SQLite, the text around the first word found."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..models import PAGE_BREAK
from .backends import backend
from .backends.base import Snippet
from .backends.postgresql import START, STOP, _highlighted
from .backends.sqlite import words

__all__ = ["START", "STOP", "_highlighted", "add_snippets"]

SNIPPET_RADIUS = 90  # characters either side of the first match in a plain snippet


def _plain_snippet(text, terms):
    """The ``Snippet`` of the text around the first word found, escaped, with the words in
    <mark>, and its page (SQLite's snippets: its page's rows read the text)."""
    lowered = text.lower()
    found = [(lowered.find(t.lower()), t) for t in terms]
    found = [(at, t) for at, t in found if at >= 0]
    if not found:
        return Snippet("", None)
    at, _term = min(found)
    page = text.count(PAGE_BREAK, 0, at) + 1
    start, end = max(0, at - SNIPPET_RADIUS), min(len(text), at + SNIPPET_RADIUS)
    window = text[start:end].replace(PAGE_BREAK, " ")
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    parts, last = [], 0
    for match in pattern.finditer(window):
        parts.append(escape(window[last : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    parts.append(escape(window[last:]))
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return Snippet(mark_safe(prefix + "".join(parts) + suffix), page)  # noqa: S308 - escaped


def add_snippets(documents, query, *, fuzzy=False):
    """Set ``snippet`` on each document of a page: a safe, highlighted excerpt of the text
    inside the file, or an empty string when the match is elsewhere; and ``snippet_page``,
    the page of the file that excerpt is on (None when there is no excerpt)."""
    terms = words(query)
    snippets = {}
    if query and not fuzzy and documents:
        snippets = backend().snippets(documents, query)
    for document in documents:
        snippet = snippets.get(document.pk)
        if snippet is None and terms and "text" in document.__dict__:
            snippet = _plain_snippet(document.text, terms)
        if snippet is None:
            snippet = Snippet("", None)
        document.snippet = snippet.html
        document.snippet_page = snippet.page if snippet.html else None
