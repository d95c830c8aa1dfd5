"""Signals through which apps above ``repository`` add to a document's page without the
repository knowing them (the discussions list the threads that cite the document).

Receivers do one thing: call a selector of their own app."""

from dataclasses import dataclass

from django.dispatch import Signal

# Sent by the document page: arguments ``document`` and ``user``. Each receiver returns a
# list of ``DocumentLink`` for what the user may see, which the page lists under "Discussed
# in". Never sent for a visitor who is not signed in (their page is cached and shared).
document_page_links = Signal()


@dataclass(frozen=True)
class DocumentLink:
    label: str
    url: str
    note: str = ""


def links_for_document_page(*, document, user):
    """Every receiver's links, in the order the receivers were connected; none for a visitor
    who is not signed in."""
    if not user.is_authenticated:
        return []
    links = []
    for _receiver, response in document_page_links.send(
        sender=document.__class__, document=document, user=user
    ):
        links.extend(response or [])
    return links
