from django.core.management.base import BaseCommand

from privacy.retention import purge_expired


class Command(BaseCommand):
    help = (
        "Delete what is past its retention period (docs/privacy.md), files included, and "
        "retry files that could not be deleted before. Safe to run as often as cron likes."
    )

    def handle(self, *args, **options):
        counts = purge_expired()
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
        if counts["files_failed"]:
            self.stderr.write(
                f"{counts['files_failed']} files could not be deleted; they will be tried again."
            )
