"""What the library and the earlier threads already hold for a question being asked: the
documents (through the repository's search, from what the person may see) and the threads
(through the discussions' own search) that share the title's significant words. The ask
form shows them while the title is typed (``static/js/discussions.js`` asks
``/discussions/suggest/``) and, without the script, as a second step before saving."""

import re
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F, Q, Value

from repository import search as repository_search
from repository import selectors as repository_selectors
from repository.search import matching as repository_matching

from . import search, selectors

LIMIT = 5
MAX_WORDS = 6
MIN_LENGTH = 3  # characters of a significant word
# Words too common to say what a question is about (English and Kiswahili).
STOP_WORDS = frozenset(
    " ".join(
        [
            "about after again also and any are can could did does for from have has how into",
            "its many more most much not our should some than that the their them then there",
            "these they this those through was were what when where which while who why will",
            "with would your you yet kwa katika ya cha vya nini gani vipi jinsi kuna hii hiyo",
            "huo hao",
        ]
    ).split()
)


@dataclass
class Suggestions:
    documents: list = field(default_factory=list)
    threads: list = field(default_factory=list)


def significant_words(title):
    found = re.findall(r"\w+", title.lower())
    kept = [w for w in found if len(w) >= MIN_LENGTH and w not in STOP_WORDS]
    return list(dict.fromkeys(kept))[:MAX_WORDS]


def _prefix_query(words):
    """PostgreSQL: any of the words, each as a prefix ("caregiver" finds "caregivers"); the
    words are letters and digits only, so the raw syntax is safe."""
    return SearchQuery(" | ".join(f"{w}:*" for w in words), search_type="raw", config="simple")


def _any_word(queryset, words, match):
    """SQLite: rows of ``queryset`` that match at least one of ``words`` (one match per
    word, a substring match, which finds "caregivers" for "caregiver" too)."""
    return queryset.filter(reduce(or_, [Q(pk__in=match(queryset, w).values("pk")) for w in words]))


def for_title(user, title, *, limit=LIMIT):
    """Documents and threads the user may see that match the title's significant words,
    best first (two queries; none for a title without any)."""
    words = significant_words(title or "")
    if not words:
        return Suggestions()
    documents = repository_selectors.documents_visible_to(user).filter(withdrawn_at__isnull=True)
    threads = selectors.visible_to(user)
    if search.is_postgresql():
        query = _prefix_query(words)
        documents = documents.filter(search_vector=query).annotate(
            rank=SearchRank(F("heading_vector"), query)
        )
        threads = threads.filter(search_vector=query).annotate(
            rank=SearchRank(F("search_vector"), query)
        )
    else:
        documents = repository_search.backend().ranked(
            _any_word(documents, words, repository_matching.matching), " ".join(words)
        )
        threads = _any_word(threads, words, search.matching).annotate(rank=Value(0))
    threads = threads.order_by("-rank", "-last_activity_at", "-pk")
    documents = documents.order_by("-rank", "-created_at", "-pk")
    return Suggestions(
        documents=list(documents.only("slug", "title", "type", "published_on")[:limit]),
        threads=list(
            threads.only("pk", "title", "status", "answer_count", "last_activity_at")[:limit]
        ),
    )
