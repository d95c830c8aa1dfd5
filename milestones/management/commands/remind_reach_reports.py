"""Yearly (cron, early in the year): remind the focal people of organisations that have not
reported their programmes' reach for the last year. Safe to run twice: each organisation is
reminded once per year."""

from django.core.management.base import BaseCommand

from milestones import selectors, services


class Command(BaseCommand):
    help = "E-mail focal persons whose organisation has not reported reach for a year."

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, help="The year to report (default: the last calendar year)."
        )

    def handle(self, *args, year=None, **options):
        year = year or selectors.reporting_year()
        count = services.remind_to_report(year=year)
        self.stdout.write(f"Reminded {count} organisation(s) to report {year}.")
