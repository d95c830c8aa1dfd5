"""Demo data for the Thematic Working Groups: the six topics of the concept note, each
established by the Oversight Committee with a government lead agency and a chair, a few
roster seats, and their meetings (two of them meet monthly, as a series).

Idempotent like demo.committees: found by slug, by seat, by meeting key."""

import uuid
from datetime import timedelta

from django.utils import timezone

from committees.models import ActionItem, Body, Meeting, Seat
from demo import committees as committees_demo
from demo import prose
from twg.models import StatusDecision, WorkingGroup

A, K, S = Meeting.Audience, Meeting.Kind, ActionItem.Status
CHAIR = Seat.Role.CHAIR

DATA = prose.load("twg")

# (slug, name, lead agency acronym, purpose, [(e-mail, role)])
WORKING_GROUPS = [
    (
        g["slug"],
        g["name"],
        g["lead"],
        g["purpose"],
        [(seat["email"], Seat.Role(seat["role"])) for seat in g["seats"]],
    )
    for g in DATA["working_groups"]
]

ESTABLISHED_DAYS_AGO = 175
DECISION = dict(DATA["decision"])

# The working groups that meet monthly, as a series: (slug, audience, host acronyms in turn).
MONTHLY = [(m["slug"], A(m["audience"]), list(m["hosts"])) for m in DATA["monthly"]]


def seed(users_by_email, organisations_by_acronym):
    """The six working groups with their seats and meetings. Returns (groups, meetings
    created)."""
    users, orgs = users_by_email, organisations_by_acronym
    decider = users["director@demo.cop.ke"]
    today = timezone.localdate()
    groups = {}
    for order, (slug, name, lead, purpose, seats) in enumerate(WORKING_GROUPS, start=1):
        body, _ = Body.objects.get_or_create(
            slug=slug,
            defaults={"kind": Body.Kind.WORKING_GROUP, "name": name, "description": purpose},
        )
        group, new = WorkingGroup.objects.get_or_create(
            body=body,
            defaults={
                "purpose": purpose,
                "terms_of_reference": "Meets at least once a quarter and reports to each "
                "quarterly roundtable. Open to members of the CoP; the chair approves who "
                "joins.",
                "lead_agency": orgs[lead],
                "status": WorkingGroup.Status.ESTABLISHED,
                "order": order,
            },
        )
        if new:
            StatusDecision.objects.create(
                working_group=group,
                status=WorkingGroup.Status.ESTABLISHED,
                decided_on=today - timedelta(days=ESTABLISHED_DAYS_AGO),
                recorded_by=decider,
                **DECISION,
            )
        for email, role in seats:
            committees_demo.seat_put(body, users[email], role)
        groups[slug] = group
    return groups, _seed_meetings(users, orgs, groups)


def _seed_meetings(users, orgs, groups):
    created = 0
    for slug, audience, hosts in MONTHLY:
        body = groups[slug].body
        chair = Seat.objects.filter(body=body, role=CHAIR).select_related("user").first().user
        roster = [s.user for s in Seat.objects.filter(body=body).select_related("user")]
        series = uuid.uuid5(committees_demo.DEMO_NAMESPACE, f"{slug}-monthly")
        for n, month in enumerate(range(-6, 6)):
            host = orgs[hosts[n % len(hosts)]]
            meeting, new = committees_demo.meeting_put(
                f"{slug}-monthly-{n}",
                title=f"{groups[slug].name}: monthly meeting",
                kind=K.TWG,
                body=body,
                host=host,
                series=series,
                starts_at=committees_demo.at(month * 30 + 3, 10),
                minutes_long=2 * 60,
                venue=f"{host.name}, Nairobi",
                online_url=f"https://meet.example.org/{slug}",
                agenda="1. Actions from the last meeting\n2. Updates from members\n"
                "3. Topic of the month",
                audience=audience,
                created_by=chair,
            )
            created += new
            if not new:
                continue
            if meeting.status == Meeting.Status.HELD:
                committees_demo.meeting_outcome(
                    meeting,
                    attendees=roster[:-1],
                    absent=roster[-1:],
                    minutes="Members went through open actions and shared updates.",
                    resolutions=_resolutions(slug, month, users, orgs),
                )
            elif month == 0 or n == 6:
                committees_demo.registrations_put(meeting, roster)

    for slug in (
        "policy-system-strengthening",
        "financing-sustainability",
        "complementary-standards",
        "communication-advocacy",
    ):
        group = groups[slug]
        chair = Seat.objects.filter(body=group.body, role=CHAIR).select_related("user").first()
        _meeting, new = committees_demo.meeting_put(
            f"{slug}-planning",
            title=f"{group.name}: work plan for the year",
            kind=K.TWG,
            body=group.body,
            host=group.lead_agency,
            starts_at=committees_demo.at(18, 14),
            minutes_long=2 * 60,
            venue=f"{group.lead_agency.name}, Nairobi",
            agenda="Agree the group's priorities and who leads each.",
            audience=A.MEMBERS,
            created_by=chair.user,
        )
        created += new
    return created


def _resolutions(slug, month, users, orgs):
    if slug == "mekm" and month == -1:
        return [
            (
                "The group keeps a shared list of the evaluations of cash transfer "
                "programmes done in Kenya.",
                [
                    (
                        "Compile the evaluations since 2015 with their links",
                        users["member@demo.cop.ke"],
                        -10,
                        S.OPEN,
                        "",
                    ),
                    (
                        "Agree the fields the list records",
                        users["ids@demo.cop.ke"],
                        -20,
                        S.DONE,
                        "Fields agreed by e-mail.",
                    ),
                ],
            )
        ]
    if slug == "shock-responsive" and month == -2:
        return [
            (
                "The group maps which drought indicators trigger a scale-up in each county.",
                [
                    (
                        "Map the county early warning triggers",
                        orgs["WFP"],
                        20,
                        S.IN_PROGRESS,
                        "Eight of the 23 arid and semi-arid counties done.",
                    )
                ],
            )
        ]
    return []
