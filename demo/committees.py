"""Demo data for governance and meetings: the CoP's bodies with their seats, and a year of
CoP-wide and committee meetings around today, the past ones with attendance, minutes,
resolutions and action items. The people are fictional.

Idempotent: a body is found by its slug, a seat by body, person and role, a meeting by a
UID derived from a fixed key, so running it again (even on a later day) adds nothing."""

import uuid
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from committees.models import ActionItem, ActionNote, Body, Meeting, Registration, Resolution, Seat
from demo import prose
from members.models import CodeOfConduct, County, Person

DEMO_NAMESPACE = uuid.UUID("6f0e7a52-3c1b-4c7e-9d55-1a2b3c4d5e6f")

DATA = prose.load("committees")

# Accounts of the people who hold seats (besides the role accounts of seed_demo), created
# with the other demo accounts and the same password. "organisation" is an acronym of
# demo.members.ORGANISATIONS. (e-mail, full name, job title, organisation)
DEMO_SEAT_HOLDERS = [
    (h["email"], h["full_name"], h["job_title"], h["organisation"]) for h in DATA["seat_holders"]
]

COMMITTEE_MEMBER = "committee@demo.cop.ke"
ADMINISTRATOR = "admin@demo.cop.ke"
COORDINATOR = "coordinator@demo.cop.ke"

# (kind, slug, name, county, description, [(e-mail, role)])
BODIES = [
    (
        Body.Kind(b["kind"]),
        b["slug"],
        b["name"],
        b.get("county"),
        b["description"],
        [(seat["email"], Seat.Role(seat["role"])) for seat in b["seats"]],
    )
    for b in DATA["bodies"]
]

SEATS_FROM_DAYS_AGO = 320


def seat_holder_accounts():
    """Account specs in the shape seed_demo creates accounts from."""
    return [
        {"email": email, "full_name": name, "job_title": title}
        for email, name, title, _organisation in DEMO_SEAT_HOLDERS
    ]


def seed_people(users_by_email, organisations_by_acronym):
    """Attach each seat holder to their organisation and accept the code of conduct, so they
    have member access like anyone from a member organisation."""
    code = CodeOfConduct.objects.order_by("-published_at").first()
    for email, _name, _title, acronym in DEMO_SEAT_HOLDERS:
        user = users_by_email[email]
        Person.objects.get_or_create(
            user=user, defaults={"organisation": organisations_by_acronym[acronym]}
        )
        if code is not None:
            code.acceptances.get_or_create(user=user)


def seat_put(body, user, role, *, today=None):
    organisation = Person.objects.filter(user=user).values_list("organisation", flat=True).first()
    seat, _ = Seat.objects.get_or_create(
        body=body,
        user=user,
        role=role,
        defaults={
            "organisation_id": organisation,
            "starts_on": (today or timezone.localdate()) - timedelta(days=SEATS_FROM_DAYS_AGO),
        },
    )
    return seat


def seed_bodies(users_by_email):
    """The four kinds of committee, with their seats. Returns the bodies by slug."""
    counties = {c.name: c for c in County.objects.all()}
    bodies = {}
    for kind, slug, name, county, description, seats in BODIES:
        body, _ = Body.objects.get_or_create(
            slug=slug,
            defaults={
                "kind": kind,
                "name": name,
                "county": counties.get(county),
                "description": description,
            },
        )
        for email, role in seats:
            seat_put(body, users_by_email[email], role)
        bodies[slug] = body
    return bodies


# --- Meetings ----------------------------------------------------------------------------


def demo_uid(key):
    return uuid.uuid5(DEMO_NAMESPACE, key)


def working_day(day):
    """The day itself, or the Monday after a weekend."""
    return day + timedelta(days=max(0, 7 - day.weekday())) if day.weekday() >= 5 else day


def at(days, hour, minute=0, *, today=None):
    """An aware Nairobi time ``days`` from today (moved off weekends)."""
    day = working_day((today or timezone.localdate()) + timedelta(days=days))
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def meeting_put(key, *, starts_at, minutes_long, **fields):
    """Create the meeting of this key once; a past meeting is held, unless cancelled.
    Returns (meeting, created)."""
    ends_at = starts_at + timedelta(minutes=minutes_long)
    if fields.get("status") != Meeting.Status.CANCELLED:
        held = ends_at < timezone.now()
        fields["status"] = Meeting.Status.HELD if held else Meeting.Status.SCHEDULED
    if fields.get("kind") == Meeting.Kind.BROWN_BAG or fields["status"] != Meeting.Status.HELD:
        fields.pop("recording_url", None)
    return Meeting.objects.get_or_create(
        uid=demo_uid(key), defaults={"starts_at": starts_at, "ends_at": ends_at, **fields}
    )


