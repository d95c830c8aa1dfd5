"""How an edition reads, on the web and in the e-mail. One context builder serves both, and
:func:`render_edition_email` is what distribution sends: the coordinator's e-mail preview is
that very function's output.

The editorial is sanitised again here (it was sanitised when saved): a row changed behind the
portal's back cannot carry a script into a page or a message."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
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
