"""Each indicator on fixture data whose right answer is worked out by hand
(tests/factories/monitoring.py builds 2026 Q2), on an empty quarter, and across a
suspension."""

import pytest

from monitoring import indicators
from monitoring.quarters import Quarter
from tests.factories.monitoring import Q2, quarter_of_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def q2():
    quarter_of_activity()
    return indicators.compute(Q2)["blocks"]


def figures(blocks, block):
    return blocks[block]["figures"]


def test_member_organisations_leave_out_the_suspended_and_the_not_yet_joined(q2):
    # A, B, and C (joined in May); D was suspended on 15 June, E joined in August.
    assert figures(q2, "membership")["member_organisations"] == 3
    assert figures(q2, "membership")["new_organisations"] == 1


def test_people_with_access_count_only_members_of_member_organisations(q2):
    # a1, a2, b1, c1 and the individual member i1: not d1 (suspended), not "late" (July).
    assert figures(q2, "membership")["people"] == 5


def test_active_people_signed_in_attended_posted_or_uploaded(q2):
    # a1 signed in, b1 attended, i1 submitted bulletin items; d1 attended and uploaded but
    # belongs to the suspended organisation; a2 only registered, c1 only waited.
    membership = figures(q2, "membership")
    assert membership["active_people"] == 3
    assert membership["active_people_share"] == 60.0
    assert q2["membership"]["tables"]["activity"] == [
        ["signed-in", 1],
        ["attended", 1],
        ["posted", 1],
        ["uploaded", 0],
    ]


def test_active_organisations_have_one_active_person(q2):
    # A (a1) and B (b1); i1 is an individual member, C had no activity.
    assert figures(q2, "membership")["active_organisations"] == 2
    assert figures(q2, "membership")["active_organisations_share"] == 66.7


def test_member_organisations_by_category_in_the_category_order(q2):
    assert q2["membership"]["tables"]["by_category"] == [
        ["government", 1, 1, 100.0],
        ["national-ngo", 1, 1, 100.0],
        ["academia", 1, 0, 0.0],
    ]


def test_member_organisations_by_pillar(q2):
    # Every factory organisation works on social assistance.
    rows = q2["membership"]["tables"]["by_pillar"]
    assert [row[1:] for row in rows] == [[3, 2, 66.7]]


def test_active_people_per_organisation_names_them(q2):
    assert q2["membership"]["tables"]["active_organisations"] == [
        ["Alpha Relief", 2, 1],
        ["Bureau of Protection", 1, 1],
        ["College of Policy", 1, 0],
    ]


def test_applications_and_median_days_to_decision(q2):
    membership = figures(q2, "membership")
    assert membership["applications_submitted"] == 1
    assert membership["applications_approved"] == 1
    assert membership["applications_declined"] == 1
    # 10 and 34 days.
    assert membership["median_days_to_decision"] == 22.0


def test_meetings_held_by_kind(q2):
    meetings = figures(q2, "meetings")
    assert meetings["meetings_held"] == 2
    assert meetings["meetings_cancelled"] == 1
    assert q2["meetings"]["tables"]["by_kind"] == [
        ["committee", 1, 0, 2],
        ["twg", 1, 0, 0],
        ["webinar", 0, 1, 0],
    ]


def test_attendance_rate_of_confirmed_registrations(q2):
    # M1: b1 and d1 attended, a2 did not; c1 was on the waiting list.
    assert figures(q2, "meetings")["attendances"] == 2
    assert figures(q2, "meetings")["attendance_rate"] == 66.7


def test_attendance_per_organisation_leaves_out_the_suspended(q2):
    assert q2["meetings"]["tables"]["attendance_by_organisation"] == [
        ["Bureau of Protection", 1, 1, 100.0],
        ["Alpha Relief", 1, 0, 0.0],
    ]


def test_action_items_open_overdue_and_done_on_time(q2):
    actions = figures(q2, "actions")
    # Open on 1 July: the one due 30 May (overdue) and the one due 30 September.
    assert actions["actions_open"] == 2
    assert actions["actions_overdue"] == 1
    # Due in the quarter: 20 June (done 18th), 25 June (done 28th), 30 May (open), 30 April
    # (dropped).
    assert actions["actions_due"] == 4
    assert actions["actions_done_on_time"] == 1
    assert actions["actions_done_on_time_share"] == 25.0
    assert q2["actions"]["tables"]["due"] == [
        ["on-time", 1],
        ["late", 1],
        ["dropped", 1],
        ["open", 1],
    ]


def test_working_group_activity(q2):
    assert figures(q2, "working_groups") == {
        "working_groups": 1,
        "working_groups_meeting": 1,
        "twg_meetings_held": 1,
        "twg_documents": 2,
    }
    assert q2["working_groups"]["tables"]["by_working_group"] == [
        ["Shock-responsive social protection", 1, 2, 2, 1]
    ]


def test_documents_shared_made_public_and_the_download_reading(q2):
    documents = figures(q2, "documents")
    assert documents["documents_shared"] == 2
    assert documents["new_versions"] == 1
    assert documents["made_public"] == 1
    assert documents["downloads_reading"] == 10
    # No previous quarter's reading: the quarter's downloads are not known.
    assert documents["downloads"] is None
    assert q2["documents"]["tables"]["by_visibility"] == [["members", 1], ["twg", 1]]


def test_downloads_in_a_quarter_are_the_difference_of_two_readings(db):
    quarter_of_activity()
    blocks = indicators.compute(Q2, readings={"previous": 4})["blocks"]
    assert blocks["documents"]["figures"]["downloads"] == 6


def test_bulletin_submissions_and_subscribers(q2):
    assert figures(q2, "bulletin") == {
        "submissions": 2,
        "submissions_accepted": 1,
        "editions_published": 0,
        # s1 and s3; s2 left on 10 June; s4 came in July.
        "subscribers": 2,
        "new_subscribers": 2,
        "unsubscribes": 1,
    }
    assert q2["bulletin"]["tables"]["submissions_by_kind"] == [["article", 1], ["news", 1]]


def test_an_empty_quarter_counts_nothing_and_divides_by_nothing(db):
    quarter_of_activity()
    blocks = indicators.compute(Quarter(2024, 4))["blocks"]
    membership = blocks["membership"]["figures"]
    assert membership["member_organisations"] == 0
    assert membership["active_people"] == 0
    assert membership["active_people_share"] is None
    assert membership["median_days_to_decision"] is None
    assert blocks["meetings"]["figures"]["attendance_rate"] is None
    assert blocks["actions"]["figures"]["actions_done_on_time_share"] is None
    assert blocks["meetings"]["tables"]["by_kind"] == []


def test_an_organisation_suspended_later_counts_in_the_quarters_before(db):
    quarter_of_activity()
    q1 = indicators.compute(Quarter(2026, 1))["blocks"]["membership"]
    # A, B and D (suspended in June only); C joined in May.
    assert q1["figures"]["member_organisations"] == 3
    assert [row[0] for row in q1["tables"]["active_organisations"]] == [
        "Alpha Relief",
        "Bureau of Protection",
        "Delta Aid",
    ]
