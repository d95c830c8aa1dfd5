"""What the library and the earlier threads already hold for a question being asked: the
documents (through the repository's search, from what the person may see) and the threads
(through the discussions' own search) that share the title's significant words. The ask
form shows them while the title is typed (``static/js/discussions.js`` asks
``/discussions/suggest/``) and, without the script, as a second step before saving."""

import re
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q

from repository import search as repository_search
from repository import selectors as repository_selectors
from repository.search import matching as repository_matching

from . import search, selectors

LIMIT = 5
MAX_WORDS = 6
MIN_LENGTH = 3  # characters of a significant word
# Words too common to say what a question is about (English and Kiswahili).
STOP_WORDS = frozenset(
    [
        "about",
        "after",
        "again",
        "also",
        "and",
        "any",
        "are",
        "can",
        "could",
        "did",
        "does",
        "for",
        "from",
        "have",
        "has",
        "how",
        "into",
        "its",
        "many",
        "more",
        "most",
        "much",
        "not",
        "our",
        "should",
        "some",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "was",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "why",
        "will",
        "with",
        "would",
        "your",
        "you",
        "yet",
        "kwa",
        "katika",
        "na",
        "ya",
        "wa",
        "za",
        "la",
        "cha",
        "vya",
        "ni",
        "je",
        "nini",
        "gani",
        "vipi",
        "jinsi",
        "kuna",
        "hii",
        "hiyo",
        "huo",
        "hao",
    ]
)


@dataclass
class Suggestions:
    documents: list = field(default_factory=list)
    threads: list = field(default_factory=list)


def significant_words(title):
    found = re.findall(r"\w+", title.lower())
    kept = [w for w in found if len(w) >= MIN_LENGTH and w not in STOP_WORDS]
    return list(dict.fromkeys(kept))[:MAX_WORDS]


def _any_word(queryset, words, match):
    """Rows of ``queryset`` that match at least one of ``words``: one ``OR`` query on
    PostgreSQL's web-search syntax, one match per word on SQLite (which reads no ``or``)."""
    if repository_search.is_postgresql():
        return match(queryset, " or ".join(words))
    return queryset.filter(reduce(or_, [Q(pk__in=match(queryset, w).values("pk")) for w in words]))


def for_title(user, title, *, limit=LIMIT):
    """Documents and threads the user may see that match the title's significant words,
    best first (two queries; none for a title without any)."""
    words = significant_words(title or "")
    if not words:
        return Suggestions()
    query = " or ".join(words)
    documents = _any_word(
        repository_selectors.documents_visible_to(user).filter(withdrawn_at__isnull=True),
        words,
        repository_matching.matching,
    )
    documents = repository_search.backend().ranked(documents, query)
    threads = _any_word(selectors.visible_to(user), words, lambda qs, q: search.matching(qs, q))
    if search.is_postgresql():
        threads = threads.order_by("-rank", "-last_activity_at", "-pk")
    else:
        threads = threads.order_by("-last_activity_at", "-pk")
    return Suggestions(
        documents=list(
            documents.only("slug", "title", "type", "published_on").order_by(
                "-rank", "-created_at", "-pk"
            )[:limit]
        ),
        threads=list(
            threads.only("pk", "title", "status", "answer_count", "last_activity_at")[:limit]
        ),
    )
