import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from demo.generate.repository import generate_documents


class Command(BaseCommand):
    help = (
        "Add realistic generated documents (text, tags, versions, visibility mix) with their "
        "search vectors, in bulk. PostgreSQL only; for benchmarks and large demos."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="how many documents to add")
        parser.add_argument("--seed", type=int, default=2026, help="random seed (repeatable)")
        parser.add_argument("--batch-size", type=int, default=1_000)
        parser.add_argument(
            "--workers", type=int, default=2, help="batches written at once (one connection each)"
        )

    def handle(self, *args, count, seed, batch_size, workers, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The generator writes with COPY: set DATABASE_URL to PostgreSQL.")
        if count < 1:
            raise CommandError("Give a positive number of documents.")
        started = time.monotonic()
        done = generate_documents(
            count,
            seed=seed,
            batch_size=batch_size,
            workers=workers,
            log=lambda line: self.stdout.write(line) if options["verbosity"] > 1 else None,
        )
        self.stdout.write(
            self.style.SUCCESS(f"{done} documents added in {time.monotonic() - started:.0f} s.")
        )
