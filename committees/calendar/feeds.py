"""Calendar feeds: which meetings a feed carries, and a member's private feed token.

The private feed's URL holds a random token, the only key to it: calendar programs fetch it
without signing in. Revoking gives a new token, so the old URL stops answering at once."""

import secrets
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from ..models import CalendarFeed
from ..selectors import meetings_visible_to

FEED_PAST_DAYS = 90


def new_token():
    return secrets.token_urlsafe(32)


def feed_meetings(user, now=None):
    """What a feed for ``user`` carries: meetings they may see today, upcoming ones and those
    of the last 90 days (cancelled ones too, so calendars drop them)."""
    since = (now or timezone.now()) - timedelta(days=FEED_PAST_DAYS)
    return (
        meetings_visible_to(user)
        .filter(ends_at__gte=since)
        .select_related("body")
        .order_by("starts_at", "pk")
    )


def public_feed_meetings(now=None):
    return feed_meetings(AnonymousUser(), now=now)


def feed_of(user):
    return CalendarFeed.objects.filter(user=user).first()


def feed_for_token(token):
    """The feed a token opens, or None for an unknown or revoked token (or a closed account)."""
    if not token:
        return None
    return (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )


@transaction.atomic
def calendar_feed_create(*, acting_user):
    """The user's private feed, made if they have none (asking twice keeps the same URL)."""
    feed, _ = CalendarFeed.objects.get_or_create(user=acting_user, defaults={"token": new_token()})
    return feed


@transaction.atomic
def calendar_feed_revoke(*, acting_user):
    """Replace the token: the old URL returns nothing from now on. Returns the new feed."""
    feed = CalendarFeed.objects.select_for_update().filter(user=acting_user).first()
    if feed is None:
        return calendar_feed_create(acting_user=acting_user)
    feed.token = new_token()
    feed.created_at = timezone.now()
    feed.save(update_fields=["token", "created_at"])
    return feed


@transaction.atomic
def calendar_feed_delete(*, acting_user):
    """Turn the private feed off: the URL returns nothing and no new one is made."""
    CalendarFeed.objects.filter(user=acting_user).delete()
