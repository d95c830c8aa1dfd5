"""Two coordinators at the same moment: one decision per submission, one publication per
edition, one delivery row per subscriber. PostgreSQL only: SQLite serialises writers on its
own, so the row locks are what these tests exercise."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from bulletin import sending, services
from bulletin.models import Delivery, Edition, SubmissionEvent
from tests import factories

ATTEMPTS = 8

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
    """Run the actions in threads released together; return what each did."""
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

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


@pytest.fixture(autouse=True)
def _reference_rows(reference_data):
    """The rows a flush after another transactional test may have emptied."""


def test_two_coordinators_deciding_at_once_make_one_decision():
    first, second = factories.coordinator(), factories.coordinator()
    for _ in range(ATTEMPTS):
        item = factories.submission()
        outcomes = _race(
            lambda item=item: services.submission_accept(
                submission=item, acting_user=first, summary="Accepted."
            ),
            lambda item=item: services.submission_decline(
                submission=item, acting_user=second, note="Declined."
            ),
        )
        assert outcomes == ["done", "refused"]
        decisions = item.events.filter(
            action__in=[SubmissionEvent.Action.ACCEPTED, SubmissionEvent.Action.DECLINED]
        )
        assert decisions.count() == 1


def test_publishing_twice_at_once_publishes_once():
    coordinator = factories.coordinator()
    for quarter in range(1, 5):
        edition = factories.edition(coordinator, quarter=quarter, items=1)
        outcomes = _race(
            lambda e=edition: services.edition_publish(edition=e, acting_user=coordinator),
            lambda e=edition: services.edition_publish(edition=e, acting_user=coordinator),
        )
        assert outcomes == ["done", "refused"]
        assert (
            SubmissionEvent.objects.filter(
                action="published", submission__edition_item__section__edition=edition
            ).count()
            == 1
        )
    assert Edition.objects.filter(status=Edition.Status.PUBLISHED).count() == 4


def test_queueing_twice_at_once_adds_each_subscriber_once():
    edition = factories.published()
    for _ in range(6):
        factories.member()
    outcomes = _race(
        lambda: sending.queue_edition(edition, batch_size=2),
        lambda: sending.queue_edition(edition, batch_size=2),
    )
    assert outcomes == ["done", "done"]
    pairs = list(Delivery.objects.values_list("edition_id", "subscriber_id"))
    assert len(pairs) == len(set(pairs)) == 7  # the six members and the submitter
