"""Time and peak memory of sending one bulletin edition to 5,000 subscribers through a local
SMTP server (issue 6). Not a test: it prints figures.

    .venv/bin/python benchmarks/bulletin_send.py [--subscribers 5000] [--batch 200]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python \\
        benchmarks/bulletin_send.py

Without DATABASE_URL the script uses a scratch SQLite file; with a PostgreSQL DATABASE_URL
it creates a scratch database beside the one named (and drops it at the end). It migrates,
publishes an edition of three sections and nine items, creates the subscribers, then times
what production does: ``sending.create_deliveries`` (the Delivery rows, in batches) and
``sending.send_due`` (claim a batch, send it over one SMTP connection, record each
message). The SMTP server is aiosmtpd in a separate process that counts what it accepts, so
its work is not in this process's figures. Peak memory is the process's maximum resident
size (``resource.getrusage``); with ``--tracemalloc`` the peak of Python allocations during
the send is printed too (tracing slows the run, so its time is printed separately)."""

import argparse
import multiprocessing
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=200, help="messages per SMTP connection")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace allocations")
    return parser.parse_args()


def serve(port, counter, ready):
    """The SMTP server process: accept everything, count recipients."""
    import asyncio

    from aiosmtpd.controller import Controller

    class Counting:
        async def handle_DATA(self, server, session, envelope):
            with counter.get_lock():
                counter.value += len(envelope.rcpt_tos)
            return "250 2.0.0 Accepted"

    controller = Controller(Counting(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    try:
        asyncio.run(asyncio.sleep(10**6))
    finally:
        controller.stop()


def free_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def scratch_database():
    """``(database URL, clean-up)``: a scratch PostgreSQL database or SQLite file."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        name = f"cop_bulletin_benchmark_{os.getpid()}"
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')

        def drop():
            from django.db import connections

            connections.close_all()
            with psycopg.connect(url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        return urlunsplit(urlsplit(url)._replace(path=f"/{name}")), drop
    folder = tempfile.TemporaryDirectory()
    return f"sqlite:///{folder.name}/benchmark.sqlite3", folder.cleanup


def build_edition(subscribers):
    """A published edition with three sections of three items, and the subscribers."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from bulletin.models import Edition, EditionItem, Section, Submission, Subscriber

    author = get_user_model().objects.create_user(
        email="coordinator@example.org", password="correct-horse-battery"
    )
    now = timezone.now()
    edition = Edition.objects.create(
        year=2027,
        quarter=1,
        title="2027 Q1",
        slug="2027-q1",
        editorial="<p>Welcome to the first edition of the year: <strong>cash transfers</strong>,"
        " shock-responsive programmes and the single registry.</p>" * 3,
        status=Edition.Status.PUBLISHED,
        published_at=now,
        publish_at=now,
        created_by=author,
    )
    for s in range(3):
        section = Section.objects.create(edition=edition, title=f"Section {s + 1}", position=s)
        for i in range(3):
            submission = Submission.objects.create(
                kind=Submission.Kind.STUDY_REPORT,
                title=f"Findings on social protection coverage, part {s * 3 + i + 1}",
                link=f"https://example.org/reports/{s}-{i}",
                description="A study of coverage across counties.",
                summary="Coverage grew in the arid counties; the registry made it faster to "
                "reach households after the drought. Two recommendations follow.",
                submitted_by=author,
                status=Submission.Status.PUBLISHED,
            )
            EditionItem.objects.create(section=section, submission=submission, position=i)
    Subscriber.objects.bulk_create(
        [
            Subscriber(
                email=f"reader{n}@example.org",
                status=Subscriber.Status.SUBSCRIBED,
                source=Subscriber.Source.PUBLIC,
                confirmed_at=now,
            )
            for n in range(subscribers)
        ],
        batch_size=1000,
    )
    return edition


def maxrss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    args = parse()
    database_url, clean_up = scratch_database()
    port = free_port()
    counter = multiprocessing.Value("l", 0)
    ready = multiprocessing.Event()
    server = multiprocessing.Process(target=serve, args=(port, counter, ready), daemon=True)
    server.start()
    ready.wait(30)

    os.environ["DATABASE_URL"] = database_url
    os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{port}"
    os.environ["BULLETIN_SEND_BATCH"] = str(args.batch)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_portal.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bulletin import sending
    from bulletin.models import Delivery

    try:
        call_command("migrate", verbosity=0)
        edition = build_edition(args.subscribers)
        rss_before = maxrss_mb()
        print(
            f"{connection.vendor}, {args.subscribers} subscribers, batches of {args.batch}, "
            f"one edition of 9 items; SMTP: aiosmtpd in another process"
        )

        start = time.perf_counter()
        rows = sending.create_deliveries(edition, batch_size=args.batch)
        queued = time.perf_counter() - start
        print(f"delivery rows: {rows} in {queued:.2f} s")

        start = time.perf_counter()
        report = sending.send_due(edition_id=edition.pk, batch_size=args.batch)
        sent_in = time.perf_counter() - start
        print(f"send: {report} in {sent_in:.1f} s ({report.sent / sent_in:.0f} messages/s)")
        print(
            f"peak resident memory: {maxrss_mb():.0f} MB "
            f"(after migrating and building the edition: {rss_before:.0f} MB)"
        )
        assert counter.value == report.sent == args.subscribers, counter.value
        assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == args.subscribers

        if args.tracemalloc:
            Delivery.objects.filter(edition=edition).update(
                status=Delivery.Status.PENDING, sent_at=None, attempts=0
            )
            tracemalloc.start()
            start = time.perf_counter()
            report = sending.send_due(edition_id=edition.pk, batch_size=args.batch)
            traced_in = time.perf_counter() - start
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(
                f"traced send: {report.sent} sent in {traced_in:.1f} s; peak of Python "
                f"allocations {peak / 2**20:.1f} MB"
            )
    finally:
        server.terminate()
        clean_up()


if __name__ == "__main__":
    main()
