"""Reads about subscribers and about the distribution of an edition."""

from django.db.models import Count

from members.selectors import has_member_access

from ..models import Delivery, Subscriber

FAILED_SHOWN = 200


def subscription_of(user):
    """``(subscriber row or None, receives the bulletin?)`` for a signed-in person: a member
    without a row is subscribed by default."""
    subscriber = Subscriber.objects.filter(user=user).first()
    if subscriber is None:
        subscriber = Subscriber.objects.with_email(user.email).filter(user=None).first()
    if subscriber is not None:
        return subscriber, subscriber.status == Subscriber.Status.SUBSCRIBED
    return None, has_member_access(user)


def delivery_progress(edition):
    """How far the distribution of ``edition`` is: counts by status (one query) and the
    failed rows with their addresses and errors (one query, the first ``FAILED_SHOWN``)."""
    counts = dict.fromkeys(Delivery.Status.values, 0)
    rows = (
        Delivery.objects.filter(edition=edition)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    counts.update(dict(rows))
    failed = list(
        Delivery.objects.filter(
            edition=edition,
            status__in=[Delivery.Status.FAILED_PERMANENT, Delivery.Status.FAILED_TEMPORARY],
        )
        .select_related("subscriber")
        .order_by("status", "subscriber__email")[:FAILED_SHOWN]
    )
    total = sum(counts.values())
    waiting = counts[Delivery.Status.PENDING] + counts[Delivery.Status.SENDING]
    failed_count = (
        counts[Delivery.Status.FAILED_PERMANENT] + counts[Delivery.Status.FAILED_TEMPORARY]
    )
    return {
        "total": total,
        "sent": counts[Delivery.Status.SENT],
        "pending": waiting,
        "retrying": counts[Delivery.Status.FAILED_TEMPORARY],
        "failed_permanent": counts[Delivery.Status.FAILED_PERMANENT],
        "failed": failed_count,
        "failed_rows": failed,
        "failed_more": max(failed_count - len(failed), 0),
        "percent_sent": round(100 * counts[Delivery.Status.SENT] / total) if total else 0,
    }
