"""Daily reminders: run once a day by cron, for example at 07:00 Nairobi time:

0 7 * * *  cd /srv/cop-portal && .venv/bin/python manage.py send_reminders
"""

from django.core.management.base import BaseCommand

from committees.tasks import ACTION_REMINDER_DAYS, send_action_reminders, send_meeting_reminders


class Command(BaseCommand):
    help = (
        "Remind those registered of tomorrow's meetings and the owners of actions due within "
        f"{ACTION_REMINDER_DAYS} days. Run once a day; each reminder goes once."
    )

    def handle(self, *args, **options):
        meetings = send_meeting_reminders.enqueue()
        actions = send_action_reminders.enqueue()
        for name, result in (("meeting", meetings), ("action", actions)):
            if result.is_finished:
                self.stdout.write(f"{name} reminders sent: {result.return_value}")
            else:
                self.stdout.write(f"{name} reminders queued ({result.id})")
