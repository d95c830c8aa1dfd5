"""Demo data for monitoring: a year of quarterly snapshots, the Oversight Committee's
maturity readings for those quarters, the coordinator's journal entries (linked to a held
meeting and a document where there are some) and two recognitions, all through the
services.

Idempotent: a snapshot that did not change is not stored again, an assessment is found by
its quarter, an entry by its title and a recognition by its award."""

import datetime

from committees.models import Meeting
from demo import prose
from members.models import Organisation
from monitoring import services
from monitoring.models import Dimension, JournalEntry, MaturityAssessment, Recognition
from monitoring.quarters import NAIROBI, Quarter
from repository.models import Document

DATA = prose.load("monitoring")
CHAIR = "director@demo.cop.ke"
COORDINATOR = "coordinator@demo.cop.ke"


def _quarters():
    """The last four closed quarters, oldest first."""
    return Quarter.current().previous().last(4)


def _day_in(quarter):
    return min(quarter.first_day + datetime.timedelta(days=40), datetime.date.today())


def _backdate_founding_members(quarters):
    """The demo's founding organisations and their people joined when the CoP began (entered
    after the fact, like the bulletin's past editions), so the year of snapshots has members
    to count. Organisations admitted through the demo's applications keep their day."""
    from django.db.models import Q

    from members.models import MembershipApplication, Person

    founded = quarters[0].first_day - datetime.timedelta(days=365)
    admitted = MembershipApplication.objects.filter(organisation__isnull=False).values(
        "organisation"
    )
    founding = Organisation.objects.filter(date_joined__gt=founded).exclude(pk__in=admitted)
    Person.objects.filter(
        Q(organisation__in=founding) | Q(organisation__isnull=True, kind=Person.Kind.INDIVIDUAL)
    ).filter(joined_at__date__gt=founded).update(
        joined_at=datetime.datetime.combine(founded, datetime.time(9), tzinfo=NAIROBI)
    )
    founding.update(date_joined=founded)


def seed(users):
    quarters = _quarters()
    _backdate_founding_members(quarters)
    chair = users.get(CHAIR)
    coordinator = users[COORDINATOR]
    for quarter in quarters:
        services.snapshot_take(quarter=quarter)
    if chair is not None:
        _assessments(quarters, chair)
    _journal(quarters, coordinator)
    if chair is not None:
        _recognitions(quarters, chair, users)
    return {
        "snapshots": len(quarters),
        "assessments": MaturityAssessment.objects.count(),
        "entries": JournalEntry.objects.count(),
        "recognitions": Recognition.objects.count(),
    }


def _assessments(quarters, chair):
    stages = DATA["maturity"]
    for index, quarter in enumerate(quarters):
        if MaturityAssessment.objects.filter(year=quarter.year, quarter=quarter.number).exists():
            continue
        services.maturity_assess(
            quarter=quarter,
            acting_user=chair,
            note=stages["notes"][index],
            ratings={
                dimension: {
                    "stage": stages[dimension][index],
                    "rationale": stages["rationale"],
                    "indicators": ["membership.active_people", "meetings.attendance_rate"],
                }
                for dimension in Dimension.values
            },
        )


def _journal(quarters, coordinator):
    for item in DATA["journal"]:
        if JournalEntry.objects.filter(title=item["title"]).exists():
            continue
        quarter = quarters[len(quarters) - 1 - item["quarters_ago"]]
        meeting = (
            Meeting.objects.filter(status=Meeting.Status.HELD, audience__in=["public", "members"])
            .order_by("-starts_at")
            .first()
        )
        document = (
            Document.objects.active()
            .filter(visibility__in=["public", "members"])
            .order_by("created_at")
            .first()
        )
        entry = services.journal_entry_create(
            acting_user=coordinator,
            kind=item["kind"],
            title=item["title"],
            text=" ".join(item["text"].split()),
            recorded_on=_day_in(quarter),
            links={
                "meetings": [meeting] if meeting else [],
                "documents": [document] if document else [],
            },
        )
        if item["public"]:
            services.journal_entry_set_visibility(
                entry=entry, acting_user=coordinator, visibility=JournalEntry.Visibility.PUBLIC
            )


def _recognitions(quarters, chair, users):
    start, end = quarters[0].first_day, quarters[-1].last_day
    for item in DATA["recognitions"]:
        if Recognition.objects.filter(award=item["award"]).exists():
            continue
        organisation = user = None
        if "organisation" in item:
            organisation = (
                Organisation.objects.active().filter(acronym=item["organisation"]).first()
            )
            if organisation is None:
                continue
        else:
            user = users.get(item["person"])
            if user is None:
                continue
        services.recognition_grant(
            acting_user=chair,
            award=item["award"],
            citation=" ".join(item["citation"].split()),
            period_start=start,
            period_end=end,
            user=user,
            organisation=organisation,
        )
