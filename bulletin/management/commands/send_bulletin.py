"""Send the bulletin e-mails that are due: run by cron every few minutes (or by hand)."""

from django.core.management.base import BaseCommand, CommandError

from bulletin import sending
from bulletin.models import Edition


class Command(BaseCommand):
    help = (
        "Send due bulletin deliveries: new ones, retries after temporary SMTP failures and "
        "rows a stopped worker left once their lease ran out. Safe to run in parallel."
    )

    def add_arguments(self, parser):
        parser.add_argument("--edition", help="only this edition (its slug)")
        parser.add_argument("--batch-size", type=int, help="messages per SMTP connection")
        parser.add_argument("--max-batches", type=int, help="stop after this many batches")

    def handle(self, *args, edition=None, batch_size=None, max_batches=None, **options):
        edition_id = None
        if edition:
            edition_id = Edition.objects.filter(slug=edition).values_list("pk", flat=True).first()
            if edition_id is None:
                raise CommandError(f"No edition with the slug {edition!r}.")
        report = sending.send_due(
            edition_id=edition_id, batch_size=batch_size, max_batches=max_batches
        )
        self.stdout.write(str(report))
