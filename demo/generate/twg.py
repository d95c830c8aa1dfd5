"""Thematic Working Groups in bulk, for benchmarks (PostgreSQL only).

``generate_working_groups`` writes working groups on the sector's topics, national ones
first and then county-level ones: each a body with its roster of seats (the chair from the
lead agency, terms that rotated), most of them established by a decision of the Oversight
Committee, a few still proposed, a few terminated (their seats ended the day before), and
join requests waiting for the leads. Meetings come after, from ``demo.generate.committees``.
Called by ``manage.py generate_cop``."""

import datetime
from collections import defaultdict

from django.utils.text import slugify

from committees.models import Body, Seat
from core import bulk
from demo import prose
from demo.generate.committees import NAIROBI, SEAT_COLUMNS, seat_holders, seat_rows
from members.models import County, Organisation
from twg.models import JoinRequest, StatusDecision, WorkingGroup

# The word lists are in demo/data/generate.toml.
WORDS = prose.load("generate")["twg"]
TOPICS = tuple(WORDS["topics"])
MOTIVATIONS = tuple(WORDS["motivations"])


def _names(rng, count, counties):
    """(name, county id or None): the national topics first, then county-level groups."""
    names = [(topic, None) for topic in TOPICS[:count]]
    pairs = [(topic, county) for county in counties for topic in TOPICS]
    rng.shuffle(pairs)
    for topic, (county_id, county) in pairs[: max(count - len(names), 0)]:
        names.append((f"{county} County: {topic}", county_id))
    return names


def generate_working_groups(rng, *, count, member_user_ids=(), decider_id, today, now):
    """``count`` working groups with their bodies, seats, decisions and join requests. The
    users in ``member_user_ids`` get a member's seat on the first (established) group.
    Returns how many groups."""
    bulk.require_postgresql()
    holders = seat_holders()
    by_organisation = defaultdict(list)
    for holder in holders:
        by_organisation[holder.organisation_id].append(holder)
    leads = list(
        Organisation.objects.active()
        .filter(category=Organisation.Category.GOVERNMENT)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    counties = list(County.objects.order_by("code").values_list("pk", "name"))
    names = _names(rng, count, counties)
    body_ids = bulk.reserve_ids(Body, len(names))
    group_ids = bulk.reserve_ids(WorkingGroup, len(names))
    bodies, groups, seats, decisions, requests = [], [], [], [], []
    rows_of = zip(body_ids, group_ids, names, strict=True)
    for n, (body_id, group_id, (name, county_id)) in enumerate(rows_of):
        if n < 2:
            status = WorkingGroup.Status.ESTABLISHED
        else:
            status = rng.choices(list(WorkingGroup.Status), weights=(8, 85, 7), k=1)[0]
        lead = rng.choice(leads) if leads else None
        established = today - datetime.timedelta(days=rng.randint(200, 5 * 365))
        until = None
        if status == WorkingGroup.Status.TERMINATED:
            terminated = _between(rng, established + datetime.timedelta(days=150), today)
            until = terminated - datetime.timedelta(days=1)
        if status == WorkingGroup.Status.PROPOSED:
            established = today - datetime.timedelta(days=rng.randint(10, 120))
            size = rng.randint(1, 4)
        else:
            size = rng.randint(15, 40) if county_id is None else rng.randint(8, 20)
        created = datetime.datetime.combine(
            established - datetime.timedelta(days=30), datetime.time(10), tzinfo=NAIROBI
        )
        scope = f"in {name.split(' County:')[0]} County" if county_id else "nationally"
        topic = name.split(": ")[-1]
        bodies.append(
            (body_id, Body.Kind.WORKING_GROUP, name, slugify(name)[:200], county_id,
             f"Members who work on {topic.lower()} {scope}.", created)
        )  # fmt: skip
        groups.append(
            (group_id, body_id,
             f"Brings members together on {topic.lower()} {scope}: shares evidence, agrees "
             "on guidance and follows up the sector's commitments.",
             "1. Share evidence and practice.\n2. Propose guidance and tools.\n3. Report to the "
             "Oversight Committee every quarter.",
             lead, status, n)
        )  # fmt: skip
        rows, current = seat_rows(
            rng,
            body_id,
            holders,
            size=size,
            since=established,
            today=today,
            until=until,
            chairs=by_organisation.get(lead),
            include=member_user_ids if n == 0 else (),
        )
        seats += rows
        reasons = (
            f"{topic} is a priority of the national social protection policy.",
            "Fits the sector's strategy and investment plan.",
            f"{len(current)} members asked to take part.",
        )
        if status != WorkingGroup.Status.PROPOSED:
            decisions.append(
                (group_id, WorkingGroup.Status.ESTABLISHED, established, *reasons, decider_id,
                 datetime.datetime.combine(established, datetime.time(12), tzinfo=NAIROBI))
            )  # fmt: skip
        if status == WorkingGroup.Status.TERMINATED:
            decisions.append(
                (group_id, WorkingGroup.Status.TERMINATED, terminated,
                 "Its work was taken over by a national group.",
                 "The sector's plan no longer lists the topic.", "Too few members took part.",
                 decider_id,
                 datetime.datetime.combine(terminated, datetime.time(12), tzinfo=NAIROBI))
            )  # fmt: skip
            continue
        # Join requests: a few waiting for the lead, some answered before.
        seated = {row[1] for row in rows}
        candidates = [h.user_id for h in rng.sample(holders, min(len(holders), 8))]
        candidates = [u for u in candidates if u not in seated][: rng.randint(0, 5)]
        chair = next((row[1] for row in rows if row[3] == "chair" and row[5] is None), None)
        for number, user in enumerate(candidates):
            asked = now - datetime.timedelta(days=rng.randint(1, 90), hours=rng.randint(0, 23))
            if number < 3 or chair is None:
                requests.append((group_id, user, rng.choice(MOTIVATIONS), "pending", asked,
                                 None, None, ""))  # fmt: skip
            else:
                answered = min(asked + datetime.timedelta(days=3), now)
                requests.append(
                    (group_id, user, rng.choice(MOTIVATIONS), "declined", asked, chair,
                     answered, "The group is full this year; please ask again in January.")
                )  # fmt: skip
    bulk.copy_rows(
        Body, ("id", "kind", "name", "slug", "county_id", "description", "created_at"), bodies
    )
    bulk.copy_rows(
        WorkingGroup,
        ("id", "body_id", "purpose", "terms_of_reference", "lead_agency_id", "status", "order"),
        groups,
    )
    bulk.copy_rows(Seat, SEAT_COLUMNS, seats)
    bulk.copy_rows(
        StatusDecision,
        ("working_group_id", "status", "decided_on", "relevance", "alignment",
         "stakeholder_interest", "recorded_by_id", "recorded_at"),
        decisions,
    )  # fmt: skip
    bulk.copy_rows(
        JoinRequest,
        ("working_group_id", "user_id", "motivation", "status", "requested_at", "decided_by_id",
         "decided_at", "note"),
        requests,
    )  # fmt: skip
    return len(groups)


def _between(rng, start, end):
    days = (end - start).days
    return start + datetime.timedelta(days=rng.randint(0, max(days, 0)))


def analyse():
    bulk.analyse(WorkingGroup, StatusDecision, JoinRequest)
