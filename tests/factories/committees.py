"""Bodies, seats, meetings with registrations, and action items."""

import datetime
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone

from committees.models import ActionItem, Body, Meeting, Registration, Seat
from tests.factories.accounts import UserFactory
from tests.factories.members import member

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
NAIROBI = ZoneInfo("Africa/Nairobi")


def nairobi(year, month, day, hour=10, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=NAIROBI)


def in_days(days, hour=10):
    """A Nairobi time ``days`` from today at ``hour``."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return nairobi(day.year, day.month, day.day, hour)


class BodyFactory(factory.django.DjangoModelFactory):
    """A body, a working group's by default (without the twg app's WorkingGroup row)."""

    class Meta:
        model = Body

    kind = Body.Kind.WORKING_GROUP
    name = factory.Sequence(lambda n: f"Body {n}")
    slug = factory.Sequence(lambda n: f"body-{n}")


def oversight():
    """The Oversight Committee (National CoP Coordination): there is one."""
    return Body.objects.get_or_create(
        kind=Body.Kind.OVERSIGHT, defaults={"name": "Oversight Committee", "slug": "oversight"}
    )[0]


def seat(body, user=None, *, role=Seat.Role.MEMBER, starts_on=None, ends_on=None, **kw):
    """A seat on ``body`` for ``user`` (a new member by default), its term begun a month ago,
    for the organisation the user belongs to."""
    user = user or member()
    if "organisation" not in kw:
        person = getattr(user, "person", None)
        kw["organisation"] = person.organisation if person else None
    return Seat.objects.create(
        body=body,
        user=user,
        role=role,
        starts_on=starts_on or timezone.localdate() - datetime.timedelta(days=30),
        ends_on=ends_on,
        **kw,
    )


def convener(body, role=Seat.Role.CHAIR):
    """A member holding a leading seat on the body (a TWG's lead)."""
    return seat(body, role=role).user


class MeetingFactory(factory.django.DjangoModelFactory):
    """A public webinar a week from now, at 10:00 in Nairobi."""

    class Meta:
        model = Meeting

    title = factory.Sequence(lambda n: f"Meeting {n}")
    kind = Meeting.Kind.WEBINAR
    audience = Meeting.Audience.PUBLIC
    starts_at = factory.LazyFunction(lambda: in_days(7))
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + datetime.timedelta(hours=2))


def meeting(body=None, *, starts_in=DAY * 7, hours=2, **fields):
    """A members' meeting of ``body`` starting ``starts_in`` from now (negative for the past)."""
    starts_at = timezone.now().replace(second=0, microsecond=0) + starts_in
    defaults = {
        "title": "Quarterly review",
        "kind": Meeting.Kind.TWG if body and body.kind == Body.Kind.WORKING_GROUP else "committee",
        "venue": "KICC, Nairobi",
        "audience": Meeting.Audience.MEMBERS,
        "starts_at": starts_at,
        "ends_at": starts_at + hours * HOUR,
    }
    defaults.update(fields)
    return MeetingFactory(body=body, **defaults)


def past_meeting(body=None, **fields):
    return meeting(body, starts_in=-3 * DAY, **fields)


def register(meeting, user, status=Registration.Status.CONFIRMED, **fields):
    return Registration.objects.create(meeting=meeting, user=user, status=status, **fields)


def action_item(meeting, *, owner_user=None, owner_organisation=None, due_on=None, **fields):
    """An action item of ``meeting``, owned by a new user unless an owner is given."""
    if owner_user is None and owner_organisation is None:
        owner_user = UserFactory()
    return ActionItem.objects.create(
        meeting=meeting,
        title=fields.pop("title", "Draft the financing note"),
        owner_user=owner_user,
        owner_organisation=owner_organisation,
        due_on=due_on or timezone.localdate() + datetime.timedelta(days=14),
        created_by=fields.pop("created_by", None) or UserFactory(),
        **fields,
    )
