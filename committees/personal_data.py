"""Committees' part of a person's export and erasure (see ``core.personal_data``).

Closing an account keeps the CoP's records whole: past seats, attendance (so counts stay
right), resolutions, action items and notes stay, with "Former member" where the name was.
Current seats end, future ones and registrations for meetings still to come are cancelled,
and the private calendar feed stops working."""

from django.db.models import Q
from django.utils import timezone

from core.personal_data import Contribution, record, register, scrub_column

from .models import ActionItem, ActionNote, CalendarFeed, Meeting, Registration, Resolution, Seat


def export(user):
    yield (
        "committees-seats",
        (
            record(s, "body", "organisation", "role", "starts_on", "ends_on", "note")
            for s in Seat.objects.filter(user=user).select_related("body", "organisation")
        ),
    )
    yield (
        "committees-registrations",
        (
            record(r, "status", "registered_at", "attended")
            | {
                "meeting": r.meeting.title,
                "starts_at": r.meeting.starts_at.isoformat(),
                "venue": r.meeting.venue,
            }
            for r in Registration.objects.filter(user=user)
            .select_related("meeting")
            .order_by("pk")
            .iterator(chunk_size=500)
        ),
    )
    yield (
        "committees-meetings-created",
        (
            record(m, "title", "kind", "starts_at", "status")
            for m in Meeting.objects.filter(created_by=user).iterator()
        ),
    )
    yield (
        "committees-resolutions-recorded",
        (
            record(r, "meeting", "text", "recorded_at")
            for r in Resolution.objects.filter(recorded_by=user).select_related("meeting")
        ),
    )
    yield (
        "committees-action-items",
        (
            record(a, "title", "due_on", "status", "created_at")
            | {"owner": a.owner_user_id == user.pk, "created_by_me": a.created_by_id == user.pk}
            for a in ActionItem.objects.filter(Q(owner_user=user) | Q(created_by=user))
        ),
    )
    yield (
        "committees-action-notes",
        (
            record(n, "action", "text", "status", "at")
            for n in ActionNote.objects.filter(author=user).select_related("action")
        ),
    )
    yield (
        "committees-calendar-feed",
        (
            {"created_at": feed.created_at.isoformat()}
            for feed in CalendarFeed.objects.filter(user=user)
        ),
    )


def erase(user, erasure):
    today = timezone.localdate()
    seats = Seat.objects.filter(user=user)
    seats.filter(starts_on__gt=today).delete()
    seats.filter(Seat.current_q(on=today)).update(ends_on=today)
    Registration.objects.filter(
        user=user, meeting__starts_at__gt=timezone.now(), meeting__status=Meeting.Status.SCHEDULED
    ).exclude(status=Registration.Status.CANCELLED).update(status=Registration.Status.CANCELLED)
    CalendarFeed.objects.filter(user=user).delete()
    for model, name in [
        (Meeting, "minutes"),
        (Meeting, "agenda"),
        (Meeting, "cancel_reason"),
        (Resolution, "text"),
        (ActionItem, "title"),
        (ActionNote, "text"),
        (Seat, "note"),
    ]:
        scrub_column(model, name, erasure)


register(
    Contribution(
        app_label="committees",
        models=(
            "committees.Seat",
            "committees.Meeting",
            "committees.Registration",
            "committees.Resolution",
            "committees.ActionItem",
            "committees.ActionNote",
            "committees.CalendarFeed",
        ),
        export=export,
        erase=erase,
    )
)
