"""Committee members in the admin (issue 14): a current seat that grants reviewing or deciding
opens the admin without a hand-set ``is_staff``, shows the membership applications and nothing
else, and lets each right do what it grants, through the services; the seat's end ends it."""

import datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from committees.models import Seat
from members import services
from members.models import (
    ApplicationEvent,
    MembershipApplication,
    Nomination,
    Recommendation,
)
from tests.factories import (
    BodyFactory,
    UserFactory,
    admin_login,
    application_under_review,
    member,
    messages_of,
    oversight,
    seat,
    staff_member,
    submitted_application,
)

pytestmark = pytest.mark.django_db

App = MembershipApplication
CHANGELIST = "admin:members_membershipapplication_changelist"
MEETS = Recommendation.Assessment.MEETS
PARTLY = Recommendation.Assessment.PARTLY
NOT_MET = Recommendation.Assessment.DOES_NOT_MEET


def change_url(application):
    return reverse("admin:members_membershipapplication_change", args=[application.pk])


def decide_url(application):
    return reverse("admin:members_membershipapplication_decide", args=[application.pk])


def recommend_url(application):
    return reverse("admin:members_membershipapplication_recommend", args=[application.pk])


def run_action(client, action, applications, **data):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [a.pk for a in applications], **data},
    )


def actions(application):
    return list(application.events.values_list("action", flat=True))


def yesterday():
    return timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture
def chair():
    """The chair of the Oversight Committee: a member, not staff; the seat grants reviewing
    and deciding."""
    return seat(oversight(), role=Seat.Role.CHAIR).user


@pytest.fixture
def chair_client(client, chair):
    return admin_login(client, chair)


@pytest.fixture
def committee_member():
    """An ordinary member of the Oversight Committee: the seat grants reviewing only."""
    return seat(oversight()).user


@pytest.fixture
def reviewer_client(client, committee_member):
    return admin_login(client, committee_member)


RECOMMENDATION = {
    "alignment": MEETS,
    "value_added": PARTLY,
    "credibility": MEETS,
    "scope": NOT_MET,
    "verdict": Recommendation.Verdict.APPROVE,
    "reason": "Strong cash plus work in Kilifi; scope only coastal.",
}


def recommend(application, reviewer, **fields):
    return services.recommendation_record(
        application=application, reviewer=reviewer, **{**RECOMMENDATION, **fields}
    )


# --- Entering the admin -----------------------------------------------------------------------


def test_oversight_chair_who_is_not_staff_opens_the_index_the_list_and_an_application(
    chair_client, chair
):
    application = application_under_review(name="Tana River Relief")
    assert not chair.is_staff

    assert chair_client.get(reverse("admin:index")).status_code == 200
    listing = chair_client.get(reverse(CHANGELIST))
    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [application]
    page = chair_client.get(change_url(application))
    assert page.status_code == 200
    assert "Tana River Relief" in page.content.decode()


def test_the_admin_login_sends_a_seat_holder_with_two_factor_to_the_index(chair_client):
    response = chair_client.get(reverse("admin:login"))

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_seat_holder_without_two_factor_is_sent_to_set_it_up(client, chair):
    application = application_under_review()
    client.force_login(chair, second_factor=False)

    index = client.get(reverse("admin:index"))
    assert index.status_code == 302
    login = client.get(index["Location"])
    assert login.status_code == 302
    assert login["Location"] == reverse("mfa_activate_totp")
    assert client.get(reverse(CHANGELIST)).status_code == 302
    assert client.get(change_url(application)).status_code == 302


def test_seat_that_ended_yesterday_gives_nothing(client, mailoutbox):
    former = seat(
        oversight(),
        role=Seat.Role.CHAIR,
        starts_on=timezone.localdate() - datetime.timedelta(days=400),
        ends_on=yesterday(),
    ).user
    application = application_under_review()
    admin_login(client, former)
    events = application.events.count()
    mailoutbox.clear()

    assert client.get(reverse("admin:login")).status_code == 403
    assert client.get(reverse("admin:index")).status_code == 302
    assert client.get(reverse(CHANGELIST)).status_code == 302
    assert client.get(change_url(application)).status_code == 302
    assert client.get(decide_url(application)).status_code == 302
    response = run_action(client, "application_approve", [application], post="yes", reason="Good.")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    application.refresh_from_db()
    assert application.status == App.Status.UNDER_REVIEW
    assert application.events.count() == events
    assert mailoutbox == []


def test_seat_ending_today_still_counts_today(client):
    holder = seat(oversight(), role=Seat.Role.CHAIR, ends_on=timezone.localdate()).user
    admin_login(client, holder)

    assert client.get(reverse(CHANGELIST)).status_code == 200


