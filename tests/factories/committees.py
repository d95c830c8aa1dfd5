"""Builders for the meeting tests: bodies, conveners, members and meetings in a given state."""

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.roles import ADMINISTRATION_TEAM, CONTENT_COORDINATORS
from committees.models import ActionItem, Body, Meeting, Registration, Seat
from tests.factories import OrganisationFactory, PersonFactory, UserFactory

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def working_group(name="Shock-responsive social protection", slug="shock-responsive"):
    return Body.objects.create(kind=Body.Kind.WORKING_GROUP, name=name, slug=slug)


def committee(kind=Body.Kind.OVERSIGHT, name="Oversight Committee", slug="oversight"):
    return Body.objects.create(kind=kind, name=name, slug=slug)


def seat(body, user=None, role=Seat.Role.MEMBER, **kwargs):
    user = user or member()
    Seat.objects.create(body=body, user=user, role=role, **kwargs)
    return user


def convener(body, role=Seat.Role.CHAIR):
    """A member holding a leading seat on the body."""
    return seat(body, role=role)


def member(organisation=None, **user_fields):
    """A person of an active member organisation (no code of conduct exists in tests)."""
    user = UserFactory(**user_fields)
    PersonFactory(user=user, organisation=organisation or OrganisationFactory())
    return user


def focal_person(organisation):
    user = UserFactory()
    PersonFactory(user=user, organisation=organisation, is_focal_person=True)
    return user


def staff(group=CONTENT_COORDINATORS):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=group))
    return user


def coordinator():
    return staff(CONTENT_COORDINATORS)


def administrator():
    return staff(ADMINISTRATION_TEAM)


def meeting(body=None, *, starts_in=DAY * 7, hours=2, **fields):
    """A meeting starting ``starts_in`` from now (negative for the past)."""
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
    return Meeting.objects.create(body=body, **defaults)


def past_meeting(body=None, **fields):
    return meeting(body, starts_in=-3 * DAY, **fields)


def register(meeting, user, status=Registration.Status.CONFIRMED, **fields):
    return Registration.objects.create(meeting=meeting, user=user, status=status, **fields)


def action(meeting, *, owner_user=None, owner_organisation=None, due_on=None, **fields):
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
