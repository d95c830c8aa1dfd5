"""Demo data for the Thematic Working Groups: the six topics of the concept note, each
established by the Oversight Committee with a government lead agency and a chair, a few
roster seats, and their meetings (two of them meet monthly, as a series).

Idempotent like demo.committees: found by slug, by seat, by meeting key."""

import uuid
from datetime import timedelta

from django.utils import timezone

from committees.models import ActionItem, Body, Meeting, Seat
from demo import committees as committees_demo
from twg.models import StatusDecision, WorkingGroup

A, K, S = Meeting.Audience, Meeting.Kind, ActionItem.Status
CHAIR, MEMBER = Seat.Role.CHAIR, Seat.Role.MEMBER

# (slug, name, lead agency acronym, purpose, [(e-mail, role)])
WORKING_GROUPS = [
    (
        "policy-system-strengthening",
        "Policy and System Strengthening",
        "SDSP",
        "Finds the gaps in the sector's policies and delivery systems and works with partners "
        "on ways to close them: proposals for policy review, guidance and tools. It also "
        "follows how the national policy, strategy and investment plan are carried out.",
        [("sdsp@demo.cop.ke", CHAIR), ("ilo@demo.cop.ke", MEMBER), ("apsp@demo.cop.ke", MEMBER)],
    ),
    (
        "financing-sustainability",
        "Financing and Sustainability",
        "NSSF",
        "Looks at how the money available for social protection can go further and how the "
        "resource base can grow: synergies, efficiency, showing impact and influencing budgets.",
        [("nssf@demo.cop.ke", CHAIR), ("ilo@demo.cop.ke", MEMBER), ("sha@demo.cop.ke", MEMBER)],
    ),
    (
        "shock-responsive",
        "Shock-Responsive Social Protection",
        "NDMA",
        "Builds and shares knowledge on scaling programmes up in emergencies: how to design, "
        "finance, monitor and measure a scale-up, and how to tie it to drought early warning.",
        [
            ("ndma@demo.cop.ke", CHAIR),
            ("wfp@demo.cop.ke", MEMBER),
            ("focal@demo.cop.ke", MEMBER),
            ("member@demo.cop.ke", MEMBER),
        ],
    ),
    (
        "complementary-standards",
        "Complementary Standards",
        "SAU",
        "Leads the discussion on which standards and guidelines the sector needs, and builds "
        "agreement among partners on what they should say.",
        [("sau@demo.cop.ke", CHAIR), ("bwc@demo.cop.ke", MEMBER)],
    ),
    (
        "mekm",
        "Monitoring, Evaluation and Knowledge Management",
        "NSPS",
        "Takes up the questions the sector meets in managing data, and gathers the lessons of "
        "studies over time to judge how well programmes work.",
        [
            ("twglead@demo.cop.ke", CHAIR),
            ("ids@demo.cop.ke", MEMBER),
            ("member@demo.cop.ke", MEMBER),
            ("committee@demo.cop.ke", MEMBER),
        ],
    ),
    (
        "communication-advocacy",
        "Communication and Advocacy",
        "DSD",
        "Helps the CoP tell the public and decision makers what social protection achieves, "
        "and plans the CoP's campaigns and messages.",
        [("dsd@demo.cop.ke", CHAIR), ("apsp@demo.cop.ke", MEMBER)],
    ),
]

ESTABLISHED_DAYS_AGO = 175
DECISION = {
    "relevance": "A topic the concept note puts at the centre of the CoP's work.",
    "alignment": "Serves the national social protection policy and its investment plan.",
    "stakeholder_interest": "Several members offered to take part at the first sitting.",
}

# The working groups that meet monthly, as a series: (slug, audience, host acronyms in turn).
MONTHLY = [
    ("mekm", A.MEMBERS, ["NSPS", "IDS", "UNICEF", "WB"]),
    ("shock-responsive", A.BODY, ["NDMA", "WFP", "KCWG"]),
]


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