def test_plain_member_without_a_seat_gets_nothing(client):
    application = application_under_review()
    admin_login(client, member())

    assert client.get(reverse("admin:login")).status_code == 403
    assert client.get(reverse("admin:index")).status_code == 302
    assert client.get(reverse(CHANGELIST)).status_code == 302
    assert client.get(change_url(application)).status_code == 302


def test_chair_of_a_body_that_grants_no_right_gets_nothing(client):
    """A working group's chair convenes its meetings; the seat gives no right here."""
    lead = seat(BodyFactory(), role=Seat.Role.CHAIR).user
    admin_login(client, lead)

    assert client.get(reverse("admin:login")).status_code == 403
    assert client.get(reverse("admin:index")).status_code == 302


# --- Only the applications ----------------------------------------------------------------------


def test_index_shows_the_seat_holder_only_the_applications(chair_client):
    index = chair_client.get(reverse("admin:index"))

    assert [
        (app["app_label"], [model["object_name"] for model in app["models"]])
        for app in index.context["app_list"]
    ] == [("members", ["MembershipApplication"])]
    members_page = chair_client.get(reverse("admin:app_list", args=["members"]))
    assert members_page.status_code == 200
    assert [m["object_name"] for m in members_page.context["app_list"][0]["models"]] == [
        "MembershipApplication"
    ]


def test_seat_holder_is_refused_every_other_admin(chair_client):
    open_to_them = []
    for model in admin.site._registry:
        if model is MembershipApplication:
            continue
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        status = chair_client.get(url).status_code
        if status not in (302, 403):
            open_to_them.append((url, status))
    apps = {model._meta.app_label for model in admin.site._registry} - {"members"}
    for app_label in sorted(apps):
        url = reverse("admin:app_list", args=[app_label])
        status = chair_client.get(url).status_code
        if status != 404:
            open_to_them.append((url, status))

    assert open_to_them == []


# --- Reading an application ---------------------------------------------------------------------


def test_seat_holder_reads_the_application_with_all_it_carries_read_only(
    reviewer_client, committee_member
):
    application = application_under_review(name="Tana River Relief")
    colleague = seat(oversight()).user
    recommend(application, colleague, reason="Reaches pastoralists in Garissa.")
    document = application.documents.get()

    page = reviewer_client.get(change_url(application))

    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    html = page.content.decode()
    for text in (
        "baraka@pwani.example",  # a contact
        "Coastal cash plus",  # a programme
        "We work with them in Kilifi.",  # the nomination
        "Reaches pastoralists in Garissa.",  # a recommendation
    ):
        assert text in html
    assert f'href="{document.get_absolute_url()}"' in html
    assert document.file.name not in html
    inlines = {
        type(inline.opts).__name__: inline for inline in page.context["inline_admin_formsets"]
    }
    assert set(inlines) >= {
        "ApplicationContactInline",
        "ApplicationProgrammeInline",
        "ApplicationDocumentInline",
        "NominationInline",
        "RecommendationInline",
    }
    for inline in inlines.values():
        assert not inline.has_change_permission and not inline.has_add_permission
    assert reviewer_client.get(document.get_absolute_url()).status_code == 200


def test_seat_holder_cannot_change_what_the_applicant_wrote(reviewer_client):
    application = application_under_review(name="Tana River Relief")

    refused = reviewer_client.post(change_url(application), {"organisation_name": "Renamed"})

    assert refused.status_code == 403
    application.refresh_from_db()
    assert application.organisation_name == "Tana River Relief"


# --- Deciding -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "action",
    [
        "application_approve",
        "application_decline",
        "application_ask_more_information",
        "nomination_waive",
    ],
)
def test_committee_member_cannot_decide(reviewer_client, mailoutbox, send_on_commit, action):
    under_review = application_under_review(name="Alpha")
    submitted = submitted_application(name="Beta")
    events = ApplicationEvent.objects.count()
    mailoutbox.clear()

    page = reviewer_client.get(reverse(CHANGELIST))
    assert page.context["action_form"] is None
    with send_on_commit():
        run_action(reviewer_client, action, [under_review, submitted], post="yes", reason="Yes.")

    under_review.refresh_from_db()
    submitted.refresh_from_db()
    assert (under_review.status, submitted.status) == (
        App.Status.UNDER_REVIEW,
        App.Status.SUBMITTED,
    )
    assert ApplicationEvent.objects.count() == events
    assert mailoutbox == []


def test_committee_member_cannot_open_the_decide_page(reviewer_client):
    application = application_under_review()

    assert reviewer_client.get(decide_url(application)).status_code == 403
    refused = reviewer_client.post(
        decide_url(application), {"decision": "approve", "reason": "Good."}
    )
    assert refused.status_code == 403
    application.refresh_from_db()
    assert application.status == App.Status.UNDER_REVIEW


