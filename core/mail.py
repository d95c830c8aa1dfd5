"""The one path for every e-mail the portal sends.

A message is rendered from templates: ``<prefix>_subject.txt``, ``<prefix>_message.txt`` and,
if it exists, ``<prefix>_message.html``; without an HTML template the plain text is laid out in
the portal's HTML e-mail frame. It is rendered in the language of the person it goes to, not
the sender's (decision 0026): the ``language`` a caller gives (a bulletin subscriber's), else
the preferred language of the account with that address, else the language active now (a
visitor acting for themselves). Recipients who read different languages get one rendering per
language, never one per person. Delivery is a background task enqueued once the current database
transaction commits, so a rolled-back action never sends mail. Bulk sending reuses
:func:`render_email` and :func:`build_message` with its own delivery loop.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template import Context
from django.template.defaultfilters import linebreaks_filter, urlize
from django.template.loader import TemplateDoesNotExist, get_template, render_to_string
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django_tasks import task

SUBJECT_PREFIX = "[CoP Portal] "


@dataclass
class RenderedEmail:
    subject: str
    text: str
    html: str
    headers: dict = field(default_factory=dict)


def render_email(template_prefix, context, *, headers=None):
    """Render the subject, plain-text and HTML parts of one e-mail."""
    context = {
        "SITE_URL": settings.SITE_URL,
        "SITE_NAME": "CoP Portal",
        # No request here, so no context processor: the message's own language for lang="".
        "LANGUAGE_CODE": translation.get_language() or settings.LANGUAGE_CODE,
        **context,
    }
    subject = " ".join(_render_plain(f"{template_prefix}_subject.txt", context).split())
    if not subject.startswith(SUBJECT_PREFIX.strip()):
        subject = SUBJECT_PREFIX + subject
    text = _render_plain(f"{template_prefix}_message.txt", context).strip() + "\n"
    try:
        html = render_to_string(f"{template_prefix}_message.html", context)
    except TemplateDoesNotExist:
        body = mark_safe(urlize(linebreaks_filter(escape(text)), autoescape=False))  # noqa: S308
        html = render_to_string(
            "emails/layout.html", {**context, "subject": subject, "body_html": body}
        )
    return RenderedEmail(subject=subject, text=text, html=html, headers=dict(headers or {}))


def _render_plain(template_name, context):
    """Render a plain-text template without HTML escaping: an apostrophe stays an apostrophe.
    The HTML part escapes this text itself."""
    template = get_template(template_name).template
    return template.render(Context(context, autoescape=False))


def build_message(rendered, to, *, from_email=None, connection=None):
    """An EmailMultiAlternatives with the plain-text body and the HTML alternative."""
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        headers=rendered.headers,
        connection=connection,
    )
    message.attach_alternative(rendered.html, "text/html")
    return message


@task()
def deliver_email(*, to, subject, text, html, headers):
    """Background task: send one rendered e-mail."""
    rendered = RenderedEmail(subject=subject, text=text, html=html, headers=headers)
    with get_connection() as connection:
        build_message(rendered, to, connection=connection).send()


def _deliver_after_commit(rendered, recipients):
    transaction.on_commit(
        lambda: deliver_email.enqueue(
            to=recipients,
            subject=rendered.subject,
            text=rendered.text,
            html=rendered.html,
            headers=rendered.headers,
        )
    )


def recipient_languages(addresses):
    """``{address: language}`` for the addresses that belong to an account (its preferred
    language, ``User.preferred_language``), in one query. Other addresses are left out."""
    known = {code for code, _name in settings.LANGUAGES}
    wanted = {address.strip().lower(): address for address in addresses if address}
    if not wanted:
        return {}
    rows = get_user_model().objects.filter(email__in=list(wanted.values()))
    languages = {}
    for email, language in rows.values_list("email", "preferred_language"):
        if language in known and email.strip().lower() in wanted:
            languages[wanted[email.strip().lower()]] = language
    return languages


def _by_language(addresses, language=None):
    """The addresses grouped by the language each is written to, in the given order."""
    fallback = language or translation.get_language() or settings.LANGUAGE_CODE
    preferred = {} if language else recipient_languages(addresses)
    groups = {}
    for address in addresses:
        groups.setdefault(preferred.get(address, fallback), []).append(address)
    return groups


def render_email_in(language, template_prefix, context, *, headers=None):
    """:func:`render_email` in ``language``."""
    with translation.override(language):
        return render_email(template_prefix, context, headers=headers)


def send_email(template_prefix, to, context, *, headers=None, language=None):
    """Render an e-mail now and deliver it in the background after the transaction commits.
    Recipients of different languages get one message per language. Returns the rendering of
    the first group."""
    addresses = [to] if isinstance(to, str) else list(to)
    first = None
    for group_language, group in _by_language(addresses, language).items():
        rendered = render_email_in(group_language, template_prefix, context, headers=headers)
        _deliver_after_commit(rendered, group)
        first = first or rendered
    return first


def send_email_each(template_prefix, recipients, context, *, headers=None, language=None):
    """The same e-mail to several people, one message each, so that no recipient sees the
    others' addresses: rendered once per language, one delivery per address after the
    commit."""
    first = None
    for group_language, group in _by_language(list(recipients), language).items():
        rendered = render_email_in(group_language, template_prefix, context, headers=headers)
        for address in group:
            _deliver_after_commit(rendered, [address])
        first = first or rendered
    return first
