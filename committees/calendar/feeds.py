"""Calendar feeds: which meetings a feed carries, and which private feed a token opens.

The private feed's URL holds a random token, the only key to it: calendar programs fetch it
without signing in. Making, revoking and turning off a private feed are writes, in
``committees.services`` (``calendar_feed_create`` and the others)."""

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from ..models import CalendarFeed
from ..selectors import meetings_visible_to

FEED_PAST_DAYS = 90


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