def test_chair_approves_with_a_reason(chair_client, chair, mailoutbox, send_on_commit):
    application = application_under_review(contacts=())
    mailoutbox.clear()
    asked = run_action(chair_client, "application_approve", [application])
    assert asked.status_code == 200
    assert 'name="reason"' in asked.content.decode()

    with send_on_commit():
        response = run_action(
            chair_client,
            "application_approve",
            [application],
            post="yes",
            reason="Strong programme in arid counties.",
        )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == App.Status.APPROVED
    assert (application.decided_by, application.decision_reason) == (
        chair,
        "Strong programme in arid counties.",
    )
    event = application.events.last()
    assert (event.action, event.actor, event.note) == (
        ApplicationEvent.Action.APPROVED,
        chair,
        "Strong programme in arid counties.",
    )
    to_applicant = [m for m in mailoutbox if m.to == [application.applicant.email]]
    assert len(to_applicant) == 1
    assert "Strong programme in arid counties." in to_applicant[0].body
    assert messages_of(response) == [("success", "1 application(s) approved.")]


@pytest.mark.parametrize(
    ("action", "status", "event"),
    [
        ("application_decline", App.Status.DECLINED, ApplicationEvent.Action.DECLINED),
        (
            "application_ask_more_information",
            App.Status.MORE_INFORMATION,
            ApplicationEvent.Action.MORE_INFORMATION,
        ),
    ],
)
def test_chair_declines_or_asks_for_more_information(
    chair_client, chair, mailoutbox, send_on_commit, action, status, event
):
    application = application_under_review()
    mailoutbox.clear()

    with send_on_commit():
        run_action(chair_client, action, [application], post="yes", reason="Which counties?")

    application.refresh_from_db()
    assert application.status == status
    assert (application.events.last().action, application.events.last().actor) == (event, chair)
    assert [m.to for m in mailoutbox] == [[application.applicant.email]]
    assert "Which counties?" in mailoutbox[0].body


def test_chair_waives_a_nomination(chair_client, chair):
    application = submitted_application()

    run_action(chair_client, "nomination_waive", [application], post="yes", reason="No member.")

    application.refresh_from_db()
    assert application.status == App.Status.UNDER_REVIEW
    assert (application.nomination.status, application.nomination.responded_by) == (
        Nomination.Status.WAIVED,
        chair,
    )
    assert actions(application)[-1] == ApplicationEvent.Action.NOMINATION_WAIVED


def test_chair_records_a_decision_on_the_decide_page(chair_client, chair):
    application = application_under_review()
    html = chair_client.get(change_url(application)).content.decode()
    assert f'href="{decide_url(application)}"' in html
    assert chair_client.get(decide_url(application)).status_code == 200

    chair_client.post(
        decide_url(application), {"decision": "decline", "reason": "Not a CoP actor."}
    )

    application.refresh_from_db()
    assert (application.status, application.decided_by) == (App.Status.DECLINED, chair)


# --- Recommending -------------------------------------------------------------------------------


def test_committee_member_records_a_recommendation_through_the_service(
    reviewer_client, committee_member
):
    application = application_under_review()
    html = reviewer_client.get(change_url(application)).content.decode()
    assert f'href="{recommend_url(application)}"' in html
    assert decide_url(application) not in html
    assert reviewer_client.get(recommend_url(application)).status_code == 200

    response = reviewer_client.post(recommend_url(application), RECOMMENDATION)

    assert response.status_code == 302
    assert response["Location"] == change_url(application)
    recommendation = Recommendation.objects.get(application=application)
    assert (recommendation.reviewer, recommendation.review_round) == (committee_member, 1)
    assert (recommendation.alignment, recommendation.scope, recommendation.verdict) == (
        MEETS,
        NOT_MET,
        Recommendation.Verdict.APPROVE,
    )
    event = application.events.last()
    assert (event.action, event.actor, event.visible_to_applicant) == (
        ApplicationEvent.Action.RECOMMENDED,
        committee_member,
        False,
    )
    assert messages_of(response) == [("success", "Your recommendation is recorded.")]


def test_a_second_recommendation_in_the_round_replaces_the_first(reviewer_client, committee_member):
    application = application_under_review()
    recommend(application, committee_member)
    page = reviewer_client.get(recommend_url(application))
    assert page.context["adminform"].form["scope"].value() == NOT_MET

    reviewer_client.post(
        recommend_url(application), {**RECOMMENDATION, "scope": MEETS, "reason": "Checked."}
    )

    recommendation = Recommendation.objects.get(application=application)
    assert (recommendation.scope, recommendation.reason) == (MEETS, "Checked.")


