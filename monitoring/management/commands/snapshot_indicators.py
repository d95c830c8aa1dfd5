"""Store the health indicators of a quarter: by default the quarter that last closed (run it
from the scheduler on the first days of each quarter, and again whenever late data is
expected; it stores a new version only when a figure changed)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from monitoring import services
from monitoring.quarters import Quarter


class Command(BaseCommand):
    help = "Store the health indicators of a quarter (the last closed one by default)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--quarter",
            action="append",
            default=[],
            help="A quarter such as 2026-q3; may be given several times.",
        )
        parser.add_argument(
            "--current", action="store_true", help="Also store the current quarter to date."
        )

    def handle(self, *args, **options):
        try:
            quarters = [Quarter.parse(text) for text in options["quarter"]]
        except ValueError as error:
            raise CommandError(f"Not a quarter: {error} (write it as 2026-q3).") from None
        if not quarters:
            quarters = [Quarter.current().previous()]
        if options["current"]:
            quarters.append(Quarter.current())
        for quarter in quarters:
            try:
                snapshot, created = services.snapshot_take(quarter=quarter)
            except ValidationError as error:
                raise CommandError(f"{quarter}: {' '.join(error.messages)}") from None
            if created:
                self.stdout.write(f"{quarter}: stored version {snapshot.version}.")
            else:
                self.stdout.write(f"{quarter}: unchanged since version {snapshot.version}.")