def meeting_outcome(meeting, *, attendees, absent=(), minutes="", resolutions=()):
    """Attendance, minutes and resolutions with their action items for a held meeting.
    ``resolutions``: [(text, [(title, owner user or organisation, due in days, status,
    note)])]; the chair (``meeting.created_by``) records them."""
    for user in attendees:
        Registration.objects.create(
            meeting=meeting,
            user=user,
            status=Registration.Status.CONFIRMED,
            registered_at=meeting.starts_at - timedelta(days=7),
            attended=True,
        )
    for user in absent:
        Registration.objects.create(
            meeting=meeting,
            user=user,
            status=Registration.Status.CONFIRMED,
            registered_at=meeting.starts_at - timedelta(days=6),
            attended=False,
        )
    if minutes:
        meeting.minutes = minutes
        meeting.save(update_fields=["minutes"])
    recorder = meeting.created_by
    recorded_at = meeting.ends_at + timedelta(hours=2)
    for text, actions in resolutions:
        resolution = Resolution.objects.create(
            meeting=meeting, text=text, recorded_by=recorder, recorded_at=recorded_at
        )
        for title, owner, due_in_days, status, note in actions:
            is_person = isinstance(owner, get_user_model())
            action = ActionItem.objects.create(
                meeting=meeting,
                resolution=resolution,
                title=title,
                owner_user=owner if is_person else None,
                owner_organisation=None if is_person else owner,
                due_on=timezone.localdate() + timedelta(days=due_in_days),
                status=status,
                created_by=recorder,
            )
            if note:
                ActionNote.objects.create(
                    action=action,
                    author=owner if is_person else recorder,
                    text=note,
                    status=status,
                    at=min(timezone.now(), recorded_at + timedelta(days=10)),
                )


def registrations_put(meeting, users):
    """Places for upcoming meetings, in order of asking."""
    for n, user in enumerate(users):
        Registration.objects.get_or_create(
            meeting=meeting,
            user=user,
            defaults={
                "status": Registration.Status.CONFIRMED,
                "registered_at": timezone.now() - timedelta(days=len(users) - n),
            },
        )


A, K, S = Meeting.Audience, Meeting.Kind, ActionItem.Status

ROUNDTABLE_AGENDA = DATA["roundtable_agenda"]

# (key, days from today, theme, host acronym)
ROUNDTABLES = [(m["key"], m["days"], m["theme"], m["host"]) for m in DATA["roundtables"]]

# (key, days from today, title, host acronym, recording)
WEBINARS = [(m["key"], m["days"], m["title"], m["host"], m["recorded"]) for m in DATA["webinars"]]

# (key, days from today, title, host acronym, cancelled)
BROWN_BAGS = [
    (m["key"], m["days"], m["title"], m["host"], m["cancelled"]) for m in DATA["brown_bags"]
]


def seed_meetings(users_by_email, organisations_by_acronym, bodies):
    """The CoP-wide and committee meetings of a year around today. Returns how many were
    created."""
    users, orgs = users_by_email, organisations_by_acronym
    director, coordinator = users["director@demo.cop.ke"], users[COORDINATOR]
    members = [users[e] for e in ("member@demo.cop.ke", "focal@demo.cop.ke", COMMITTEE_MEMBER)]
    created = 0

    for n, (key, days, theme, host) in enumerate(ROUNDTABLES):
        meeting, new = meeting_put(
            key,
            title=f"Quarterly CoP roundtable: {theme}",
            kind=K.ROUNDTABLE,
            host=orgs[host],
            starts_at=at(days, 9),
            minutes_long=4 * 60,
            venue=f"{orgs[host].name}, Nairobi (conference room)",
            online_url=f"https://meet.example.org/cop-roundtable-{n + 1}",
            agenda=ROUNDTABLE_AGENDA.format(theme=theme),
            audience=A.MEMBERS,
            capacity=80,
            created_by=coordinator,
        )
        created += new
        if not new:
            continue
        if meeting.status == Meeting.Status.HELD:
            resolutions = []
            if key == "roundtable-2":
                resolutions = [
                    (
                        "Counties that scaled up cash transfers in the drought share how they "
                        "used the single registry, at the next roundtable.",
                        [
                            ("Present the Turkana scale-up", orgs["NDMA"], 25, S.OPEN, ""),
                            (
                                "Publish the summary of this roundtable on the portal",
                                coordinator,
                                -40,
                                S.IN_PROGRESS,
                                "Draft written; waiting for the presenters' slides.",
                            ),
                        ],
                    )
                ]
            meeting_outcome(
                meeting,
                attendees=[director, coordinator, *members[:2]],
                absent=members[2:],
                minutes=f"The host opened the roundtable on {theme}. Each working group "
                "reported in five minutes; the discussion raised questions for the "
                "working groups to take up.",
                resolutions=resolutions,
            )
        elif n == 2:
            registrations_put(meeting, [*members, users["twglead@demo.cop.ke"]])

    for n, (key, days, title, host, recorded) in enumerate(WEBINARS):
        meeting, new = meeting_put(
            key,
            title=f"Webinar: {title}",
            kind=K.WEBINAR,
            host=orgs[host],
            starts_at=at(days, 14),
            minutes_long=90,
            online_url=f"https://meet.example.org/cop-webinar-{n + 1}",
            agenda="A presentation, then questions from the participants.",
            audience=A.PUBLIC,
            recording_url=f"https://video.example.org/cop-webinar-{n + 1}" if recorded else "",
            created_by=coordinator,
        )
        created += new
        if new and meeting.status == Meeting.Status.HELD:
            meeting_outcome(
                meeting, attendees=members, minutes="Questions and answers are in the recording."
            )

    for key, days, title, host, cancelled in BROWN_BAGS:
        fields = {"status": Meeting.Status.CANCELLED} if cancelled else {}
        meeting, new = meeting_put(
            key,
            title=f"Brown-bag: {title}",
            kind=K.BROWN_BAG,
            host=orgs[host],
            starts_at=at(days, 12, 30),
            minutes_long=60,
            venue=f"{orgs[host].name}, Nairobi (training room)",
            agenda="Bring your lunch. A short talk, then an open discussion. Not recorded.",
            audience=A.MEMBERS,
            capacity=25,
            created_by=coordinator,
            **fields,
        )
        created += new
        if new and meeting.status == Meeting.Status.HELD:
            meeting_outcome(meeting, attendees=members[:2])

    created += _seed_committee_meetings(users, orgs, bodies)
    return created


