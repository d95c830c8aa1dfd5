"""Writes about meetings, registrations, resolutions, action items and private calendar
feeds. Each function checks the change is allowed, runs in a transaction, locks the row it
changes, and mails after commit (``core.mail.send_email`` delivers once the transaction
commits)."""

import calendar
import datetime
import secrets
import uuid

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import mail
from members import selectors as member_selectors

from . import selectors, signals
from .models import (
    ActionItem,
    ActionNote,
    Body,
    CalendarFeed,
    Meeting,
    Registration,
    Resolution,
    Seat,
)

SERIES_MAX_MONTHS = 12
ACTIVE_REGISTRATION = (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)

# What a convener sets when scheduling or editing; changes to these are mailed to those
# registered.
MEETING_FIELDS = (
    "title",
    "kind",
    "host",
    "starts_at",
    "ends_at",
    "venue",
    "online_url",
    "agenda",
    "audience",
    "capacity",
    "registration_open",
)
NOTIFIED_FIELDS = ("title", "starts_at", "ends_at", "venue", "online_url")


def _require_convener(user, body):
    if not selectors.can_convene(user, body):
        raise PermissionDenied


def _mail_each(template_prefix, users, context):
    """One e-mail per person (nobody sees the others' addresses)."""
    for user in users:
        if user.email:
            mail.send_email(template_prefix, [user.email], {**context, "recipient": user})


def may_still_see(user, meeting):
    """Whether a registered person may still see the meeting (a seat may have ended, or the
    audience narrowed): nobody is mailed details they may no longer read."""
    return selectors.meetings_visible_to(user).filter(pk=meeting.pk).exists()


def _registered_users(meeting):
    return [
        registration.user
        for registration in Registration.objects.filter(
            meeting=meeting, status__in=ACTIVE_REGISTRATION
        ).select_related("user")
        if may_still_see(registration.user, meeting)
    ]


def _check_meeting(meeting):
    """The rules a meeting must keep besides its fields' own (full_clean checks those)."""
    errors = {}
    if meeting.starts_at and meeting.ends_at and meeting.ends_at <= meeting.starts_at:
        errors["ends_at"] = _("The meeting must end after it starts.")
    if not meeting.venue.strip() and not meeting.online_url.strip():
        errors["venue"] = _("Give a venue, an online link, or both.")
    if meeting.body_id is None and meeting.audience == Meeting.Audience.BODY:
        errors["audience"] = _(
            "A meeting of the whole CoP has no convening body: choose public or members."
        )
    if errors:
        raise ValidationError(errors)
    meeting.full_clean(exclude=["created_by", "series"])


def _add_months(moment, months):
    """The same local day and time ``months`` later (the month's last day if it is shorter)."""
    local = timezone.localtime(moment)
    month_index = local.month - 1 + months
    year, month = local.year + month_index // 12, month_index % 12 + 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    naive = datetime.datetime.combine(
        datetime.date(year, month, day), local.time().replace(tzinfo=None)
    )
    return timezone.make_aware(naive)


def meeting_schedule(*, acting_user, body, months=1, **fields):
    """Schedule a meeting (or a monthly series of ``months`` TWG meetings sharing a series id)
    and invite the convening body's current seat holders. A meeting of the whole CoP (body
    None) is for the staff roles to convene and invites nobody: it is announced on the
    events page. Returns the meetings created."""
    _require_convener(acting_user, body)
    months = months or 1
    if not 1 <= months <= SERIES_MAX_MONTHS:
        raise ValidationError(
            {"months": _("A series runs for 1 to %(max)d months.") % {"max": SERIES_MAX_MONTHS}}
        )
    if months > 1 and (
        fields.get("kind") != Meeting.Kind.TWG
        or body is None
        or body.kind != Body.Kind.WORKING_GROUP
    ):
        raise ValidationError(
            {"months": _("Only a working group's TWG meetings can repeat monthly.")}
        )
    series = uuid.uuid4() if months > 1 else None
    with transaction.atomic():
        meetings = []
        for offset in range(months):
            meeting = Meeting(body=body, series=series, created_by=acting_user, **fields)
            if offset:
                meeting.starts_at = _add_months(fields["starts_at"], offset)
                meeting.ends_at = meeting.starts_at + (fields["ends_at"] - fields["starts_at"])
            _check_meeting(meeting)
            meeting.save()
            meetings.append(meeting)
        if body is not None:
            holders = [seat.user for seat in selectors.current_seats(body)]
            _mail_each(
                "committees/email/meeting_invitation",
                {user.pk: user for user in holders}.values(),
                {"meeting": meetings[0], "meetings": meetings, "body": body},
            )
    return meetings


