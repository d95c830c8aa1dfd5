"""Committees, seats and meetings in bulk, for benchmarks (PostgreSQL only).

``generate_committees`` writes the three national bodies (Steering, Oversight,
Administration team) and county committees, each with a chair and a roster of seats whose
terms rotated over the years (ended seats keep the history). ``seat_rows`` is the same roster
logic, used by ``demo.generate.twg`` for the working groups. ``generate_meetings`` then writes
meetings of every kind and audience over three years past and one to come, for every body
(within the terms of its seats: a body whose seats all ended meets no more) and for the whole
CoP, with registrations (places, waiting lists, cancellations, attendance of held meetings),
resolutions, action items and their progress notes.

Held meetings have attendance but no minutes or recording: those are filed in the repository
as documents when a meeting is recorded through the portal, and the generated repository has
its own documents. Everything is written with COPY (``core.bulk``). Called by
``manage.py generate_cop``."""

import datetime
import uuid
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass

from django.utils.text import slugify

from committees.models import ActionItem, ActionNote, Body, Meeting, Registration, Resolution, Seat
from core import bulk
from demo import prose
from demo.committees import BODIES
from members.models import County, Organisation, Person

NAIROBI = zoneinfo.ZoneInfo("Africa/Nairobi")
K, A, S = Meeting.Kind, Meeting.Audience, Meeting.Status
R = Seat.Role

SEAT_COLUMNS = ("body_id", "user_id", "organisation_id", "role", "starts_on", "ends_on", "note")

# The word lists are in demo/data/generate.toml.
WORDS = prose.load("generate")["committees"]
THEMES = tuple(WORDS["themes"])
AGENDA = WORDS["agenda"]
CANCEL_REASONS = tuple(WORDS["cancel_reasons"])
RESOLUTIONS = tuple(WORDS["resolutions"])
ACTIONS = tuple(WORDS["actions"])


@dataclass
class Holder:
    """Someone who may hold a seat: a person with member access."""

    user_id: int
    organisation_id: int | None
    category: str


def seat_holders():
    """People with member access today who accepted the code of conduct, with their
    organisation and its category."""
    rows = (
        Person.objects.with_member_access()
        .filter(user__is_active=True, user__conduct_acceptances__isnull=False)
        .values_list("user_id", "organisation_id", "organisation__category")
        .order_by("user_id")
        .distinct()
    )
    return [Holder(user, organisation, category or "") for user, organisation, category in rows]


def _day_between(rng, start, end):
    days = (end - start).days
    return start + datetime.timedelta(days=rng.randint(0, max(days, 0)))


def seat_rows(rng, body_id, holders, *, size, since, today, until=None, chairs=None, include=()):
    """The seats of one body: a current roster of about ``size`` (a chair, sometimes a
    vice-chair and a secretary, members), with earlier terms where the body is old enough.
    ``until``: the day the body stopped (every seat ends by then). ``chairs``: holders to
    take the chair from first. ``include``: user ids given a member's seat. Returns the rows
    and the user ids of the seats held on the body's last day (today, or ``until``)."""
    last_day = until or today
    chosen, rows = set(), []
    size = max(1, min(size, len(holders)))

    def pick(pool):
        for _ in range(20):
            holder = rng.choice(pool)
            if holder.user_id not in chosen:
                chosen.add(holder.user_id)
                return holder
        return None

    roles = [R.CHAIR]
    if size >= 5 and rng.random() < 0.6:
        roles.append(R.SECRETARY)
    if size >= 8 and rng.random() < 0.3:
        roles.append(R.VICE_CHAIR)
    roles += [R.MEMBER] * (size - len(roles))
    by_id = {h.user_id: h for h in holders}
    forced = [by_id[u] for u in include if u in by_id]
    chosen.update(h.user_id for h in forced)
    slots = [[role, None] for role in roles]
    for n, holder in enumerate(forced):
        index = len(slots) - 1 - n
        if index >= 1 and slots[index][0] == R.MEMBER:
            slots[index][1] = holder
        else:
            slots.append([R.MEMBER, holder])
    current = []
    for role, holder in slots:
        if holder is not None:
            starts = min(since + datetime.timedelta(days=30), last_day - datetime.timedelta(days=1))
        else:
            holder = (pick(chairs) if role == R.CHAIR and chairs else None) or pick(holders)
            if holder is None:
                continue
            starts = _day_between(rng, since, last_day - datetime.timedelta(days=1))
        rows.append(
            (body_id, holder.user_id, holder.organisation_id, role, starts, until, "")
        )  # fmt: skip
        current.append(holder.user_id)
        # An earlier term on the same role, ended the day before this one began.
        if (starts - since).days > 400 and (role != R.MEMBER or rng.random() < 0.25):
            earlier = pick(holders)
            if earlier is not None:
                begun = _day_between(rng, since, starts - datetime.timedelta(days=200))
                rows.append(
                    (body_id, earlier.user_id, earlier.organisation_id, role, begun,
                     starts - datetime.timedelta(days=1), "Term ended: rotation.")
                )  # fmt: skip
    return rows, current


