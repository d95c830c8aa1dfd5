"""What the home page shows besides its fixed text: the milestones' headline figures, the
next public events, the newest public documents and the latest bulletin edition, each read
through its app's visibility for the person (a visitor sees the public ones; the page cache
stores only visitors' pages). Four to six queries, whatever the size of the CoP; for a
signed-in member, the question of the month a coordinator pinned in Ask the CoP."""

from bulletin import selectors as bulletin_selectors
from committees import selectors as committee_selectors
from discussions import selectors as discussion_selectors
from milestones import aggregates
from repository import selectors as repository_selectors

EVENTS = 3
DOCUMENTS = 4


def home_context(user):
    return {
        "milestones": aggregates.summary(),
        "events": list(
            committee_selectors.upcoming(committee_selectors.meetings_visible_to(user))
            .select_related("body")
            .only("title", "starts_at", "ends_at", "kind", "venue", "body__name")[:EVENTS]
        ),
        "documents": repository_selectors.public_feed_documents(limit=DOCUMENTS),
        "edition": bulletin_selectors.archive().only("title", "slug", "published_at").first(),
        # Members' threads only: a visitor's page (the one the page cache stores) has none.
        "question": (
            discussion_selectors.question_of_the_month(user) if user.is_authenticated else None
        ),
    }