def meeting_update(*, meeting, acting_user, **fields):
    """Change a scheduled meeting; those registered hear of a new time, place or title. More
    places (or no limit) move people up from the waiting list."""
    _require_convener(acting_user, meeting.body)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status == Meeting.Status.CANCELLED:
            raise ValidationError(_("This meeting was cancelled: it can no longer be changed."))
        before = {name: getattr(meeting, name) for name in NOTIFIED_FIELDS}
        for name, value in fields.items():
            if name not in MEETING_FIELDS:
                raise TypeError(f"meeting_update() got an unexpected field {name!r}")
            setattr(meeting, name, value)
        confirmed = meeting.registrations.filter(status=Registration.Status.CONFIRMED).count()
        if meeting.capacity is not None and meeting.capacity < confirmed:
            raise ValidationError(
                {
                    "capacity": _(
                        "%(count)d people hold a confirmed place: give at least %(count)d places."
                    )
                    % {"count": confirmed}
                }
            )
        _check_meeting(meeting)
        if meeting.status == Meeting.Status.HELD and meeting.starts_at > timezone.now():
            # Its attendance is recorded: a held meeting cannot move to a time to come.
            raise ValidationError(
                {
                    "starts_at": _(
                        "This meeting is recorded as held, with its attendance: it cannot "
                        "start in the future. Give the date and time it took place."
                    )
                },
                code="held_in_future",
            )
        if meeting.starts_at != before.get("starts_at", meeting.starts_at):
            meeting.reminded_at = None  # a moved meeting is reminded again the day before
        meeting.save()
        changed = [name for name in NOTIFIED_FIELDS if getattr(meeting, name) != before[name]]
        if changed:
            _mail_each(
                "committees/email/meeting_changed",
                _registered_users(meeting),
                {"meeting": meeting, "changed": changed, "before": before},
            )
        _promote_waitlisted(meeting)
        if meeting.status == Meeting.Status.HELD:
            # A held meeting's documents follow its title, date and audience.
            signals.meeting_recorded.send(sender=Meeting, meeting=meeting, acting_user=acting_user)
    return meeting


def meeting_cancel(*, meeting, acting_user, reason):
    """Cancel a scheduled meeting and tell those registered why."""
    _require_convener(acting_user, meeting.body)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for cancelling.")})
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if not meeting.can_transition(Meeting.Status.CANCELLED):
            raise ValidationError(
                _("This meeting is %(status)s: it cannot be cancelled.")
                % {"status": meeting.get_status_display().lower()}
            )
        meeting.status = Meeting.Status.CANCELLED
        meeting.registration_open = False
        meeting.cancel_reason = reason
        meeting.save(update_fields=["status", "registration_open", "cancel_reason", "updated_at"])
        _mail_each(
            "committees/email/meeting_cancelled",
            _registered_users(meeting),
            {"meeting": meeting, "reason": reason, "by": acting_user},
        )
    return meeting


# --- Registration -------------------------------------------------------------------------


def _check_registration_open(meeting, now):
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."), code="cancelled")
    if meeting.starts_at <= now or meeting.status == Meeting.Status.HELD:
        raise ValidationError(
            _("This meeting has already started: registration is closed."), code="started"
        )


def registration_create(*, meeting, user):
    """Register the user: a confirmed place while places remain, else the waiting list, in
    the order people registered. The meeting row is locked while places are counted, so two
    people at once never take the last place twice."""
    if not user.is_authenticated:
        raise PermissionDenied
    with transaction.atomic():
        try:
            meeting = selectors.meetings_visible_to(user).select_for_update().get(pk=meeting.pk)
        except Meeting.DoesNotExist:
            raise PermissionDenied from None
        _check_registration_open(meeting, timezone.now())
        if not meeting.registration_open:
            raise ValidationError(
                _("Registration for this meeting is closed."), code="registration_closed"
            )
        registration = Registration.objects.filter(meeting=meeting, user=user).first()
        confirmed = meeting.registrations.filter(status=Registration.Status.CONFIRMED).count()
        status = (
            Registration.Status.CONFIRMED
            if meeting.capacity is None or confirmed < meeting.capacity
            else Registration.Status.WAITLISTED
        )
        # Registering again is for someone who cancelled; one waiting moves up on their own.
        if registration is not None and (
            registration.status in ACTIVE_REGISTRATION or not registration.can_transition(status)
        ):
            raise ValidationError(
                _("You are already registered for this meeting."), code="already_registered"
            )
        if registration is None:
            registration = Registration.objects.create(meeting=meeting, user=user, status=status)
        else:
            # Registering again after cancelling: a new place in the queue.
            registration.status = status
            registration.registered_at = timezone.now()
            registration.save(update_fields=["status", "registered_at"])
    return registration


