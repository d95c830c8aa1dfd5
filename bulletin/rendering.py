"""How an edition reads, on the web and in the e-mail. One context builder serves both, and
:func:`render_edition_email` is what distribution sends: the coordinator's e-mail preview is
that very function's output.

The editorial is sanitised again here (it was sanitised when saved): a row changed behind the
portal's back cannot carry a script into a page or a message."""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from core import mail
from core.sanitise import clean_html, html_to_text

from . import selectors


@dataclass
class Item:
    submission: object
    href: str  # where the item's title links to, relative for the portal's own pages
    url: str  # the same, absolute (for the e-mail)
    is_file: bool = False


def _absolute(path):
    return path if "://" in path else settings.SITE_URL + path


def item_for(submission):
    """An item links to its link, else to its repository document, else to its file."""
    if submission.link:
        href, is_file = submission.link, False
    elif submission.document_id:
        href, is_file = submission.document.get_absolute_url(), False
    else:
        href, is_file = reverse("bulletin:submission_file", kwargs={"pk": submission.pk}), True
    return Item(submission=submission, href=href, url=_absolute(href), is_file=is_file)


def edition_context(edition, now=None):
    """Everything an edition shows: its editorial, its sections with their items, the public
    events of the coming quarter and the documents made public since the previous edition.
    A fixed number of queries whatever the size of the edition."""
    editorial = clean_html(edition.editorial)
    sections = [
        {"section": section, "items": [item_for(item.submission) for item in section.items.all()]}
        for section in selectors.sections_of(edition)
    ]
    events = selectors.upcoming_public_events(edition, now)
    documents = selectors.new_public_documents(edition, now)
    return {
        "edition": edition,
        "editorial_html": mark_safe(editorial),  # noqa: S308 - sanitised just above
        "editorial_text": html_to_text(editorial),
        "sections": [s for s in sections if s["items"]],
        "events": [
            {"meeting": m, "url": _absolute(m.get_absolute_url())}
            for m in events[: selectors.EVENTS_LIMIT]
        ],
        "more_events": len(events) > selectors.EVENTS_LIMIT,
        "events_url": _absolute(reverse("calendar:events")),
        "documents": [{"document": d, "url": _absolute(d.get_absolute_url())} for d in documents],
        "edition_url": _absolute(edition.get_absolute_url()),
        "archive_url": _absolute(reverse("bulletin:archive")),
    }


def render_edition_email(edition, subscriber=None, *, now=None, context=None, headers=None):
    """The e-mail of an edition: ``(subject, text, html)``. ``subscriber`` is the recipient
    (None for the preview); ``context`` lets a sender reuse one edition context for many
    recipients."""
    context = dict(context or edition_context(edition, now))
    context["subscriber"] = subscriber
    rendered = mail.render_email("bulletin/email/edition", context, headers=headers)
    return rendered.subject, rendered.text, rendered.html


# --- sending: one rendering per language ------------------------------------------------

# Stand-ins for what differs between recipients of one edition: the sentence saying why they
# receive it (which may name their address) and their unsubscribe link. Letters and digits
# only, so escaping in the HTML part leaves them as they are.
WHY_SLOT = "BulletinWhySlot7e1f"
ADDRESS_SLOT = "BulletinAddressSlot7e1f"
UNSUBSCRIBE_SLOT = "BulletinUnsubscribeSlot7e1f"


class _Reader:
    """What ``why.txt`` reads of a subscriber, with the address left as a slot."""

    def __init__(self, source):
        self.source = source
        self.email = ADDRESS_SLOT


class EditionStencils:
    """The e-mails of one edition, rendered once per language (and the one-line reason once
    per language and kind of subscriber), then filled in for each recipient: sending to a
    thousand subscribers in two languages renders the edition twice, not a thousand times."""

    def __init__(self, edition, context=None, *, now=None):
        self.edition = edition
        self.context = dict(context or edition_context(edition, now))
        self._editions = {}
        self._reasons = {}

    def _edition(self, language):
        if language not in self._editions:
            context = {**self.context, "why": WHY_SLOT, "unsubscribe_url": UNSUBSCRIBE_SLOT}
            with translation.override(language):
                self._editions[language] = render_edition_email(self.edition, context=context)
        return self._editions[language]

    def _reason(self, language, source):
        key = (language, source)
        if key not in self._reasons:
            with translation.override(language):
                text = render_to_string("bulletin/email/why.txt", {"subscriber": _Reader(source)})
            self._reasons[key] = " ".join(text.split())
        return self._reasons[key]

    def message_for(self, subscriber, address, unsubscribe_link):
        """``(subject, text, html)`` of the edition for one subscriber."""
        language = subscriber.reading_language
        subject, text, html = self._edition(language)
        why = self._reason(language, subscriber.source)
        text = text.replace(WHY_SLOT, why.replace(ADDRESS_SLOT, address)).replace(
            UNSUBSCRIBE_SLOT, unsubscribe_link
        )
        html = html.replace(WHY_SLOT, escape(why).replace(ADDRESS_SLOT, escape(address))).replace(
            UNSUBSCRIBE_SLOT, escape(unsubscribe_link)
        )
        return subject, text, html
