"""Highlighted excerpts of the text inside the files, for one page's rows only: PostgreSQL's
headline around the first wanted word, or on SQLite the text around the first word found."""

import re

from django.contrib.postgres.search import SearchHeadline
from django.db.models import Value
from django.db.models.functions import Greatest, Left, Lower, StrIndex, Substr
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..models import Document
from .backends import is_postgresql
from .matching import CONFIG, SEARCHED_TEXT_CHARS, _query, words

HEADLINE_CHARS = 1_500  # characters of a file's text that a snippet is made from
SNIPPET_RADIUS = 90  # characters either side of the first match in a SQLite snippet
# Characters from Unicode's private use area mark the highlights in PostgreSQL's headline, so
# that the text can be escaped before the marks become <mark> tags.
START, STOP = "\ue000", "\ue001"


def _highlighted(headline):
    """PostgreSQL's headline, escaped, with its marks turned into balanced <mark> tags (a
    stray mark character in the file text cannot open a tag that is never closed)."""
    parts, open_ = [], False
    for piece in re.split(f"([{START}{STOP}])", headline):
        if piece == START:
            if not open_:
                parts.append("<mark>")
                open_ = True
        elif piece == STOP:
            if open_:
                parts.append("</mark>")
                open_ = False
        else:
            parts.append(escape(piece))
    if open_:
        parts.append("</mark>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above


def _plain_snippet(text, terms):
    """SQLite: the text around the first word found, escaped, with the words in <mark>."""
    lowered = text.lower()
    found = [(lowered.find(t.lower()), t) for t in terms]
    found = [(at, t) for at, t in found if at >= 0]
    if not found:
        return ""
    at, _term = min(found)
    start, end = max(0, at - SNIPPET_RADIUS), min(len(text), at + SNIPPET_RADIUS)
    window = text[start:end]
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    parts, last = [], 0
    for match in pattern.finditer(window):
        parts.append(escape(window[last : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    parts.append(escape(window[last:]))
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308 - escaped above


def _first_wanted_word(query):
    """The first word the query asks for (not one it excludes), lower case, or ''."""
    for token in query.split():
        if token.startswith("-") or token.lower() == "or":
            continue
        word = token.strip("\"'+").lower()
        if word:
            return word
    return ""


def _headlines(documents, query):
    """PostgreSQL's highlighted excerpts for one page of documents, in one query. A headline
    parses all the text it is given, slowly, so it is given a window of HEADLINE_CHARS
    around the first place where the first wanted word occurs (found by a plain substring
    search, which is fast), or the start of the text."""
    text = Left("text", SEARCHED_TEXT_CHARS)
    start = Value(1)
    word = _first_wanted_word(query)
    if word:
        found_at = StrIndex(Lower(text), Value(word))
        start = Greatest(found_at - Value(HEADLINE_CHARS // 3), Value(1))
    found = Document.objects.filter(pk__in=[d.pk for d in documents]).annotate(
        headline=SearchHeadline(
            Substr(text, start, HEADLINE_CHARS),
            _query(query),
            config=CONFIG,
            start_sel=START,
            stop_sel=STOP,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
    )
    return dict(found.values_list("pk", "headline"))


def add_snippets(documents, query, *, fuzzy=False):
    """Set ``snippet`` on each document of a page: a safe, highlighted excerpt of the text
    inside the file, or an empty string when the match is elsewhere."""
    terms = words(query)
    headlines = {}
    if is_postgresql() and query and not fuzzy and documents:
        headlines = _headlines(documents, query)
    for document in documents:
        headline = headlines.get(document.pk)
        if headline is not None:
            document.snippet = _highlighted(headline) if START in headline else ""
        elif terms and "text" in document.__dict__:
            document.snippet = _plain_snippet(document.text, terms)
        else:
            document.snippet = ""
