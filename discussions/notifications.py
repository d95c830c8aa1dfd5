"""Who is told of what, by e-mail, after the change commits (``core.mail``): a working
group's members of a new thread in its space; a thread's followers of a new answer and of
the accepted answer. Each recipient is checked against ``selectors.visible_to`` (a denied
reader is never told, not even the title) and their ``NotificationPreference`` for the kind.
The e-mail is rendered once for everyone it goes to (``send_email_each``): it holds nothing
personal, and its text is the stored, sanitised HTML turned into plain text."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from committees.models import Seat
from core import mail
from core.sanitise import html_to_text

from . import selectors
from .models import Follow, NotificationPreference

EXCERPT_CHARS = 600


def _declined(kind):
    return NotificationPreference.objects.filter(
        kind=kind, frequency=NotificationPreference.Frequency.NONE
    ).values("user_id")


def _readers(thread, users):
    """Those of ``users`` who may read the thread (one check each: a group is tens of
    people)."""
    return [user for user in users if selectors.visible_to(user).filter(pk=thread.pk).exists()]


def _excerpt(post):
    text = html_to_text(post.body_html)
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + " …"


def _context(thread, post):
    return {
        "thread_title": thread.title,
        "thread_url": settings.SITE_URL + thread.get_absolute_url(),
        "author": post.author.full_name,
        "excerpt": _excerpt(post),
        "settings_url": settings.SITE_URL + reverse("discussions:settings"),
    }


def _send(prefix, users, context):
    addresses = [user.email for user in users if user.email]
    if addresses:
        mail.send_email_each(prefix, addresses, context)
    return addresses


def new_thread(thread, opening):
    """The current seat holders of the thread's working group, but the asker."""
    if thread.working_group_id is None:
        return []
    holders = (
        get_user_model()
        .objects.filter(
            pk__in=Seat.objects.granting()
            .filter(body_id=thread.working_group.body_id)
            .values("user_id"),
            is_active=True,
        )
        .exclude(pk=thread.asked_by_id)
        .exclude(pk__in=_declined(NotificationPreference.Kind.NEW_THREAD))
    )
    context = {**_context(thread, opening), "group": thread.working_group.name}
    return _send("discussions/email/new_thread", _readers(thread, holders), context)


def _followers(thread, *, but):
    return (
        get_user_model()
        .objects.filter(
            pk__in=Follow.objects.filter(thread=thread).values("user_id"), is_active=True
        )
        .exclude(pk=but.pk)
        .exclude(pk__in=_declined(NotificationPreference.Kind.ANSWER))
    )


def new_answer(thread, post):
    users = _readers(thread, _followers(thread, but=post.author))
    return _send("discussions/email/new_answer", users, _context(thread, post))


def answer_accepted(thread, post, *, acting_user):
    users = _readers(thread, _followers(thread, but=acting_user))
    return _send("discussions/email/accepted", users, _context(thread, post))