def _seed_committee_meetings(users, orgs, bodies):
    oversight, steering = bodies["oversight-committee"], bodies["national-steering-committee"]
    county = bodies["turkana-county-committee"]
    director = users["director@demo.cop.ke"]
    created = 0

    oversight_people = list(
        Seat.objects.filter(body=oversight).select_related("user").order_by("pk")
    )
    sittings = [
        ("oversight-1", -180, "Coordination Committee: first sitting"),
        ("oversight-2", -75, "Coordination Committee: review of the first half-year"),
        ("oversight-3", 21, "Coordination Committee: budget and membership"),
    ]
    for key, days, title in sittings:
        meeting, new = meeting_put(
            key,
            title=title,
            kind=K.COMMITTEE,
            body=oversight,
            host=orgs["NSPS"],
            starts_at=at(days, 10),
            minutes_long=3 * 60,
            venue="Social Protection Secretariat, Nairobi (boardroom)",
            agenda="1. Minutes of the last sitting\n2. Membership applications\n"
            "3. Working groups\n4. Any other business",
            audience=A.BODY,
            created_by=director,
        )
        created += new
        if not (new and meeting.status == Meeting.Status.HELD):
            continue
        resolutions = []
        if key == "oversight-1":
            resolutions = [
                (
                    "The six thematic working groups of the concept note are established, each "
                    "led by a government agency.",
                    [
                        (
                            "Send each working group its terms of reference",
                            orgs["NSPS"],
                            -160,
                            S.DONE,
                            "Sent to all six chairs.",
                        ),
                        ("Draft the CoP's annual budget", director, -20, S.OPEN, ""),
                    ],
                )
            ]
        elif key == "oversight-2":
            resolutions = [
                (
                    "The code of conduct is adopted and members accept it when they next sign in.",
                    [
                        (
                            "Propose how the CoP recognises active members",
                            users[COMMITTEE_MEMBER],
                            35,
                            S.IN_PROGRESS,
                            "Options collected from three other communities of practice.",
                        ),
                        (
                            "Publish the adopted code of conduct",
                            orgs["NSPS"],
                            -60,
                            S.DONE,
                            "On the portal.",
                        ),
                    ],
                )
            ]
        meeting_outcome(
            meeting,
            attendees=[seat.user for seat in oversight_people[:-2]],
            absent=[seat.user for seat in oversight_people[-2:]],
            minutes="Quorum reached. The committee went through the agenda; decisions are "
            "recorded as resolutions below.",
            resolutions=resolutions,
        )

    meeting, new = meeting_put(
        "steering-1",
        title="Steering Committee: brief on the CoP's first months",
        kind=K.COMMITTEE,
        body=steering,
        starts_at=at(-130, 11),
        minutes_long=90,
        venue="Social Protection House, Nairobi",
        agenda="A brief from the Coordination Committee's chair, then guidance.",
        audience=A.BODY,
        created_by=director,
    )
    created += new
    if new:
        meeting_outcome(
            meeting,
            attendees=[s.user for s in Seat.objects.filter(body=steering).select_related("user")],
            minutes="The principal secretaries welcomed the CoP and asked for a yearly brief.",
        )

    for key, days, title in [
        ("turkana-1", -50, "Turkana committee: drought scale-up review"),
        ("turkana-2", 40, "Turkana committee: planning the county roundtable"),
    ]:
        meeting, new = meeting_put(
            key,
            title=title,
            kind=K.COMMITTEE,
            body=county,
            starts_at=at(days, 10),
            minutes_long=2 * 60,
            venue="County offices, Lodwar",
            agenda="Updates from each member, then the main item.",
            audience=A.BODY,
            created_by=users["turkana@demo.cop.ke"],
        )
        created += new
        if new and meeting.status == Meeting.Status.HELD:
            meeting_outcome(
                meeting,
                attendees=[s.user for s in Seat.objects.filter(body=county).select_related("user")],
                minutes="Members compared how many households were reached in each sub-county.",
                resolutions=[
                    (
                        "Beneficiary welfare committees report delays in payments each month.",
                        [("Set up the monthly delay report", orgs["BWC"], -5, S.OPEN, "")],
                    )
                ],
            )
    return created