def test_recommendation_without_a_reason_or_criterion_is_refused_and_nothing_recorded(
    reviewer_client,
):
    application = application_under_review()
    events = application.events.count()

    response = reviewer_client.post(
        recommend_url(application), {**RECOMMENDATION, "reason": "", "alignment": ""}
    )

    assert response.status_code == 200
    assert response.context["errors"].keys() >= {"reason", "alignment"}
    assert not Recommendation.objects.exists()
    assert application.events.count() == events


def test_recommendation_on_an_application_not_under_review_is_a_warning(reviewer_client):
    application = submitted_application()

    response = reviewer_client.post(recommend_url(application), RECOMMENDATION)

    assert response["Location"] == change_url(application)
    assert not Recommendation.objects.exists()
    assert messages_of(response) == [
        (
            "warning",
            "No recommendation can be recorded on this application: it is awaiting nomination.",
        )
    ]


def test_nobody_recommends_on_their_own_application(client):
    applicant = UserFactory()
    application = application_under_review(applicant=applicant)
    seat(oversight(), applicant)
    admin_login(client, applicant)

    response = client.post(recommend_url(application), RECOMMENDATION)

    assert response["Location"] == change_url(application)
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize(
    "permissions",
    [
        ["members.view_membershipapplication", "members.change_membershipapplication"],
        ["members.view_membershipapplication", "members.decide_membershipapplication"],
    ],
)
def test_staff_without_the_review_right_cannot_recommend(client, permissions):
    application = application_under_review()
    admin_login(client, staff_member(*permissions))

    assert recommend_url(application) not in client.get(change_url(application)).content.decode()
    assert client.get(recommend_url(application)).status_code == 403
    assert client.post(recommend_url(application), RECOMMENDATION).status_code == 403
    assert not Recommendation.objects.exists()


# --- The collective recommendation ------------------------------------------------------------


def test_change_page_tallies_the_current_rounds_recommendations(chair_client, chair):
    application = application_under_review()
    first, second, third = (seat(oversight()).user for _n in range(3))
    # Round 1: one recommendation, then the committee asks a question and the applicant answers.
    recommend(application, first, alignment=NOT_MET, verdict=Recommendation.Verdict.DECLINE)
    services.application_decide(
        application=application,
        decision=services.Decision.MORE_INFORMATION,
        reason="Which counties?",
        acting_user=chair,
    )
    application.refresh_from_db()
    services.application_submit(
        application=application, acting_user=application.applicant, answer="Kilifi and Kwale."
    )
    application.refresh_from_db()
    # Round 2: three reviewers.
    recommend(application, first)
    recommend(application, second, alignment=PARTLY, scope=MEETS)
    recommend(
        application,
        third,
        alignment=NOT_MET,
        value_added=NOT_MET,
        credibility=PARTLY,
        scope=MEETS,
        verdict=Recommendation.Verdict.MORE_INFORMATION,
    )

    page = chair_client.get(change_url(application))

    tally = page.context["tally"]
    assert (tally["round"], tally["reviewers"]) == (2, 3)
    assert [str(label) for label in tally["assessments"]] == [
        "Meets",
        "Partly meets",
        "Does not meet",
    ]
    assert [(str(label), counts) for label, counts in tally["criteria"]] == [
        ("alignment with the CoP's objectives", [1, 1, 1]),
        ("value added", [0, 2, 1]),
        ("credibility", [2, 1, 0]),
        ("geographic or strategic scope", [2, 0, 1]),
    ]
    assert [(str(label), count) for label, count in tally["verdicts"]] == [
        ("Approve", 2),
        ("Decline", 0),
        ("More information needed", 1),
    ]
    html = page.content.decode()
    assert "Recommendations in review round 2" in html
    assert "3 reviewers have recorded a recommendation." in html
    assert '<th scope="row">Value added</th><td>0</td><td>2</td><td>1</td>' in html
    # Read-only: the tally is text, not a form.
    assert 'name="alignment"' not in html


def test_change_page_says_when_no_reviewer_has_recommended_yet(reviewer_client):
    application = application_under_review()

    html = reviewer_client.get(change_url(application)).content.decode()

    assert "No reviewer has recorded a recommendation in this round yet." in html


def test_decide_page_shows_the_tally_to_the_decider(chair_client):
    application = application_under_review()
    recommend(application, seat(oversight()).user)

    html = chair_client.get(decide_url(application)).content.decode()

    assert "Recommendations in review round 1" in html
    assert "1 reviewer has recorded a recommendation." in html


def test_change_page_work_does_not_grow_with_the_reviewers(chair_client):
    def queries_with(reviewers):
        application = application_under_review(name=f"Applicant {reviewers}")
        for _n in range(reviewers):
            recommend(application, seat(oversight()).user)
        with CaptureQueriesContext(connection) as queries:
            assert chair_client.get(change_url(application)).status_code == 200
        return len(queries)

    assert queries_with(1) == queries_with(4)
