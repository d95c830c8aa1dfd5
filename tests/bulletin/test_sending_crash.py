"""A sending worker killed in the middle of an edition, then started again: nobody receives
the edition twice and nobody is missed, counted on the SMTP server's side.

The worker is a real process (``manage.py send_bulletin``) on the test database: PostgreSQL
by name; SQLite's in-memory test database is copied to a file for it and copied back."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from bulletin import sending
from bulletin.models import Delivery, Subscriber
from tests import factories
from tests.bulletin.smtp_server import Recorder, SMTPServer, free_port

pytestmark = pytest.mark.django_db(transaction=True)

READERS = 20
BATCH = 5
KILL_AFTER = 7  # messages accepted before the worker is killed
LEASE = 3  # seconds


class WorkerDatabase:
    """The test database, as a worker process reaches it."""

    def __init__(self, tmp_path):
        self.vendor = connection.vendor
        self.file = Path(tmp_path) / "worker.sqlite3"

    @property
    def url(self):
        if self.vendor == "postgresql":
            s = connection.settings_dict
            password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
            return f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"
        return f"sqlite:///{self.file}"

    def hand_over(self):
        if self.vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(self.file)
            connection.connection.backup(target)
            target.close()

    def take_back(self):
        if self.vendor == "sqlite":
            source = sqlite3.connect(self.file)
            source.backup(connection.connection)
            source.close()


def _start_worker(database, port):
    env = {
        **os.environ,
        "DATABASE_URL": database.url,
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "BULLETIN_SEND_LEASE": str(LEASE),
        "DJANGO_DEBUG": "true",
        "TASK_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
    }
    return subprocess.Popen(  # noqa: S603 - our own command, no shell
        [sys.executable, "manage.py", "send_bulletin", "--batch-size", str(BATCH)],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.skipif(
    connection.vendor not in ("sqlite", "postgresql"), reason="needs a database a process shares"
)
def test_a_worker_killed_mid_send_and_started_again_sends_everyone_exactly_once(
    reference_data, tmp_path
):
    edition = factories.published()
    # Publishing (committed, in this test) already sent the submitter theirs to the test
    # outbox: start the distribution afresh, for the SMTP server.
    Delivery.objects.all().delete()
    for n in range(READERS):
        Subscriber.objects.create(
            email=f"reader{n}@example.org",
            status=Subscriber.Status.SUBSCRIBED,
            source=Subscriber.Source.PUBLIC,
            confirmed_at=timezone.now(),
        )
    total = sending.create_deliveries(edition)
    assert total == READERS + 1  # and the item's submitter, a member
    database = WorkerDatabase(tmp_path)
    port = free_port()
    worker = {}

    def kill_mid_batch(accepted):
        """Before the next message is accepted, kill the worker sending it (SIGKILL: no
        clean-up of any kind)."""
        if accepted == KILL_AFTER and "killed" not in worker:
            worker["killed"] = True
            os.kill(worker["process"].pid, signal.SIGKILL)
            return "451 4.3.0 Connection lost"
        return None

    recorder = Recorder(before_data=kill_mid_batch)
    with SMTPServer(port, recorder):
        database.hand_over()
        worker["process"] = _start_worker(database, port)
        out, err = worker["process"].communicate(timeout=300)
        assert worker["process"].returncode == -signal.SIGKILL, err

        database.take_back()
        assert sum(recorder.received.values()) == KILL_AFTER
        rows = Delivery.objects.filter(edition=edition)
        assert rows.filter(status=Delivery.Status.SENT).count() == KILL_AFTER
        # The killed worker's batch: the message it was sending and the ones after it.
        left = rows.filter(status=Delivery.Status.SENDING).count()
        assert left == BATCH - KILL_AFTER % BATCH

        time.sleep(LEASE + 0.5)  # the dead worker's lease runs out
        restarted = _start_worker(database, port)
        out, err = restarted.communicate(timeout=300)
        assert restarted.returncode == 0, err
        assert f"{total - KILL_AFTER} sent" in out

    database.take_back()
    addresses = set(rows.values_list("subscriber__email", flat=True))
    assert dict(recorder.received) == dict.fromkeys(addresses, 1)
    assert set(rows.values_list("status", flat=True)) == {Delivery.Status.SENT}
