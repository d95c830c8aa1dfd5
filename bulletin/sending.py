"""Distribution of a published edition. ``services`` calls :func:`queue_edition` once the
publishing transaction commits.

Part 1 creates the Delivery rows: one per edition and subscriber, written in batches with
conflicts ignored, so running it twice (a retry, two workers) adds nobody twice. The sending
of those rows (batches, retries, back-off) builds on them."""

from django.db.models import Exists, OuterRef, Q

from members.models import Person

from .models import Delivery, Subscriber

BATCH_SIZE = 500


def _member_people():
    return Person.objects.with_member_access().select_related("user")


def subscribe_members():
    """Members are subscribed by default: give every member who has no subscriber row yet
    one (an existing row, an opt-out included, is left as it is). Returns how many were
    added."""
    before = Subscriber.objects.count()
    missing = (
        _member_people()
        .filter(user__is_active=True)
        .exclude(Exists(Subscriber.objects.filter(user=OuterRef("user"))))
        .values_list("user_id", "user__email")
    )
    batch = []
    for user_id, email in missing.iterator(chunk_size=BATCH_SIZE):
        if not email:
            continue
        batch.append(
            Subscriber(
                email=email.strip(),
                user_id=user_id,
                status=Subscriber.Status.SUBSCRIBED,
                source=Subscriber.Source.MEMBER,
            )
        )
        if len(batch) >= BATCH_SIZE:
            # A clash on the address (a public sign-up with the same e-mail) keeps that row.
            Subscriber.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    if batch:
        Subscriber.objects.bulk_create(batch, ignore_conflicts=True)
    return Subscriber.objects.count() - before


def recipients():
    """Subscribers who receive an edition sent now: every subscribed address, except members
    subscribed by default who are no longer members (their row stays, and counts again if
    they come back)."""
    is_member = Exists(_member_people().filter(user=OuterRef("user"), user__is_active=True))
    return Subscriber.objects.subscribed().filter(~Q(source=Subscriber.Source.MEMBER) | is_member)


def queue_edition(edition, *, batch_size=BATCH_SIZE):
    """Create the pending Delivery rows of ``edition`` for its current recipients, in batches.
    Safe to run again: rows that exist are kept as they are. Returns how many rows the
    edition has."""
    subscribe_members()
    pks = recipients().order_by("pk").values_list("pk", flat=True)
    batch = []
    for pk in pks.iterator(chunk_size=batch_size):
        batch.append(Delivery(edition=edition, subscriber_id=pk))
        if len(batch) >= batch_size:
            Delivery.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    if batch:
        Delivery.objects.bulk_create(batch, ignore_conflicts=True)
    return Delivery.objects.filter(edition=edition).count()
