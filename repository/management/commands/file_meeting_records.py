"""File the minutes and recordings of meetings held before the repository did it itself."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from committees import selectors as committee_selectors
from repository import services


class Command(BaseCommand):
    help = (
        "File the minutes and recording of every held meeting as repository documents. "
        "Safe to run again: an unchanged record makes no new version."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--as",
            dest="email",
            required=True,
            help="E-mail address of a member of the administration team, recorded as the "
            "one who filed the documents.",
        )

    def handle(self, *args, email, **options):
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None or not committee_selectors.is_administration(user):
            raise CommandError(f"{email} is not an active member of the administration team.")
        count = services.documents_from_held_meetings(acting_user=user)
        self.stdout.write(f"Filed the record of {count} held meetings.")
