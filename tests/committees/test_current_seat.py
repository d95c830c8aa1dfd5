"""One rule decides whether a seat is current, on a day: ``Seat.current_q``. The queryset,
the object and a filter across a relation must agree on every edge of a term."""

import datetime

import pytest
from django.db.models import Count
from django.utils import timezone

from committees.models import Body, Seat
from tests.factories import BodyFactory, UserFactory, seat

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
ON = datetime.date(2026, 6, 15)

# (starts, ends, current on ON)
TERMS = [
    (ON - 10 * DAY, None, True),  # open-ended
    (ON, None, True),  # starts that day
    (ON - 10 * DAY, ON, True),  # ends that day: still holds it all day
    (ON - 10 * DAY, ON - DAY, False),  # ended the day before
    (ON + DAY, None, False),  # starts the next day
    (ON + DAY, ON + 10 * DAY, False),  # a future term
]


@pytest.mark.parametrize(("starts_on", "ends_on", "expected"), TERMS)
def test_queryset_object_and_relation_agree_on_each_edge_of_a_term(starts_on, ends_on, expected):
    body = BodyFactory()
    held = seat(body, UserFactory(), starts_on=starts_on, ends_on=ends_on)

    assert held.is_current(ON) is expected
    assert Seat.objects.current(ON).filter(pk=held.pk).exists() is expected
    assert Seat.objects.filter(Seat.current_q(ON), pk=held.pk).exists() is expected
    counted = Body.objects.annotate(
        sitting=Count("seats", filter=Seat.current_q(ON, "seats__"))
    ).get(pk=body.pk)
    assert counted.sitting == int(expected)


def test_without_a_day_the_rule_means_today():
    body = BodyFactory()
    today = timezone.localdate()
    seat(body, UserFactory(), starts_on=today - DAY, ends_on=today - DAY)
    current = seat(body, UserFactory(), starts_on=today, ends_on=None)

    assert list(Seat.objects.filter(Seat.current_q(), body=body)) == [current]
