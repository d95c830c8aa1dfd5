"""Monitoring: a quarter of recorded activity whose right figures are known by hand, and
builders of the app's own records."""

import datetime
from dataclasses import dataclass

from bulletin import services as bulletin_services
from bulletin.models import Submission, SubmissionEvent, Subscriber
from committees.models import ActionItem, ActionNote, Meeting
from members import services as member_services
from members.models import MembershipApplication
from monitoring.models import QuarterSignIn
from monitoring.quarters import Quarter
from repository.models import Document, DocumentEvent
from tests.factories.accounts import UserFactory, coordinator
from tests.factories.committees import MeetingFactory, nairobi, register
from tests.factories.members import OrganisationFactory, PersonFactory
from tests.factories.repository import document, version
from tests.factories.twg import working_group

Q2 = Quarter(2026, 2)
LONG_AGO = datetime.date(2025, 1, 1)


def person(organisation=None, *, kind="staff", joined=None, **kwargs):
    """A member (its Person row) who joined long before the quarter."""
    return PersonFactory(
        organisation=organisation,
        kind=kind,
        joined_at=joined or nairobi(2025, 1, 2),
        **kwargs,
    )


def held(title, kind, day, *, body=None, status=Meeting.Status.HELD, **fields):
    return MeetingFactory(
        title=title,
        kind=kind,
        body=body,
        status=status,
        audience=Meeting.Audience.MEMBERS,
        starts_at=day,
        ends_at=day + datetime.timedelta(hours=2),
        **fields,
    )


def action(meeting, *, due_on, created, notes=()):
    item = ActionItem.objects.create(
        meeting=meeting,
        title="Follow up",
        owner_user=UserFactory(),
        due_on=due_on,
        created_by=UserFactory(),
    )
    ActionItem.objects.filter(pk=item.pk).update(created_at=created)
    for status, at in notes:
        ActionNote.objects.create(
            action=item, author=item.created_by, text="Done.", status=status, at=at
        )
        ActionItem.objects.filter(pk=item.pk).update(status=status)
    return item


@dataclass
class Fixture:
    organisations: dict
    people: dict
    working_group: object
    meetings: dict


