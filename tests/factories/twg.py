"""Thematic Working Groups: a body with its WorkingGroup row."""

import itertools

from committees.models import Body
from tests.factories.members import OrganisationFactory
from twg.models import WorkingGroup

_numbers = itertools.count(1)


def working_group(*, name=None, status=WorkingGroup.Status.ESTABLISHED, lead_agency=False, **kw):
    """A TWG (established by default) led by a new government agency unless
    ``lead_agency`` is given (None for none)."""
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