def generate_committees(rng, *, county_committees, oversight_user_ids=(), today, now):
    """The Steering and Oversight committees, the Administration team and
    ``county_committees`` county committees (at most 47), with their seats. The users in
    ``oversight_user_ids`` get a member's seat on the Oversight Committee. Returns the number
    of bodies."""
    bulk.require_postgresql()
    holders = seat_holders()
    government = [h for h in holders if h.category == Organisation.Category.GOVERNMENT]
    county_staff = defaultdict(list)
    for holder in holders:
        if holder.category == Organisation.Category.COUNTY_GOVERNMENT:
            county_staff[holder.organisation_id].append(holder)
    county_governments = dict(
        Organisation.objects.filter(category=Organisation.Category.COUNTY_GOVERNMENT)
        .exclude(status=Organisation.Status.TERMINATED)
        .values_list("name", "pk")
    )
    counties = list(County.objects.order_by("code").values_list("pk", "name"))
    counties = rng.sample(counties, min(county_committees, len(counties)))
    specs = []  # (kind, slug, name, county id, description, size, chairs, include)
    national = {kind: (slug, name, description) for kind, slug, name, _c, description, _s in BODIES}
    for kind, size in ((Body.Kind.STEERING, 14), (Body.Kind.OVERSIGHT, 13),
                       (Body.Kind.ADMINISTRATION, 6)):  # fmt: skip
        slug, name, description = national[kind]
        include = oversight_user_ids if kind == Body.Kind.OVERSIGHT else ()
        specs.append((kind, slug, name, None, description, size, government, include))
    for county_id, county in counties:
        staff = county_staff.get(county_governments.get(f"County Government of {county}"), [])
        specs.append(
            (
                Body.Kind.COUNTY,
                f"{slugify(county)}-county-committee",
                f"{county} County CoP Coordination Committee",
                county_id,
                f"Brings the social protection actors of {county} County together on the "
                "model of the national committee.",
                rng.randint(7, 12),
                staff,
                (),
            )
        )
    ids = bulk.reserve_ids(Body, len(specs))
    bodies, seats = [], []
    for pk, spec in zip(ids, specs, strict=True):
        kind, slug, name, county_id, description, size, chairs, include = spec
        since = today - datetime.timedelta(days=rng.randint(400, 6 * 365))
        created = datetime.datetime.combine(since, datetime.time(10), tzinfo=NAIROBI)
        bodies.append((pk, kind, name, slug, county_id, description, created))
        rows, _current = seat_rows(
            rng, pk, holders, size=size, since=since, today=today, chairs=chairs, include=include
        )
        seats += rows
    bulk.copy_rows(
        Body, ("id", "kind", "name", "slug", "county_id", "description", "created_at"), bodies
    )
    bulk.copy_rows(Seat, SEAT_COLUMNS, seats)
    return len(bodies)


