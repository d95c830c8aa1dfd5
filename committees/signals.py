"""Signals through which apps above ``committees`` react to meetings without ``committees``
knowing them (the repository files a meeting's minutes and recording as documents).

Receivers do one thing: call a service or a selector of their own app."""

from dataclasses import dataclass

from django.dispatch import Signal

# Sent by ``services.meeting_record`` and by ``services.meeting_update`` for a held meeting,
# inside their transaction, after the meeting row (locked) is saved: arguments ``meeting``
# and ``acting_user``. A receiver's exception rolls the whole recording back, so a held
# meeting and the documents made from its record never disagree.
meeting_recorded = Signal()

# Sent by the meeting page for a held meeting: arguments ``meeting`` and ``user``. Each
# receiver returns a list of ``MeetingLink`` for what the user may see, which the page lists.
meeting_page_links = Signal()


@dataclass(frozen=True)
class MeetingLink:
    """A link the meeting page shows under its record. ``url`` empty: a note without a link
    (``note`` says why, for instance that the document was withdrawn)."""

    label: str
    url: str = ""
    note: str = ""


def links_for_meeting_page(*, meeting, user):
    """Every receiver's links, in the order the receivers were connected."""
    links = []
    for _receiver, response in meeting_page_links.send(
        sender=meeting.__class__, meeting=meeting, user=user
    ):
        links.extend(response or [])
    return links
