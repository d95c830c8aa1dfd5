"""Two people accepting different answers at the same moment: one accepted answer, one
acceptance recorded. PostgreSQL only: SQLite serialises writers on its own, so the row
lock is what this test exercises."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from discussions import services
from discussions.models import Thread, ThreadEvent
from tests import factories

ATTEMPTS = 6

# Skipped by a marker, before any fixture: a skip raised inside the transactional fixtures
# would leave the worker's tables flushed without the reference rows put back
# (tests/conftest.py restores them only after a test whose database was set up).
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks are exercised on PostgreSQL (the CI runs this suite on it too)",
    ),
]


def _race(*actions):
    barrier = threading.Barrier(len(actions))
    outcomes = []

    def run(action):
        try:
            barrier.wait(timeout=10)
            action()
            outcomes.append("done")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    workers = [threading.Thread(target=run, args=(action,)) for action in actions]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    return sorted(outcomes)


@pytest.fixture(autouse=True)
def _reference_rows(reference_data):
    """The rows a flush after another transactional test may have emptied."""


def test_two_people_accepting_different_answers_at_once_accept_one():
    moderator = factories.coordinator()
    for _ in range(ATTEMPTS):
        asked = factories.thread()
        first, second = factories.answer(asked), factories.answer(asked)
        outcomes = _race(
            lambda first=first, asker=asked.asked_by: services.answer_accept(
                post=first, acting_user=asker
            ),
            lambda second=second: services.answer_accept(post=second, acting_user=moderator),
        )
        assert outcomes == ["done", "refused"]
        asked = Thread.objects.get(pk=asked.pk)
        assert asked.accepted_answer_id in {first.pk, second.pk}
        assert asked.events.filter(action=ThreadEvent.Action.ACCEPTED).count() == 1