def quarter_of_activity():
    """2026 Q2 (April to June), recorded as the apps record it. See
    tests/monitoring/test_indicators.py for the figures it must give and why."""
    organisations = {
        "A": OrganisationFactory(
            name="Alpha Relief", category="national-ngo", date_joined=LONG_AGO
        ),
        "B": OrganisationFactory(
            name="Bureau of Protection", category="government", date_joined=LONG_AGO
        ),
        "C": OrganisationFactory(
            name="College of Policy", category="academia", date_joined=datetime.date(2026, 5, 10)
        ),
        "D": OrganisationFactory(name="Delta Aid", category="national-ngo", date_joined=LONG_AGO),
        "E": OrganisationFactory(
            name="Echo Partners", category="un-agency", date_joined=datetime.date(2026, 8, 1)
        ),
    }
    member_services.organisation_suspend(
        organisation=organisations["D"],
        reason="Did not respect the code of conduct.",
        acting_user=UserFactory(),
        effective_on=datetime.date(2026, 6, 15),
    )
    people = {
        "a1": person(organisations["A"]),
        "a2": person(organisations["A"]),
        "b1": person(organisations["B"]),
        "c1": person(organisations["C"], joined=nairobi(2026, 5, 11)),
        "d1": person(organisations["D"]),
        "i1": person(None, kind="individual"),
        "late": person(organisations["B"], joined=nairobi(2026, 7, 3)),
    }
    users = {key: item.user for key, item in people.items()}

    # a1 signed in during the quarter.
    QuarterSignIn.objects.create(
        user=users["a1"], year=2026, quarter=2, first_at=nairobi(2026, 4, 7)
    )

    group = working_group(name="Shock-responsive social protection")
    meetings = {
        "M1": held("Oversight meeting", Meeting.Kind.COMMITTEE, nairobi(2026, 5, 5)),
        "M2": held(
            "Cancelled webinar",
            Meeting.Kind.WEBINAR,
            nairobi(2026, 6, 1),
            status=Meeting.Status.CANCELLED,
            cancel_reason="The speaker fell ill.",
        ),
        "M3": held("TWG meeting", Meeting.Kind.TWG, nairobi(2026, 6, 10), body=group.body),
        "M4": held("July roundtable", Meeting.Kind.ROUNDTABLE, nairobi(2026, 7, 2)),
    }
    register(meetings["M1"], users["b1"], attended=True)
    register(meetings["M1"], users["a2"], attended=False)
    register(meetings["M1"], users["d1"], attended=True)
    register(meetings["M1"], users["c1"], status="waitlisted")
    register(meetings["M4"], users["a2"], attended=True)

    # Action items of the working group's meeting, and one of the whole CoP's.
    created = nairobi(2026, 6, 10, 12)
    action(
        meetings["M3"],
        due_on=datetime.date(2026, 6, 20),
        created=created,
        notes=[("done", nairobi(2026, 6, 18))],
    )
    action(
        meetings["M3"],
        due_on=datetime.date(2026, 6, 25),
        created=created,
        notes=[("in-progress", nairobi(2026, 6, 20)), ("done", nairobi(2026, 6, 28))],
    )
    action(meetings["M3"], due_on=datetime.date(2026, 5, 30), created=created)
    action(meetings["M3"], due_on=datetime.date(2026, 9, 30), created=created)
    action(
        meetings["M1"],
        due_on=datetime.date(2026, 4, 30),
        created=nairobi(2026, 4, 1),
        notes=[("dropped", nairobi(2026, 4, 29))],
    )
    action(meetings["M3"], due_on=datetime.date(2026, 7, 30), created=nairobi(2026, 7, 5))

    # Documents: two shared in the quarter (one by d1, of the suspended organisation).
    old = document(
        title="Older public report",
        created_at=nairobi(2025, 3, 1),
        visibility=Document.Visibility.PUBLIC,
        download_count=7,
    )
    DocumentEvent.objects.create(
        document=old, action=DocumentEvent.Action.APPROVED, at=nairobi(2026, 6, 3)
    )
    second = version(old)
    type(second).objects.filter(pk=second.pk).update(uploaded_at=nairobi(2026, 5, 25))
    document(
        title="TWG note",
        created_at=nairobi(2026, 5, 2),
        uploaded_by=users["d1"],
        visibility=Document.Visibility.TWG,
        body=group.body,
        download_count=3,
    )
    topical = document(title="Members' brief", created_at=nairobi(2026, 5, 20))
    topical.topics.add(group)
    document(title="August paper", created_at=nairobi(2026, 8, 1))

    # Bulletin: i1 submits two items; one is accepted in the quarter.
    first = bulletin_services.submission_create(
        acting_user=users["i1"],
        kind=Submission.Kind.ARTICLE,
        title="Lessons from Turkana",
        description="What we learnt.",
        link="https://example.org/turkana",
    )
    news = bulletin_services.submission_create(
        acting_user=users["i1"],
        kind=Submission.Kind.NEWS,
        title="New county unit",
        description="A new unit.",
        link="https://example.org/unit",
    )
    Submission.objects.filter(pk=first.pk).update(submitted_at=nairobi(2026, 5, 3))
    Submission.objects.filter(pk=news.pk).update(submitted_at=nairobi(2026, 6, 3))
    bulletin_services.submission_accept(
        submission=first, acting_user=coordinator(), summary="In short."
    )
    SubmissionEvent.objects.filter(submission=first).update(at=nairobi(2026, 5, 10))

    # Subscribers (any made for the members above were confirmed now, after the quarter).
    def subscriber(email, confirmed, unsubscribed=None):
        Subscriber.objects.create(
            email=email,
            status="unsubscribed" if unsubscribed else "subscribed",
            source="public",
            confirmed_at=confirmed,
            unsubscribed_at=unsubscribed,
        )

    subscriber("s1@example.org", nairobi(2026, 1, 10))
    subscriber("s2@example.org", nairobi(2026, 4, 10), nairobi(2026, 6, 10))
    subscriber("s3@example.org", nairobi(2026, 5, 1))
    subscriber("s4@example.org", nairobi(2026, 7, 10))

    # Applications: one submitted in the quarter and approved 10 days later; one submitted
    # in March and declined in April (34 days).
    MembershipApplication.objects.create(
        organisation_name="New NGO",
        status="approved",
        submitted_at=nairobi(2026, 4, 2),
        decided_at=nairobi(2026, 4, 12),
    )
    MembershipApplication.objects.create(
        organisation_name="Late NGO",
        status="declined",
        submitted_at=nairobi(2026, 3, 20),
        decided_at=nairobi(2026, 4, 23),
    )
    return Fixture(organisations, people, group, meetings)
