"""Bodies, seats and meetings for the calendar tests, made directly as rows."""

import datetime
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone

from committees.models import Body, Meeting, Seat
from tests.factories import PersonFactory, UserFactory

NAIROBI = ZoneInfo("Africa/Nairobi")


def nairobi(year, month, day, hour=10, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=NAIROBI)


def in_days(days, hour=10):
    """A Nairobi time ``days`` from today at ``hour``."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return nairobi(day.year, day.month, day.day, hour)


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    kind = Body.Kind.WORKING_GROUP
    name = factory.Sequence(lambda n: f"Working group {n}")
    slug = factory.Sequence(lambda n: f"working-group-{n}")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    title = factory.Sequence(lambda n: f"Meeting {n}")
    kind = Meeting.Kind.WEBINAR
    audience = Meeting.Audience.PUBLIC
    starts_at = factory.LazyFunction(lambda: in_days(7))
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + datetime.timedelta(hours=2))


def member():
    """A member of an active organisation (no code of conduct exists, so none to accept)."""
    return PersonFactory().user


def seat_holder(body, role=Seat.Role.MEMBER):
    user = member()
    Seat.objects.create(body=body, user=user, role=role)
    return user


def outsider():
    return UserFactory()