def registration_cancel(*, meeting, user):
    """Give up a place (or a place on the waiting list); the first person waiting moves up
    and is told so."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        registration = Registration.objects.filter(
            meeting=meeting, user=user, status__in=ACTIVE_REGISTRATION
        ).first()
        if registration is None:
            raise ValidationError(_("You are not registered for this meeting."))
        if meeting.starts_at <= timezone.now():
            raise ValidationError(_("This meeting has already started."), code="started")
        if not registration.can_transition(Registration.Status.CANCELLED):
            raise ValidationError(_("You are not registered for this meeting."))
        registration.status = Registration.Status.CANCELLED
        registration.save(update_fields=["status"])
        _promote_waitlisted(meeting)
    return registration


def _promote_waitlisted(meeting):
    """Move people up from the waiting list while places remain (the meeting row is locked by
    the caller) and tell each of them."""
    if meeting.status != Meeting.Status.SCHEDULED or meeting.starts_at <= timezone.now():
        return []
    waiting = Registration.objects.filter(
        meeting=meeting, status=Registration.Status.WAITLISTED
    ).select_related("user")
    waiting = [r for r in waiting if may_still_see(r.user, meeting)]
    if meeting.capacity is not None:
        confirmed = meeting.registrations.filter(status=Registration.Status.CONFIRMED).count()
        waiting = waiting[: max(meeting.capacity - confirmed, 0)]
    promoted = list(waiting)
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.save(update_fields=["status"])
    _mail_each(
        "committees/email/registration_promoted",
        [registration.user for registration in promoted],
        {"meeting": meeting},
    )
    return promoted


def body_wind_up(*, body, reason):
    """A body stops (a working group is terminated): its seats end and its coming meetings
    are cancelled, with the reason mailed to those registered."""
    today = timezone.localdate()
    for seat in Seat.objects.current().filter(body=body).select_related("user"):
        if seat.starts_on < today:
            seat.ends_on = today - datetime.timedelta(days=1)
            seat.save(update_fields=["ends_on"])
        else:
            seat.delete()
    coming = Meeting.objects.filter(
        body=body, status=Meeting.Status.SCHEDULED, starts_at__gt=timezone.now()
    )
    for meeting in coming.select_for_update():
        registered = _registered_users(meeting)
        meeting.status = Meeting.Status.CANCELLED
        meeting.registration_open = False
        meeting.cancel_reason = reason
        meeting.save(update_fields=["status", "registration_open", "cancel_reason", "updated_at"])
        _mail_each(
            "committees/email/meeting_cancelled",
            registered,
            {"meeting": meeting, "reason": reason, "by": None},
        )


def registrations_withdraw_lost_access(*, user, body):
    """Someone left a body: give up their places at its coming members-only meetings, so the
    places go to the waiting list and no more details reach them."""
    meetings = Meeting.objects.filter(
        body=body,
        audience=Meeting.Audience.BODY,
        status=Meeting.Status.SCHEDULED,
        starts_at__gt=timezone.now(),
        registrations__user=user,
        registrations__status__in=ACTIVE_REGISTRATION,
    )
    for meeting_pk in list(meetings.values_list("pk", flat=True)):
        with transaction.atomic():
            meeting = Meeting.objects.select_for_update().get(pk=meeting_pk)
            Registration.objects.filter(
                meeting=meeting, user=user, status__in=ACTIVE_REGISTRATION
            ).update(status=Registration.Status.CANCELLED)
            _promote_waitlisted(meeting)


# --- After the meeting ----------------------------------------------------------------------


def _check_can_record(meeting):
    if not meeting.can_transition(Meeting.Status.HELD):
        raise ValidationError(_("This meeting was cancelled."), code="cancelled")
    if meeting.starts_at > timezone.now():
        raise ValidationError(
            _("This meeting has not started yet: record it once it has taken place."),
            code="not_started",
        )


def meeting_record(
    *, meeting, acting_user, attended_ids, attendee_emails, minutes, recording_url=""
):
    """Record a meeting that took place: who attended (ticked registrations, and people with
    an account added by e-mail), the minutes and, unless it is a brown-bag, the recording.
    The meeting becomes held. ``signals.meeting_recorded`` is sent inside the transaction,
    so what other apps make of the record (the repository's documents) commits with it."""
    _require_convener(acting_user, meeting.body)
    emails = sorted({email.strip().lower() for email in attendee_emails if email.strip()})
    users = list(get_user_model().objects.filter(email__in=emails))
    unknown = sorted(set(emails) - {user.email.lower() for user in users})
    if unknown:
        raise ValidationError(
            {
                "attendee_emails": _("No account uses these addresses: %(emails)s.")
                % {"emails": ", ".join(unknown)}
            }
        )
    recording_url = (recording_url or "").strip()
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _check_can_record(meeting)
        if recording_url and not meeting.is_recorded:
            raise ValidationError(
                {"recording_url": _("Brown-bag meetings are not recorded: leave this empty.")}
            )
        attended_ids = {int(pk) for pk in attended_ids}
        registrations = Registration.objects.filter(
            meeting=meeting, status__in=ACTIVE_REGISTRATION
        ).select_for_update()
        for registration in registrations:
            attended = registration.user_id in attended_ids
            if registration.attended != attended:
                registration.attended = attended
                registration.save(update_fields=["attended"])
        for user in users:
            Registration.objects.update_or_create(
                meeting=meeting,
                user=user,
                defaults={"attended": True, "status": Registration.Status.CONFIRMED},
            )
        meeting.minutes = (minutes or "").strip()
        meeting.recording_url = recording_url
        meeting.status = Meeting.Status.HELD
        meeting.registration_open = False
        meeting.full_clean(exclude=["created_by", "series"])
        meeting.save(
            update_fields=["minutes", "recording_url", "status", "registration_open", "updated_at"]
        )
        # In the transaction: the documents made from the record commit with it or not at all.
        signals.meeting_recorded.send(sender=Meeting, meeting=meeting, acting_user=acting_user)
    return meeting


def resolution_add(*, meeting, acting_user, text):
    _require_convener(acting_user, meeting.body)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the resolution.")})
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _check_can_record(meeting)
        return Resolution.objects.create(meeting=meeting, text=text, recorded_by=acting_user)


def action_item_add(
    *,
    meeting,
    acting_user,
    title,
    due_on,
    owner_user=None,
    owner_organisation=None,
    resolution=None,
):
    """Record an action decided at the meeting; its owner (the person, or the owning
    organisation's focal persons) is told."""
    _require_convener(acting_user, meeting.body)
    if (owner_user is None) == (owner_organisation is None):
        raise ValidationError(_("Give the action one owner: a person or an organisation."))
    if resolution is not None and resolution.meeting_id != meeting.pk:
        raise ValidationError({"resolution": _("Choose a resolution of this meeting.")})
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _check_can_record(meeting)
        action = ActionItem(
            meeting=meeting,
            resolution=resolution,
            title=(title or "").strip(),
            owner_user=owner_user,
            owner_organisation=owner_organisation,
            due_on=due_on,
            created_by=acting_user,
        )
        action.full_clean()
        action.save()
        _mail_each("committees/email/action_assigned", action_owners(action), {"action": action})
    return action


def action_owners(action):
    """Who answers for an action: its owner, or the owning organisation's focal persons."""
    if action.owner_user_id is not None:
        return [action.owner_user]
    return [person.user for person in member_selectors.focal_people(action.owner_organisation)]


def action_note_add(*, action, acting_user, text, status):
    """A progress note by an owner or a convener of the meeting's body; it sets the status."""
    if not (
        selectors.is_action_owner(acting_user, action)
        or selectors.can_convene(acting_user, action.meeting.body)
    ):
        raise PermissionDenied
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write what has been done.")})
    if status not in ActionItem.Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    with transaction.atomic():
        action = ActionItem.objects.select_for_update().get(pk=action.pk)
        if status != action.status and not action.can_transition(status):
            raise ValidationError(
                {
                    "status": _("An action that is %(current)s cannot become %(new)s.")
                    % {
                        "current": action.get_status_display().lower(),
                        "new": ActionItem.Status(status).label.lower(),
                    }
                },
                code="invalid_transition",
            )
        note = ActionNote.objects.create(
            action=action, author=acting_user, text=text, status=status
        )
        if action.status != status:
            action.status = status
            action.save(update_fields=["status"])
    return note


# --- Private calendar feeds ---------------------------------------------------------------
# The private feed's URL holds a random token, the only key to it. Revoking gives a new
# token, so the old URL stops answering at once.


def _new_feed_token():
    return secrets.token_urlsafe(32)


def calendar_feed_create(*, acting_user):
    """The user's private feed, made if they have none (asking twice keeps the same URL)."""
    with transaction.atomic():
        feed, _created = CalendarFeed.objects.get_or_create(
            user=acting_user, defaults={"token": _new_feed_token()}
        )
    return feed


def calendar_feed_revoke(*, acting_user):
    """Replace the token: the old URL returns nothing from now on. Returns the new feed."""
    with transaction.atomic():
        feed = CalendarFeed.objects.select_for_update().filter(user=acting_user).first()
        if feed is None:
            return calendar_feed_create(acting_user=acting_user)
        feed.token = _new_feed_token()
        feed.created_at = timezone.now()
        feed.save(update_fields=["token", "created_at"])
    return feed


def calendar_feed_delete(*, acting_user):
    """Turn the private feed off: the URL returns nothing and no new one is made."""
    with transaction.atomic():
        CalendarFeed.objects.filter(user=acting_user).delete()
