"""Writes about who receives the bulletin.

- The public subscribe with double opt-in: :func:`subscriber_request` creates (or finds) a
  row waiting for confirmation and e-mails a signed link; only :func:`subscriber_confirm`
  makes the address receive editions. Whatever the address (new, waiting, subscribed,
  unsubscribed, a member's), the caller shows the same answer, and an address gets at most
  one confirmation e-mail per ``BULLETIN_CONFIRMATION_INTERVAL``.
- Members are subscribed by default (their row is made at send time by
  ``sending.subscribe_members``); :func:`member_set_subscribed` records an opt-out or an
  opt-in from their account.
- :func:`subscriber_unsubscribe` is what the one-click link does. It also drops the
  subscriber's deliveries not yet sent, so an edition being sent does not reach them.
  :func:`subscriber_unsubscribe_by_staff` does the same for the administration team (the
  admin's action), for an address that asked by other means."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import mail

from .. import selectors
from ..models import Delivery, Subscriber
from . import tokens


def _interval():
    return datetime.timedelta(seconds=settings.BULLETIN_CONFIRMATION_INTERVAL)


def _recently_asked(subscriber, now):
    sent_at = subscriber.confirmation_sent_at
    return sent_at is not None and now - sent_at < _interval()


def _send_confirmation(subscriber, now):
    subscriber.confirmation_sent_at = now
    subscriber.save(update_fields=["confirmation_sent_at"])
    mail.send_email(
        "bulletin/email/subscribe_confirm",
        [subscriber.email],
        {
            "confirm_url": tokens.confirm_url(subscriber),
            "valid_days": max(settings.BULLETIN_CONFIRMATION_MAX_AGE // 86400, 1),
        },
        language=subscriber.reading_language,
    )


def subscriber_request(*, email, language=None, now=None):
    """Ask for the bulletin at ``email`` (the public form), in ``language`` (the page's: the
    confirmation and the editions are written in it). Returns whether a confirmation e-mail
    was queued; the caller must not tell the visitor (no enumeration)."""
    now = now or timezone.now()
    email = email.strip()
    known = {code for code, _name in settings.LANGUAGES}
    language = language if language in known else settings.LANGUAGE_CODE
    with transaction.atomic():
        subscriber = Subscriber.objects.with_email(email).select_for_update().first()
        if subscriber is None:
            try:
                with transaction.atomic():
                    subscriber = Subscriber.objects.create(
                        email=email,
                        status=Subscriber.Status.PENDING,
                        source=Subscriber.Source.PUBLIC,
                        language=language,
                        created_at=now,
                    )
            except IntegrityError:
                # Another request created it a moment ago: that one sends the e-mail.
                return False
        elif subscriber.status == Subscriber.Status.SUBSCRIBED or _recently_asked(subscriber, now):
            return False
        # Waiting, or unsubscribed and asking again: confirm before anything is sent.
        if subscriber.language != language and subscriber.source == Subscriber.Source.PUBLIC:
            subscriber.language = language
            subscriber.save(update_fields=["language"])
        _send_confirmation(subscriber, now)
        return True


def subscriber_confirm(*, token, now=None):
    """Confirm an address from its signed link. Returns ``(subscriber, changed)``; raises
    ``tokens.BadToken`` for a forged, altered or expired link or an address that changed."""
    pk, email = tokens.read_confirm_token(token)
    now = now or timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(pk=pk).first()
        if subscriber is None or subscriber.email.lower() != email:
            raise tokens.BadToken("no such subscriber")
        if not subscriber.can_transition(Subscriber.Status.SUBSCRIBED):
            return subscriber, False  # already subscribed: a second click changes nothing
        subscriber.status = Subscriber.Status.SUBSCRIBED
        subscriber.confirmed_at = now
        subscriber.unsubscribed_at = None
        subscriber.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
        return subscriber, True


def _unsubscribe(subscriber, now):
    subscriber.status = Subscriber.Status.UNSUBSCRIBED
    subscriber.unsubscribed_at = now
    subscriber.save(update_fields=["status", "unsubscribed_at"])
    subscriber.deliveries.filter(
        status__in=[Delivery.Status.PENDING, Delivery.Status.FAILED_TEMPORARY]
    ).delete()


def subscriber_unsubscribe(*, token, now=None):
    """Unsubscribe the address of a signed link. Returns ``(subscriber, changed)``: a second
    use changes nothing. Raises ``tokens.BadToken`` for a forged or altered link."""
    pk = tokens.read_unsubscribe_token(token)
    now = now or timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(pk=pk).first()
        if subscriber is None:
            raise tokens.BadToken("no such subscriber")
        if not subscriber.can_transition(Subscriber.Status.UNSUBSCRIBED):
            return subscriber, False
        _unsubscribe(subscriber, now)
        return subscriber, True


def subscriber_unsubscribe_by_staff(*, subscriber, acting_user, now=None):
    """The administration team or a content coordinator unsubscribes an address. Refused
    for one already unsubscribed, so a second click changes nothing."""
    if not selectors.is_coordinator(acting_user):
        raise PermissionDenied
    now = now or timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if not subscriber.can_transition(Subscriber.Status.UNSUBSCRIBED):
            raise ValidationError(
                _("This address is already unsubscribed."), code="already_unsubscribed"
            )
        _unsubscribe(subscriber, now)
    return subscriber


def _member_row(user):
    """The member's subscriber row, locked: theirs, or a public sign-up with their address
    (which becomes theirs), or a new one (subscribed by default)."""
    subscriber = Subscriber.objects.select_for_update().filter(user=user).first()
    if subscriber is None:
        subscriber = Subscriber.objects.select_for_update().with_email(user.email).first()
        if subscriber is not None and subscriber.user_id is None:
            subscriber.user = user
            subscriber.save(update_fields=["user"])
    if subscriber is None:
        subscriber = Subscriber.objects.create(
            email=user.email,
            user=user,
            status=Subscriber.Status.SUBSCRIBED,
            source=Subscriber.Source.MEMBER,
        )
    return subscriber


def member_set_subscribed(*, acting_user, subscribed, now=None):
    """A member opts out of the bulletin, or back in (their account address is verified, so
    no confirmation is asked). Returns the subscriber row."""
    now = now or timezone.now()
    with transaction.atomic():
        subscriber = _member_row(acting_user)
        if subscribed and subscriber.can_transition(Subscriber.Status.SUBSCRIBED):
            subscriber.status = Subscriber.Status.SUBSCRIBED
            subscriber.confirmed_at = now
            subscriber.unsubscribed_at = None
            subscriber.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
        elif not subscribed and subscriber.can_transition(Subscriber.Status.UNSUBSCRIBED):
            _unsubscribe(subscriber, now)
        return subscriber
