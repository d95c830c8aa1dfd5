"""Publish the bulletin editions whose scheduled time has come. Run it often from cron, for
example every five minutes:

*/5 * * * *  cd /srv/cop-portal && .venv/bin/python manage.py publish_due_editions
"""

from django.core.management.base import BaseCommand

from bulletin.services import publish_due_editions


class Command(BaseCommand):
    help = (
        "Publish scheduled bulletin editions that are due and queue their e-mail. Safe to run "
        "at any time, and from several machines: an edition is published once."
    )

    def handle(self, *args, **options):
        published = publish_due_editions()
        for edition in published:
            self.stdout.write(f"Published {edition.title}.")
        if not published:
            self.stdout.write("No edition is due.")
