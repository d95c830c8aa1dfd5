"""Background work of meetings and action items: the daily reminders.

``send_reminders`` (a management command run once a day by cron) enqueues both tasks; a worker
runs them (with the immediate backend they run at once)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from core import mail

from .models import ActionItem, Meeting, Registration
from .services import action_owners, may_still_see

ACTION_REMINDER_DAYS = 3


def _local_day_bounds(day):
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start, start + datetime.timedelta(days=1)


@task()
def send_meeting_reminders(*, today=None):
    """Remind everyone registered (confirmed or waitlisted) of a scheduled meeting that
    starts tomorrow, Nairobi time. Each meeting is reminded once: ``reminded_at`` is set in
    the transaction that queues its e-mails, on a row locked so that two workers never both
    send them. Returns how many e-mails were sent."""
    today = datetime.date.fromisoformat(today) if today else timezone.localdate()
    start, end = _local_day_bounds(today + datetime.timedelta(days=1))
    due = Meeting.objects.filter(
        status=Meeting.Status.SCHEDULED,
        reminded_at__isnull=True,
        starts_at__gte=start,
        starts_at__lt=end,
    )
    sent = 0
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            meeting = due.select_for_update(skip_locked=True).filter(pk=pk).first()
            if meeting is None:
                continue
            meeting.reminded_at = timezone.now()
            meeting.save(update_fields=["reminded_at"])
            registrations = meeting.registrations.filter(
                status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED]
            ).select_related("user")
            for registration in registrations:
                if not registration.user.email or not may_still_see(registration.user, meeting):
                    continue
                mail.send_email(
                    "committees/email/meeting_reminder",
                    [registration.user.email],
                    {
                        "meeting": meeting,
                        "recipient": registration.user,
                        "waitlisted": registration.status == Registration.Status.WAITLISTED,
                    },
                )
                sent += 1
    return sent


@task()
def send_action_reminders(*, today=None, days=ACTION_REMINDER_DAYS):
    """Remind the owners of open actions due within ``days`` days (the owner, or the owning
    organisation's focal persons). Each action is reminded once: ``reminded_at`` is set in
    the same transaction as the e-mail is queued, on a row locked so that two workers never
    both send it. Returns how many actions were reminded."""
    today = datetime.date.fromisoformat(today) if today else timezone.localdate()
    due = ActionItem.objects.open().filter(
        reminded_at__isnull=True, due_on__gte=today, due_on__lte=today + datetime.timedelta(days)
    )
    reminded = 0
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            action = (
                due.select_for_update(skip_locked=True, of=("self",))
                .select_related("meeting", "owner_user", "owner_organisation")
                .filter(pk=pk)
                .first()
            )
            if action is None:
                continue
            recipients = [user for user in action_owners(action) if user.email]
            if not recipients:
                continue
            for user in recipients:
                mail.send_email(
                    "committees/email/action_reminder",
                    [user.email],
                    {"action": action, "recipient": user},
                )
            action.reminded_at = timezone.now()
            action.save(update_fields=["reminded_at"])
            reminded += 1
    return reminded
