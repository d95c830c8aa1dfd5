"""Many people registering at once for the last places: never more confirmed places than the
capacity. PostgreSQL only: SQLite serialises writers on its own, so the row lock is what this
test exercises."""

import threading

import pytest
from django.db import connection

from committees import services
from committees.models import Registration
from tests import factories

ROUNDS = 5
PEOPLE = 8
PLACES = 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_exceed_the_capacity(reference_data):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are exercised on PostgreSQL (the CI runs this suite on it too)")
    people = [factories.member() for _ in range(PEOPLE)]
    for round_ in range(ROUNDS):
        meeting = factories.meeting(title=f"Round {round_}", capacity=PLACES)
        barrier = threading.Barrier(PEOPLE)
        errors = []

        def register(user, meeting=meeting, barrier=barrier, errors=errors):
            try:
                barrier.wait(timeout=10)
                services.registration_create(meeting=meeting, user=user)
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=register, args=(user,)) for user in people]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

        assert errors == [], round_
        registrations = list(
            Registration.objects.filter(meeting=meeting).order_by("registered_at", "pk")
        )
        assert len(registrations) == PEOPLE
        confirmed = [r for r in registrations if r.status == Registration.Status.CONFIRMED]
        waitlisted = [r for r in registrations if r.status == Registration.Status.WAITLISTED]
        assert len(confirmed) == PLACES, round_
        assert len(waitlisted) == PEOPLE - PLACES, round_
        # In order: everyone confirmed registered before everyone waiting.
        assert max(r.registered_at for r in confirmed) <= min(r.registered_at for r in waitlisted)