def reviewers():
    """Who reviews and who decides membership applications today: the current Oversight
    seat holders, and its chair."""
    seats = list(
        Seat.objects.granting()
        .filter(body__kind=Body.Kind.OVERSIGHT)
        .values_list("user_id", "role")
        .order_by("pk")
    )
    chair = next((user for user, role in seats if role == R.CHAIR), None)
    return [user for user, _role in seats], chair


# -- Meetings ------------------------------------------------------------------------------


def _local(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=NAIROBI)


def _working_day(day):
    weekday = day.weekday()
    return day + datetime.timedelta(days=(7 - weekday) if weekday >= 5 else 0)


@dataclass
class _BodyInfo:
    pk: int
    kind: str
    name: str
    start: datetime.date
    end: datetime.date | None
    seats: list  # (user_id, organisation_id, role, starts_on, ends_on)

    def holders_on(self, day):
        return [
            s[0] for s in self.seats if s[3] <= day and (s[4] is None or day <= s[4])
        ]  # fmt: skip

    def leaders_on(self, day):
        return [
            s for s in self.seats
            if s[2] != R.MEMBER and s[3] <= day and (s[4] is None or day <= s[4])
        ]  # fmt: skip


def _bodies():
    seats = defaultdict(list)
    for body, user, organisation, role, starts, ends in Seat.objects.order_by("pk").values_list(
        "body_id", "user_id", "organisation_id", "role", "starts_on", "ends_on"
    ):
        seats[body].append((user, organisation, role, starts, ends))
    bodies = []
    for pk, kind, name in Body.objects.order_by("pk").values_list("pk", "kind", "name"):
        held = seats.get(pk)
        if not held:
            continue
        ends = [s[4] for s in held]
        end = None if any(e is None for e in ends) else max(ends)
        bodies.append(_BodyInfo(pk, kind, name, min(s[3] for s in held), end, held))
    return bodies


# (kind, share of meetings, minutes long, audiences with weights)
COP_WIDE = (
    (K.ROUNDTABLE, 10, 240, ((A.MEMBERS, 1),)),
    (K.WEBINAR, 35, 90, ((A.PUBLIC, 8), (A.MEMBERS, 2))),
    (K.BROWN_BAG, 20, 60, ((A.MEMBERS, 1),)),
    (K.EVENT, 20, 420, ((A.PUBLIC, 7), (A.MEMBERS, 3))),
    (K.TELECONFERENCE, 15, 60, ((A.MEMBERS, 1),)),
)
COP_WIDE_TITLES = {K(key): value for key, value in WORDS["cop_wide_titles"].items()}
BODY_TITLES = tuple(WORDS["body_titles"])


