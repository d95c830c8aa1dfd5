"""seed_demo's bodies, seats, working groups and meetings."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from committees import selectors
from committees.models import (
    ActionItem,
    ActionNote,
    Body,
    Meeting,
    Registration,
    Seat,
)
from demo import committees as committees_demo
from demo import twg as twg_demo
from members import selectors as member_selectors
from members.models import Organisation
from tests.demo.counts import counts
from twg.models import WorkingGroup

pytestmark = pytest.mark.django_db
TOPICS = {
    "Policy and System Strengthening",
    "Financing and Sustainability",
    "Shock-Responsive Social Protection",
    "Complementary Standards",
    "Monitoring, Evaluation and Knowledge Management",
    "Communication and Advocacy",
}


def user(email):
    return get_user_model().objects.get(email=email)


def test_the_counts():
    c = counts()
    assert c["Body"] == 10  # four committees and six working groups
    assert c["WorkingGroup"] == c["StatusDecision"] == 6
    assert c["Meeting"] >= 40
    assert c["Resolution"] >= 5 and c["ActionItem"] >= 8


def test_one_body_of_each_committee_kind():
    kinds = sorted(Body.objects.committees().values_list("kind", flat=True))
    assert kinds == sorted(
        [Body.Kind.STEERING, Body.Kind.OVERSIGHT, Body.Kind.COUNTY, Body.Kind.ADMINISTRATION]
    )
    assert Body.objects.get(kind=Body.Kind.COUNTY).county.name == "Turkana"
    assert Seat.objects.filter(body__kind=Body.Kind.STEERING).count() >= 3


def test_the_oversight_committee_has_eleven_seats_covering_the_three_pillars():
    oversight = selectors.oversight_committee()
    seats = selectors.current_seats(oversight)

    assert len(seats) == 11
    low, high = Body.OVERSIGHT_SEATS
    assert low <= len(seats) <= high
    pillars = set(
        Organisation.objects.filter(seats__in=seats).values_list("pillars__slug", flat=True)
    )
    assert pillars == {"social-assistance", "social-security", "health-insurance"}
    [chair] = [s for s in seats if s.role == Seat.Role.CHAIR]
    assert chair.organisation.acronym == "NSPS"
    assert {s.user.email for s in seats} >= {"committee@demo.cop.ke", "director@demo.cop.ke"}


def test_seats_give_the_demo_accounts_their_rights():
    committee = user("committee@demo.cop.ke")
    assert member_selectors.can_review(committee) and not member_selectors.can_decide(committee)
    assert member_selectors.can_decide(user("director@demo.cop.ke"))
    admin = user("admin@demo.cop.ke")
    assert member_selectors.can_decide(admin)
    assert selectors.holds_seat(admin, Body.objects.get(kind=Body.Kind.ADMINISTRATION))


def test_each_topic_is_an_established_working_group_with_a_government_lead():
    groups = WorkingGroup.objects.select_related("body", "lead_agency")

    assert {g.name for g in groups} == TOPICS
    for group in groups:
        assert group.status == WorkingGroup.Status.ESTABLISHED, group
        assert group.lead_agency.category == Organisation.Category.GOVERNMENT, group
        decision = group.decisions.get()
        assert decision.status == WorkingGroup.Status.ESTABLISHED
        assert decision.relevance and decision.alignment and decision.stakeholder_interest
        chairs = Seat.objects.current().filter(body=group.body, role=Seat.Role.CHAIR)
        assert chairs.count() == 1, group
        assert Seat.objects.filter(body=group.body).count() >= 2, group


def test_twglead_chairs_a_working_group_and_convenes_it():
    lead = user("twglead@demo.cop.ke")
    seat = Seat.objects.get(user=lead, role=Seat.Role.CHAIR)

    assert seat.body.kind == Body.Kind.WORKING_GROUP
    assert selectors.can_convene(lead, seat.body)
    assert not selectors.can_convene(user("member@demo.cop.ke"), seat.body)


def test_a_year_of_meetings_of_every_kind():
    meetings = Meeting.objects.all()
    kinds = set(meetings.values_list("kind", flat=True))
    assert {"roundtable", "twg", "webinar", "brown-bag", "committee"} <= kinds
    assert meetings.filter(kind=Meeting.Kind.ROUNDTABLE).count() == 4
    now = timezone.now()
    assert meetings.filter(starts_at__lt=now).exists() and meetings.filter(starts_at__gt=now)
    span = meetings.last().starts_at - meetings.first().starts_at
    assert 300 <= span.days <= 370
    assert meetings.filter(status=Meeting.Status.CANCELLED).exists()


def test_two_working_groups_meet_monthly_as_a_series():
    series = (
        Meeting.objects.filter(series__isnull=False)
        .order_by()
        .values_list("series", "body__slug")
        .distinct()
    )
    assert sorted(slug for _, slug in series) == ["mekm", "shock-responsive"]
    for uid, _slug in series:
        assert Meeting.objects.filter(series=uid).count() == 12


def test_past_meetings_are_held_with_minutes_and_attendance():
    past = Meeting.objects.filter(ends_at__lt=timezone.now()).exclude(
        status=Meeting.Status.CANCELLED
    )

    assert not past.exclude(status=Meeting.Status.HELD).exists()
    assert not Meeting.objects.filter(
        ends_at__gt=timezone.now(), status=Meeting.Status.HELD
    ).exists()
    assert past.exclude(minutes="").exists()
    assert Registration.objects.filter(meeting__in=past, attended=True).exists()
    assert Registration.objects.filter(meeting__in=past, attended=False).exists()


def test_webinars_have_recordings_and_brown_bags_none():
    held = Meeting.objects.filter(status=Meeting.Status.HELD)

    webinars = held.filter(kind=Meeting.Kind.WEBINAR)
    assert webinars.exists() and not webinars.filter(recording_url="").exists()
    assert not Meeting.objects.filter(kind=Meeting.Kind.BROWN_BAG).exclude(recording_url="")
    assert not Meeting.objects.filter(status=Meeting.Status.SCHEDULED).exclude(recording_url="")


def test_action_items_some_overdue_some_done():
    actions = ActionItem.objects.all()

    assert actions.overdue().exists()
    assert actions.filter(status=ActionItem.Status.DONE).exists()
    assert actions.filter(status=ActionItem.Status.IN_PROGRESS).exists()
    assert actions.filter(owner_organisation__isnull=False).exists()
    assert actions.filter(owner_user__isnull=False).exists()
    assert ActionNote.objects.exists()
    assert not actions.filter(resolution__isnull=True).exists()


def test_visibility_of_demo_meetings_follows_the_seats():
    member = user("member@demo.cop.ke")
    visible = selectors.meetings_visible_to(member)

    assert visible.filter(body__slug="shock-responsive", audience=Meeting.Audience.BODY).exists()
    assert not visible.filter(body__kind=Body.Kind.OVERSIGHT).exists()
    assert selectors.meetings_visible_to(user("committee@demo.cop.ke")).filter(
        body__kind=Body.Kind.OVERSIGHT
    )


def test_seat_holders_are_members():
    for spec in committees_demo.seat_holder_accounts():
        assert member_selectors.can_use_member_features(user(spec["email"])), spec["email"]
    assert len(twg_demo.WORKING_GROUPS) == 6
