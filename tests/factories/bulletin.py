"""Bulletin state built through the real services: submissions, decisions, editions."""

import itertools

from bulletin import services
from bulletin.models import Submission
from tests.factories.accounts import coordinator
from tests.factories.members import member

_numbers = itertools.count(1)


def submission(submitted_by=None, **fields):
    number = next(_numbers)
    values = {
        "kind": Submission.Kind.ARTICLE,
        "title": f"Item {number}",
        "description": "What it is about.",
        "link": f"https://example.org/item-{number}",
    }
    values.update(fields)
    return services.submission_create(acting_user=submitted_by or member(), **values)


def accepted(by=None, summary="The core message in a few sentences.", **fields):
    item = submission(**fields)
    return services.submission_accept(
        submission=item, acting_user=by or coordinator(), summary=summary
    )


def edition(by=None, *, year=2027, quarter=1, sections=("News",), items=0):
    """An edition with sections; ``items`` accepted items placed in the first section."""
    by = by or coordinator()
    result = services.edition_create(acting_user=by, year=year, quarter=quarter)
    made = [services.section_add(edition=result, acting_user=by, title=t) for t in sections]
    for _ in range(items):
        services.item_add(section=made[0], submission=accepted(by=by), acting_user=by)
    return result


def published(by=None, **kwargs):
    by = by or coordinator()
    kwargs.setdefault("items", 1)
    result = edition(by, **kwargs)
    return services.edition_publish(edition=result, acting_user=by)
