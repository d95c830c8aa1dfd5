"""The start page: where signing in lands, with a card for each kind of work a person's roles
give them, and nothing of what they may not do."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from accounts.roles import CONTENT_COORDINATORS
from committees.models import Registration
from members import services as member_services
from repository.models import Document
from tests.factories import (
    DAY,
    PASSWORD,
    UserFactory,
    action_item,
    application_under_review,
    convener,
    coordinator,
    decider,
    document,
    draft_application,
    focal_person,
    grant,
    make_invitation,
    meeting,
    member,
    past_meeting,
    register,
    reviewer,
    seat,
    submission,
    submitted_application,
    working_group,
)
from twg import services as twg_services

pytestmark = pytest.mark.django_db

START = "/start/"
YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)
RECOMMENDATION = {
    "verdict": "approve",
    "alignment": "meets",
    "value_added": "meets",
    "credibility": "meets",
    "scope": "meets",
    "reason": "Strong county presence.",
}


def cards_of(response):
    """Each card on the page: its key, its count (or None) and its links."""
    html = response.content.decode()
    found = {}
    pattern = r'<li class="start-card" data-card="([^"]+)">(.*?)\n  </li>'
    for key, body in re.findall(pattern, html, re.S):
        count = re.search(r'class="start-card__count"[^>]*>(\d+)<', body)
        found.setdefault(key, []).append(
            {
                "count": int(count.group(1)) if count else None,
                "links": re.findall(r'href="([^"]+)"', body),
                "text": re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)),
            }
        )
    return found


def card(response, key):
    (only,) = cards_of(response)[key]
    return only


def start_of(client, user):
    client.force_login(user)
    response = client.get(START)
    assert response.status_code == 200
    return response


def pending_join_request(group, user=None):
    return twg_services.join_request_create(working_group=group, user=user or member())


def pending_public_document():
    return document(
        visibility=Document.Visibility.PUBLIC, public_status=Document.PublicStatus.PENDING
    )


# --- Where signing in lands -------------------------------------------------------------


def test_signing_in_lands_on_the_start_page(client):
    user = UserFactory(password=PASSWORD)

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == START


def test_a_next_parameter_still_wins_over_the_start_page(client):
    user = UserFactory(password=PASSWORD)

    response = client.post(
        reverse("account_login") + "?next=/documents/",
        {"login": user.email, "password": PASSWORD},
    )

    assert response["Location"] == "/documents/"


def test_a_visitor_is_asked_to_sign_in(client):
    response = client.get(START)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=/start/" in response["Location"]


def test_the_main_menu_links_the_start_page_for_signed_in_people_only(client):
    assert 'href="/start/"' not in client.get(reverse("privacy")).content.decode()

    client.force_login(member())

    assert 'href="/start/"' in client.get(reverse("privacy")).content.decode()


# --- Nothing to do ----------------------------------------------------------------------


def test_a_person_with_nothing_to_do_gets_a_short_page_with_the_links(client):
    response = start_of(client, member())

    page = response.content.decode()
    assert cards_of(response) == {}
    assert "Nothing waits for you" in page
    assert f'href="{reverse("repository:list")}"' in page
    assert f'href="{reverse("calendar:events")}"' in page
    assert f'href="{reverse("members:join")}"' not in page  # already a member


def test_someone_signed_in_who_is_not_a_member_is_pointed_to_joining(client):
    page = start_of(client, UserFactory()).content.decode()

    assert "Nothing waits for you" in page
    assert f'href="{reverse("members:join")}"' in page


# --- Each role's card -------------------------------------------------------------------


def test_a_reviewer_sees_the_applications_waiting_for_their_recommendation(client):
    user = reviewer()
    first, _second, _third = (application_under_review() for _ in range(3))
    member_services.recommendation_record(application=first, reviewer=user, **RECOMMENDATION)
    submitted_application()  # awaiting its nomination: not the reviewers' yet

    response = start_of(client, user)

    review = card(response, "review")
    assert review["count"] == 2
    assert review["links"] == [reverse("members:review_queue")]
    assert "2 membership applications wait for your recommendation." in review["text"]
    assert "decide" not in cards_of(response)


def test_a_decider_sees_the_applications_under_review_to_decide(client):
    user = decider()
    for _ in range(2):
        application_under_review()

    response = start_of(client, user)

    decide = card(response, "decide")
    assert decide["count"] == 2
    assert decide["links"] == [reverse("members:review_queue")]


def test_a_coordinator_sees_submissions_to_moderate_and_documents_to_approve(client):
    user = coordinator()
    for _ in range(2):
        submission()
    for _ in range(3):
        pending_public_document()
    document(visibility=Document.Visibility.PUBLIC)  # approved already

    response = start_of(client, user)

    moderation = card(response, "moderation")
    assert moderation["count"] == 2
    assert moderation["links"] == [reverse("bulletin:queue")]
    approvals = card(response, "approvals")
    assert approvals["count"] == 3
    assert approvals["links"] == [reverse("repository:queue")]


def test_a_coordinator_sees_the_actions_to_follow_up_with_the_overdue_counted(client):
    user = coordinator()
    held = past_meeting(None)
    action_item(held, due_on=YESTERDAY)
    action_item(held)

    follow_up = card(start_of(client, user), "follow-up")

    assert follow_up["count"] == 2
    assert "1 of them overdue" in follow_up["text"]
    assert follow_up["links"] == [reverse("committees:actions")]


def test_a_working_group_lead_sees_the_join_requests_of_their_group(client):
    group = working_group(name="Financing TWG")
    lead = convener(group.body)
    pending_join_request(group)
    pending_join_request(group)
    pending_join_request(working_group())  # another group's

    requests = card(start_of(client, lead), "join-requests")

    assert requests["count"] == 2
    assert "Financing TWG" in requests["text"]
    assert requests["links"] == [reverse("twg:requests", kwargs={"slug": group.body.slug})]


def test_a_focal_person_sees_the_nominations_to_answer_and_open_invitations(client):
    focal = focal_person()
    organisation = focal.organisation
    submitted_application(nominator=organisation)
    application_under_review(nominator=organisation)  # answered already
    make_invitation(organisation=organisation, token="one", email="a@example.org")
    make_invitation(organisation=organisation, token="two", email="b@example.org")
    make_invitation(token="three")  # another organisation's

    response = start_of(client, focal.user)

    nominations = card(response, "nominations")
    assert nominations["count"] == 1
    assert nominations["links"] == [reverse("members:nominate") + "#nominations"]
    invitations = card(response, "invitations")
    assert invitations["count"] == 2
    assert invitations["links"] == [reverse("members:my_people")]


def test_a_member_sees_their_coming_meeting_and_their_overdue_action(client):
    user = member()
    webinar = meeting(None, title="Financing webinar", starts_in=DAY * 5)
    register(webinar, user)
    register(meeting(None, title="Dropped out"), user, status=Registration.Status.CANCELLED)
    register(past_meeting(None, title="Last month"), user)
    overdue = action_item(past_meeting(None), owner_user=user, due_on=YESTERDAY)
    action_item(past_meeting(None))  # someone else's

    response = start_of(client, user)

    registrations = card(response, "registrations")
    assert registrations["count"] == 1
    assert webinar.get_absolute_url() in registrations["links"]
    assert "Financing webinar" in registrations["text"]
    assert timezone.localtime(webinar.starts_at).strftime("%H:%M") in registrations["text"]
    actions = card(response, "actions")
    assert actions["count"] == 1
    assert "1 of them overdue" in actions["text"]
    assert "Overdue" in actions["text"]
    # A member has no actions page: the card links the action's own.
    assert actions["links"] == [reverse("committees:action", kwargs={"pk": overdue.pk})]


def test_a_member_sees_their_working_groups_with_the_next_meeting(client):
    group = working_group(name="Shock-responsive TWG")
    user = seat(group.body).user
    soon = meeting(group.body, title="Drought planning", starts_in=DAY * 3)
    meeting(group.body, title="Later on", starts_in=DAY * 20)

    groups = card(start_of(client, user), "groups")

    assert groups["count"] == 1
    assert group.get_absolute_url() in groups["links"]
    assert "Drought planning" in groups["text"]
    assert "Later on" not in groups["text"]
    assert soon.title in groups["text"]


def test_an_applicant_sees_their_draft_application(client):
    application = draft_application()

    response = start_of(client, application.applicant)

    mine = card(response, "application")
    assert mine["links"] == [application.get_absolute_url()]
    assert "Draft" in mine["text"]
    assert f'href="{reverse("members:join")}"' not in response.content.decode()


# --- Permission boundaries --------------------------------------------------------------


def test_a_plain_member_sees_none_of_the_reviewers_coordinators_or_leads_cards(client):
    application_under_review()
    submission()
    pending_public_document()
    action_item(past_meeting(None), due_on=YESTERDAY)
    group = working_group()
    convener(group.body)
    user = seat(group.body).user  # a member of the group, not its lead
    pending_join_request(group)

    cards = cards_of(start_of(client, user))

    for key in ["review", "decide", "moderation", "approvals", "follow-up", "join-requests"]:
        assert key not in cards
    assert "actions" not in cards  # the overdue action is not theirs


def test_a_reviewer_does_not_count_their_own_application(client):
    application = application_under_review()
    grant(application.applicant, "members.review_membershipapplication")

    assert "review" not in cards_of(start_of(client, application.applicant))


def test_a_focal_person_of_another_organisation_sees_no_nomination(client):
    submitted_application()

    assert "nominations" not in cards_of(start_of(client, focal_person().user))


def test_a_lead_whose_seat_ended_no_longer_sees_the_requests(client):
    group = working_group()
    lead = seat(
        group.body,
        role="chair",
        starts_on=YESTERDAY - datetime.timedelta(days=60),
        ends_on=YESTERDAY,
    ).user
    pending_join_request(group)

    assert "join-requests" not in cards_of(start_of(client, lead))


# --- Bounded work -----------------------------------------------------------------------


def person_with_every_role(count):
    """A focal person who also coordinates content, reviews and decides, leads ``count``
    working groups, and has ``count`` of every kind of item waiting: applications under
    review, nominations, invitations, submissions, public documents, join requests, coming
    registrations and open actions (overdue ones among them)."""
    focal = focal_person()
    user, organisation = focal.user, focal.organisation
    user.groups.add(Group.objects.get(name=CONTENT_COORDINATORS))
    grant(user, "members.review_membershipapplication", "members.decide_membershipapplication")
    for number in range(count):
        application_under_review()
        submitted_application(nominator=organisation)
        make_invitation(
            organisation=organisation, token=f"token-{number}", email=f"c{number}@example.org"
        )
        submission()
        pending_public_document()
        group = working_group()
        seat(group.body, user, role="chair")
        pending_join_request(group)
        meeting(group.body, starts_in=DAY * (number + 2))
        register(meeting(None, starts_in=DAY * (number + 1)), user)
        action_item(past_meeting(None), owner_user=user, due_on=YESTERDAY)
        action_item(past_meeting(None), owner_organisation=organisation)
    return user


@pytest.mark.parametrize("count", [1, 3])
def test_the_start_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    user = person_with_every_role(count)
    client.force_login(user)

    # 1 session, 2 user; the cards, each after what it needs to know of the user (read once
    # a request and kept on the user): 3 the application in progress; 4 the user's and 5
    # their groups' permissions, 6 applications to review, 7 the review counts (to decide);
    # 8 person, 9 nominations, 10 invitations; 11 staff groups, 12 submissions to moderate,
    # 13 documents to approve; 14 the code of conduct, 15 administration team, 16 seats,
    # 17 actions to follow up (counts); 18 groups with join requests; 19 own actions
    # (counts), 20 the first of them; 21 coming registrations, 22 their count; 23 working
    # groups with their next meeting.
    with django_assert_num_queries(23):
        response = client.get(START)

    cards = cards_of(response)
    assert len(cards["join-requests"]) == count
    for key in ["review", "decide", "nominations", "invitations", "moderation", "approvals"]:
        assert cards[key][0]["count"] == count, key
    assert cards["actions"][0]["count"] == 2 * count
    assert cards["registrations"][0]["count"] == count
    assert cards["groups"][0]["count"] == count