def generate_meetings(rng, *, count, coordinator_id, member_ids=(), now, past_years=3):
    """``count`` meetings from ``past_years`` ago to a year ahead, with registrations,
    resolutions and action items. About half are working group meetings, a fifth committee
    meetings, the rest the whole CoP's. ``member_ids``: users registered for the first
    coming members' meetings (known logins). Returns counts by table."""
    bulk.require_postgresql()
    today = now.astimezone(NAIROBI).date()
    first_day = today - datetime.timedelta(days=365 * past_years)
    last_day = today + datetime.timedelta(days=365)
    bodies = [b for b in _bodies() if (b.end is None or b.end > first_day)]
    working_groups = [b for b in bodies if b.kind == Body.Kind.WORKING_GROUP]
    committees = [b for b in bodies if b.kind != Body.Kind.WORKING_GROUP]
    members = [h.user_id for h in seat_holders()]
    hosts = list(Organisation.objects.active().order_by("pk").values_list("pk", flat=True))
    meeting_ids = bulk.reserve_ids(Meeting, count)
    groups = []
    if working_groups:
        groups.append(("twg", 55))
    if committees:
        groups.append(("committee", 20))
    groups.append(("cop", 25))
    series = {}
    meetings, registrations, resolutions, actions, notes = [], [], [], [], []
    resolution_ids = iter(bulk.reserve_ids(Resolution, count // 2 + 10))
    action_ids = iter(bulk.reserve_ids(ActionItem, count + 10))
    forced, forced_left = list(member_ids), 5  # the known logins' coming meetings
    for pk in meeting_ids:
        group = rng.choices([g for g, _w in groups], weights=[w for _g, w in groups], k=1)[0]
        body = None
        if group == "cop":
            kind, _share, minutes, audiences = rng.choices(
                COP_WIDE, weights=[c[1] for c in COP_WIDE], k=1
            )[0]
            start, end = first_day, last_day
            theme = rng.choice(THEMES)
            title = COP_WIDE_TITLES[kind].format(theme=theme)
        else:
            body = rng.choice(working_groups if group == "twg" else committees)
            if group == "twg":
                kind, minutes = K.TWG, 120
                audiences = ((A.MEMBERS, 80), (A.BODY, 15), (A.PUBLIC, 5))
            else:
                kind = K.COMMITTEE if rng.random() < 0.85 else K.TELECONFERENCE
                minutes = 180 if kind == K.COMMITTEE else 60
                audiences = ((A.BODY, 80), (A.MEMBERS, 20))
            start = max(first_day, body.start + datetime.timedelta(days=7))
            end = min(last_day, body.end or last_day)
            theme = rng.choice(THEMES)
            title = rng.choice(BODY_TITLES).format(name=body.name, theme=theme)
        day = _working_day(_day_between(rng, start, end))
        if body is not None and body.end is not None and day > body.end:
            day = body.end
        starts_at = _local(day, rng.choice((9, 10, 11, 14, 15)), rng.choice((0, 0, 30)))
        ends_at = starts_at + datetime.timedelta(minutes=minutes)
        audience = rng.choices([a for a, _w in audiences], weights=[w for _a, w in audiences])[0]
        past = ends_at < now
        cancelled = rng.random() < (0.06 if past else 0.03)
        status = S.CANCELLED if cancelled else (S.HELD if past else S.SCHEDULED)
        online = kind in (K.WEBINAR, K.TELECONFERENCE) or rng.random() < 0.5
        in_person = kind not in (K.WEBINAR, K.TELECONFERENCE)
        host = rng.choice(hosts) if hosts and (body is None or rng.random() < 0.5) else None
        leaders = body.leaders_on(day) if body else []
        if body is not None and leaders:
            created_by = rng.choice(leaders)[0]
            host = host or leaders[0][1]
        else:
            created_by = coordinator_id
        capacity = None
        if audience != A.BODY and rng.random() < 0.5:
            capacity = rng.choice((25, 40, 60, 80, 100, 150, 200))
        created_at = min(
            starts_at - datetime.timedelta(days=rng.randint(14, 60)),
            now - datetime.timedelta(days=2),
        )
        meeting_series = None
        if kind == K.TWG and body.pk % 5 < 3:
            meeting_series = series.setdefault((body.pk, day.year), uuid.UUID(
                int=rng.getrandbits(128), version=4
            ))  # fmt: skip
        meetings.append(
            (
                pk, title, kind, body.pk if body else None, host, starts_at, ends_at,
                "Conference room, Social Protection Secretariat, Nairobi" if in_person else "",
                f"https://meet.example.org/cop-{pk}" if online else "",
                AGENDA.format(theme=theme.capitalize()), audience, capacity,
                not cancelled, status, rng.choice(CANCEL_REASONS) if cancelled else "",
                starts_at - datetime.timedelta(hours=26) if status == S.HELD else None, "", "",
                meeting_series, created_by, created_at,
                min(ends_at + datetime.timedelta(days=1), now) if past else created_at,
                uuid.UUID(int=rng.getrandbits(128), version=4),
            )
        )  # fmt: skip

        # Registrations: seat holders for the body's own meetings, members for the others.
        seated = body.holders_on(day) if body else []
        if audience == A.BODY:
            people = [u for u in seated if rng.random() < 0.8]
        else:
            wanted = (
                rng.randint(capacity // 2, int(capacity * 1.15)) if capacity else rng.randint(5, 60)
            )
            people = [u for u in seated if rng.random() < 0.6]
            wanted = max(min(wanted - len(people), len(members)), 0)
            people = list(dict.fromkeys(people + rng.sample(members, wanted)))
            if not past and forced_left and audience == A.MEMBERS:
                people = list(dict.fromkeys(forced + people))
                forced_left -= 1
        opened = created_at + datetime.timedelta(hours=1)
        closing = min(starts_at, now) - datetime.timedelta(minutes=5)
        window = max(int((closing - opened).total_seconds()), 60)
        times = sorted(
            opened + datetime.timedelta(seconds=rng.randint(0, window)) for _ in people
        )  # fmt: skip
        confirmed = 0
        attendees = []
        for user, registered_at in zip(people, times, strict=True):
            if rng.random() < 0.05:
                state = Registration.Status.CANCELLED
            elif capacity is None or confirmed < capacity:
                state, confirmed = Registration.Status.CONFIRMED, confirmed + 1
            else:
                state = Registration.Status.WAITLISTED
            attended = None
            if status == S.HELD and state == Registration.Status.CONFIRMED:
                attended = rng.random() < 0.8
                if attended:
                    attendees.append(user)
            registrations.append((pk, user, state, registered_at, attended))

        # What a held body meeting decided.
        if status != S.HELD or body is None or rng.random() > 0.3:
            continue
        recorder = created_by
        recorded_at = min(ends_at + datetime.timedelta(days=1), now)
        for _ in range(rng.randint(1, 2)):
            resolution = next(resolution_ids, None)
            if resolution is None:
                break
            resolutions.append(
                (resolution, pk, rng.choice(RESOLUTIONS).format(theme=theme), recorder,
                 recorded_at)
            )  # fmt: skip
            for _ in range(rng.randint(0, 2)):
                action = next(action_ids, None)
                if action is None:
                    break
                due = day + datetime.timedelta(days=rng.randint(14, 90))
                if due < today:
                    state = rng.choices(
                        list(ActionItem.Status), weights=(15, 15, 60, 10), k=1
                    )[0]  # fmt: skip
                else:
                    state = rng.choice((ActionItem.Status.OPEN, ActionItem.Status.IN_PROGRESS))
                owner_user = rng.choice(attendees) if attendees and rng.random() < 0.7 else None
                owner_organisation = None if owner_user else (host or rng.choice(hosts))
                actions.append(
                    (action, pk, resolution, rng.choice(ACTIONS).format(theme=theme), owner_user,
                     owner_organisation, due, state, None, recorder, recorded_at)
                )  # fmt: skip
                if state != ActionItem.Status.OPEN:
                    noted = min(recorded_at + datetime.timedelta(days=rng.randint(3, 40)), now)
                    notes.append(
                        (action, owner_user or recorder, "Progress reported at the next meeting.",
                         state, noted)
                    )  # fmt: skip

    bulk.copy_rows(
        Meeting,
        ("id", "title", "kind", "body_id", "host_id", "starts_at", "ends_at", "venue",
         "online_url", "agenda", "audience", "capacity", "registration_open", "status",
         "cancel_reason", "reminded_at", "minutes", "recording_url", "series", "created_by_id",
         "created_at", "updated_at", "uid"),
        meetings,
    )  # fmt: skip
    bulk.copy_rows(
        Registration, ("meeting_id", "user_id", "status", "registered_at", "attended"),
        registrations,
    )  # fmt: skip
    bulk.copy_rows(Resolution, ("id", "meeting_id", "text", "recorded_by_id", "recorded_at"),
                   resolutions)  # fmt: skip
    bulk.copy_rows(
        ActionItem,
        ("id", "meeting_id", "resolution_id", "title", "owner_user_id", "owner_organisation_id",
         "due_on", "status", "reminded_at", "created_by_id", "created_at"),
        actions,
    )  # fmt: skip
    bulk.copy_rows(ActionNote, ("action_id", "author_id", "text", "status", "at"), notes)
    return {
        "meetings": len(meetings),
        "registrations": len(registrations),
        "resolutions": len(resolutions),
        "action items": len(actions),
    }


def analyse():
    bulk.analyse(Body, Seat, Meeting, Registration, Resolution, ActionItem, ActionNote)
