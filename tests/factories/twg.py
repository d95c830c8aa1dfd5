"""Builders for the committee and working-group tests."""

import datetime
import itertools

from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.roles import ADMINISTRATION_TEAM
from committees.models import ActionItem, Body, Meeting, Seat
from tests.factories import OrganisationFactory, PersonFactory, UserFactory
from twg.models import WorkingGroup

_numbers = itertools.count(1)
TODAY = datetime.date.today


def member(**kwargs):
    """A user who may use member features (staff of an active organisation; no code of
    conduct is published in these tests)."""
    return PersonFactory(**kwargs).user


def working_group(*, name=None, status=WorkingGroup.Status.ESTABLISHED, lead_agency=False, **kw):
    number = next(_numbers)
    name = name or f"Working group {number}"
    body = Body.objects.create(
        kind=Body.Kind.WORKING_GROUP, name=name, slug=f"twg-{number}", county=kw.pop("county", None)
    )
    if lead_agency is False:
        lead_agency = OrganisationFactory(category="government")
    return WorkingGroup.objects.create(
        body=body,
        purpose=kw.pop("purpose", f"Purpose of {name}."),
        lead_agency=lead_agency,
        status=status,
        **kw,
    )


def seat(body, user=None, *, role=Seat.Role.MEMBER, starts_on=None, ends_on=None, **kw):
    user = user or member()
    if "organisation" not in kw:
        person = getattr(user, "person", None)
        kw["organisation"] = person.organisation if person else None
    return Seat.objects.create(
        body=body,
        user=user,
        role=role,
        starts_on=starts_on or TODAY() - datetime.timedelta(days=30),
        ends_on=ends_on,
        **kw,
    )


def lead_of(group, role=Seat.Role.CHAIR):
    user = member()
    seat(group.body, user, role=role)
    return user


def meeting(body, *, days=7, audience=Meeting.Audience.MEMBERS, **kw):
    starts_at = timezone.now() + datetime.timedelta(days=days)
    return Meeting.objects.create(
        title=kw.pop("title", f"Meeting {next(_numbers)}"),
        kind=kw.pop("kind", Meeting.Kind.TWG),
        body=body,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        audience=audience,
        **kw,
    )


def action_item(meeting_, *, owner=None, **kw):
    return ActionItem.objects.create(
        meeting=meeting_,
        title=kw.pop("title", f"Action {next(_numbers)}"),
        owner_organisation=owner or OrganisationFactory(),
        due_on=kw.pop("due_on", TODAY() + datetime.timedelta(days=10)),
        created_by=kw.pop("created_by", None) or UserFactory(),
        **kw,
    )


def administrator():
    user = UserFactory()
    user.groups.add(Group.objects.get(name=ADMINISTRATION_TEAM))
    return user


def oversight():
    return Body.objects.get_or_create(
        kind=Body.Kind.OVERSIGHT, defaults={"name": "Oversight Committee", "slug": "oversight"}
    )[0]
