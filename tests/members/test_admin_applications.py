"""The admin for membership applications: read-only records, decisions through the services."""

import hashlib
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from members import services
from members.models import (
    ApplicationEvent,
    Invitation,
    MembershipApplication,
    Nomination,
    Organisation,
)
from tests.factories import (
    OrganisationFactory,
    UserFactory,
    admin_login,
    application_under_review,
    focal_person,
    staff_member,
    submitted_application,
)

pytestmark = pytest.mark.django_db

App = MembershipApplication
CHANGELIST = "admin:members_membershipapplication_changelist"
DECIDER_PERMISSIONS = [
    "members.view_membershipapplication",
    "members.change_membershipapplication",
    "members.decide_membershipapplication",
]


@pytest.fixture
def decider():
    """Staff of the administration team with the decide permission (not a superuser)."""
    return staff_member(*DECIDER_PERMISSIONS)


@pytest.fixture
def decider_client(client, decider):
    return admin_login(client, decider)


@pytest.fixture
def viewer_client(client):
    """Staff who may read and correct applications but not decide on them."""
    user = staff_member(
        "members.view_membershipapplication", "members.change_membershipapplication"
    )
    return admin_login(client, user)


def messages_of(response):
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def run_action(client, action, applications, **data):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [a.pk for a in applications], **data},
    )


def change_url(application):
    return reverse("admin:members_membershipapplication_change", args=[application.pk])


def decide_url(application):
    return reverse("admin:members_membershipapplication_decide", args=[application.pk])


def actions(application):
    return list(application.events.values_list("action", flat=True))


# --- Lists and pages -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "model",
    [
        "membershipapplication",
        "nomination",
        "recommendation",
        "applicationevent",
        "applicationdocument",
        "invitation",
    ],
)
def test_application_lists_open(admin_client, model):
    application_under_review()

    assert admin_client.get(reverse(f"admin:members_{model}_changelist")).status_code == 200


@pytest.mark.parametrize("count", [2, 6])
def test_application_list_runs_a_fixed_number_of_queries(
    admin_client, django_assert_num_queries, count
):
    nominator = focal_person().organisation
    for n in range(count):
        application_under_review(name=f"Applicant {n}", nominator=nominator)
    url = reverse(CHANGELIST)

    # 1 session, 2 user, 3 two-factor check (admin_view), 4 filtered count, 5 total count,
    # 6 two-factor check (site context), 7 the page with applicant, nominating member and
    # nomination joined, 8-9 date hierarchy, 10 review rounds for the filter.
    with django_assert_num_queries(10):
        response = admin_client.get(url)
    assert len(response.context["cl"].result_list) == count


@pytest.mark.parametrize("count", [2, 6])
def test_application_history_list_runs_a_fixed_number_of_queries(
    admin_client, django_assert_num_queries, count
):
    nominator = focal_person().organisation
    for n in range(count):
        application_under_review(name=f"Applicant {n}", nominator=nominator)
    url = reverse("admin:members_applicationevent_changelist")

    # 1 session, 2 user, 3 two-factor check (admin_view), 4 filtered count, 5 total count,
    # 6 two-factor check (site context), 7 the page with application, applicant and actor
    # joined, 8-9 date hierarchy.
    with django_assert_num_queries(9):
        response = admin_client.get(url)
    assert len(response.context["cl"].result_list) == count * 3  # created, submitted, endorsed


def resubmission(page):
    """The POST data of an admin change page as it stands: its form and every inline's."""
    data = {}
    for form in [page.context["adminform"].form] + [
        form for inline in page.context["inline_admin_formsets"] for form in inline.formset
    ]:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    return data


def test_application_status_cannot_be_edited(admin_client):
    application = application_under_review()

    page = admin_client.get(change_url(application))
    form = page.context["adminform"].form
    assert "status" not in form.fields
    assert "decided_by" not in form.fields

    data = resubmission(page)
    data.update({"status": App.Status.APPROVED, "organisation_name": "Renamed Relief"})
    response = admin_client.post(change_url(application), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    application.refresh_from_db()
    assert application.organisation_name == "Renamed Relief"
    assert application.status == App.Status.UNDER_REVIEW


def test_documents_link_to_the_permission_checked_download(admin_client):
    application = application_under_review()
    document = application.documents.get()

    html = admin_client.get(change_url(application)).content.decode()

    assert f'href="{document.get_absolute_url()}"' in html
    assert document.file.name not in html


def test_records_kept_by_the_services_cannot_be_added_changed_or_deleted(admin_client):
    application = application_under_review()
    event = application.events.first()

    assert admin_client.get(reverse("admin:members_applicationevent_add")).status_code == 403
    page = admin_client.get(reverse("admin:members_applicationevent_change", args=[event.pk]))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert not page.context["has_delete_permission"]
    refused = admin_client.post(
        reverse("admin:members_applicationevent_change", args=[event.pk]), {"note": "Edited"}
    )
    assert refused.status_code == 403
    event.refresh_from_db()
    assert event.note == ""


def test_invitation_page_never_shows_the_token_hash(admin_client, staff_user):
    organisation = OrganisationFactory()
    invitation = open_invitation(organisation, staff_user)

    html = admin_client.get(
        reverse("admin:members_invitation_change", args=[invitation.pk])
    ).content.decode()

    assert invitation.email in html
    assert invitation.token_hash not in html


# --- Decisions as admin actions --------------------------------------------------------------


def test_decision_action_first_asks_for_the_reason(decider_client):
    application = application_under_review(name="Tana River Relief")

    response = run_action(decider_client, "application_approve", [application])

    assert response.status_code == 200
    assert response.templates[0].name == "admin/core/action_reason.html"
    html = response.content.decode()
    assert "Tana River Relief" in html and 'name="reason"' in html
    assert 'name="effective_on"' not in html
    application.refresh_from_db()
    assert application.status == App.Status.UNDER_REVIEW


def test_approve_action_admits_the_applicant_and_mails_them_and_the_nominator(
    decider_client, decider, mailoutbox, send_on_commit
):
    focal = focal_person().user
    # No colleague among the contacts: approval invites none, so only these two are mailed.
    application = application_under_review(nominator=focal.person.organisation, contacts=())

    with send_on_commit():
        response = run_action(
            decider_client,
            "application_approve",
            [application],
            post="yes",
            reason="Strong programme in arid counties.",
        )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == App.Status.APPROVED
    assert (application.decided_by, application.decision_reason) == (
        decider,
        "Strong programme in arid counties.",
    )
    assert application.organisation.status == Organisation.Status.ACTIVE
    assert actions(application)[-1] == ApplicationEvent.Action.APPROVED
    assert application.events.last().actor == decider
    assert sorted(m.to[0] for m in mailoutbox) == sorted([application.applicant.email, focal.email])
    applicant_mail = next(m for m in mailoutbox if m.to == [application.applicant.email])
    assert "Strong programme in arid counties." in applicant_mail.body
    assert messages_of(response) == [("success", "1 application(s) approved.")]


def test_decline_action_records_the_reason_and_mails_the_applicant(
    decider_client, mailoutbox, send_on_commit
):
    application = application_under_review()

    with send_on_commit():
        run_action(
            decider_client,
            "application_decline",
            [application],
            post="yes",
            reason="Outside social protection.",
        )

    application.refresh_from_db()
    assert application.status == App.Status.DECLINED
    assert application.decision_reason == "Outside social protection."
    assert actions(application)[-1] == ApplicationEvent.Action.DECLINED
    assert [m.to for m in mailoutbox] == [[application.applicant.email]]
    assert "Outside social protection." in mailoutbox[0].body


def test_more_information_action_sends_the_question(decider_client, mailoutbox, send_on_commit):
    application = application_under_review()

    with send_on_commit():
        run_action(
            decider_client,
            "application_ask_more_information",
            [application],
            post="yes",
            reason="Which counties does the programme cover?",
        )

    application.refresh_from_db()
    assert application.status == App.Status.MORE_INFORMATION
    assert application.question == "Which counties does the programme cover?"
    assert actions(application)[-1] == ApplicationEvent.Action.MORE_INFORMATION
    assert [m.to for m in mailoutbox] == [[application.applicant.email]]
    assert "Which counties does the programme cover?" in mailoutbox[0].body


def test_waive_action_sends_a_submitted_application_to_review(
    decider_client, decider, mailoutbox, send_on_commit
):
    application = submitted_application()
    reviewer = staff_member("members.review_membershipapplication")

    with send_on_commit():
        run_action(
            decider_client,
            "nomination_waive",
            [application],
            post="yes",
            reason="The nominating member has no focal person.",
        )

    application.refresh_from_db()
    assert application.status == App.Status.UNDER_REVIEW
    nomination = application.nomination
    assert (nomination.status, nomination.responded_by) == (Nomination.Status.WAIVED, decider)
    assert actions(application)[-1] == ApplicationEvent.Action.NOMINATION_WAIVED
    # The reviewers are asked to review (the decider holds no review permission); the
    # applicant is told.
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [reviewer.email, application.applicant.email]
    )


@pytest.mark.parametrize(
    "action",
    [
        "application_approve",
        "application_decline",
        "application_ask_more_information",
        "nomination_waive",
    ],
)
@pytest.mark.parametrize("reason", ["", "  \n "])
def test_decision_action_without_a_reason_shows_the_form_again_and_changes_nothing(
    decider_client, mailoutbox, send_on_commit, action, reason
):
    under_review = application_under_review(name="Alpha")
    submitted = submitted_application(name="Beta")
    events = ApplicationEvent.objects.count()

    with send_on_commit():
        response = run_action(
            decider_client, action, [under_review, submitted], post="yes", reason=reason
        )

    assert response.status_code == 200
    assert "Give the reason. Nothing was changed." in response.content.decode()
    under_review.refresh_from_db()
    submitted.refresh_from_db()
    assert (under_review.status, submitted.status) == (
        App.Status.UNDER_REVIEW,
        App.Status.SUBMITTED,
    )
    assert ApplicationEvent.objects.count() == events
    assert mailoutbox == []


def test_second_decision_on_a_decided_application_is_a_warning(decider_client, decider):
    decided = application_under_review(name="Alpha")
    pending = application_under_review(name="Beta", nominator=focal_person().organisation)
    services.application_decide(
        application=decided, decision="approve", reason="Good.", acting_user=decider
    )

    response = run_action(
        decider_client, "application_decline", [decided, pending], post="yes", reason="No."
    )

    decided.refresh_from_db()
    pending.refresh_from_db()
    assert (decided.status, pending.status) == (App.Status.APPROVED, App.Status.DECLINED)
    assert decided.events.filter(action=ApplicationEvent.Action.DECLINED).count() == 0
    assert messages_of(response) == [
        ("warning", "Alpha: This application was already dealt with: it is now approved."),
        ("success", "1 application(s) declined."),
    ]


def test_waiving_an_application_under_review_is_a_warning(decider_client):
    application = application_under_review(name="Alpha")

    response = run_action(
        decider_client, "nomination_waive", [application], post="yes", reason="No member."
    )

    application.refresh_from_db()
    assert application.nomination.status == Nomination.Status.ENDORSED
    assert messages_of(response) == [
        ("warning", "Alpha: Only an application awaiting its nomination can have it waived.")
    ]


def test_staff_without_the_decide_permission_do_not_get_the_decision_actions(viewer_client):
    application = application_under_review()

    page = viewer_client.get(reverse(CHANGELIST))
    assert page.status_code == 200
    assert page.context["action_form"] is None  # no action at all is left for them

    response = run_action(
        viewer_client, "application_approve", [application], post="yes", reason="Good."
    )
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == App.Status.UNDER_REVIEW
    assert actions(application)[-1] == ApplicationEvent.Action.NOMINATION_ENDORSED


# --- The "Record decision" page --------------------------------------------------------------


def test_change_page_offers_record_decision_to_a_decider_while_under_review(decider_client):
    application = application_under_review()

    html = decider_client.get(change_url(application)).content.decode()

    assert f'href="{decide_url(application)}"' in html
    assert "Record decision" in html
    # "View on site" opens the reviewers' page, not the applicant's.
    assert f'href="{application.get_review_url()}" class="viewsitelink"' in html


def test_change_page_offers_record_decision_for_the_waiver_while_submitted(decider_client):
    application = submitted_application()

    assert decide_url(application) in decider_client.get(change_url(application)).content.decode()
    form = decider_client.get(decide_url(application)).context["adminform"].form
    assert [value for value, _label in form.fields["decision"].choices] == ["waive-nomination"]


def test_change_page_has_no_record_decision_once_decided(decider_client, decider):
    application = application_under_review()
    services.application_decide(
        application=application, decision="decline", reason="No.", acting_user=decider
    )

    html = decider_client.get(change_url(application)).content.decode()

    assert decide_url(application) not in html


def test_change_page_has_no_record_decision_without_the_permission(viewer_client):
    application = application_under_review()

    html = viewer_client.get(change_url(application)).content.decode()

    assert decide_url(application) not in html


def test_staff_without_the_decide_permission_cannot_open_the_decide_page(viewer_client):
    application = application_under_review()

    assert viewer_client.get(decide_url(application)).status_code == 403
    refused = viewer_client.post(
        decide_url(application), {"decision": "approve", "reason": "Good."}
    )
    assert refused.status_code == 403
    application.refresh_from_db()
    assert application.status == App.Status.UNDER_REVIEW


def test_decide_page_for_an_unknown_application_is_not_found(decider_client):
    assert (
        decider_client.get(
            reverse("admin:members_membershipapplication_decide", args=[987654])
        ).status_code
        == 404
    )


def test_decide_page_records_the_decision_through_the_service(
    decider_client, decider, mailoutbox, send_on_commit
):
    application = application_under_review()
    page = decider_client.get(decide_url(application))
    assert page.status_code == 200
    assert [v for v, _label in page.context["adminform"].form.fields["decision"].choices] == [
        "approve",
        "decline",
        "more-information",
    ]

    with send_on_commit():
        response = decider_client.post(
            decide_url(application), {"decision": "decline", "reason": "Not a CoP actor."}
        )

    assert response["Location"] == change_url(application)
    application.refresh_from_db()
    assert (application.status, application.decided_by) == (App.Status.DECLINED, decider)
    assert actions(application)[-1] == ApplicationEvent.Action.DECLINED
    assert [m.to for m in mailoutbox] == [[application.applicant.email]]
    assert messages_of(response) == [
        ("success", "Decision recorded: the application is now declined.")
    ]


def test_decide_page_waives_the_nomination(decider_client):
    application = submitted_application()

    decider_client.post(
        decide_url(application), {"decision": "waive-nomination", "reason": "No member."}
    )

    application.refresh_from_db()
    assert application.status == App.Status.UNDER_REVIEW
    assert application.nomination.status == Nomination.Status.WAIVED


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"decision": "approve", "reason": " "}, "Give the reason. Nothing was changed."),
        ({"reason": "Good."}, "Choose a decision."),
        ({"decision": "waive-nomination", "reason": "Good."}, "Select a valid choice."),
    ],
)
def test_decide_page_refuses_bad_input_and_changes_nothing(decider_client, data, error):
    application = application_under_review()
    events = application.events.count()

    response = decider_client.post(decide_url(application), data)

    assert response.status_code == 200
    assert error in response.content.decode()
    application.refresh_from_db()
    assert application.status == App.Status.UNDER_REVIEW
    assert application.events.count() == events


def test_decide_page_on_a_decided_application_is_a_warning(decider_client, decider):
    application = application_under_review()
    services.application_decide(
        application=application, decision="approve", reason="Good.", acting_user=decider
    )

    response = decider_client.post(
        decide_url(application), {"decision": "decline", "reason": "Changed my mind."}
    )

    assert response["Location"] == change_url(application)
    application.refresh_from_db()
    assert application.status == App.Status.APPROVED
    assert messages_of(response) == [
        ("warning", "No decision can be recorded on this application: it is approved.")
    ]


# --- Invitations ---------------------------------------------------------------------------


def open_invitation(organisation, invited_by, **kwargs):
    # Built directly: the invitation e-mail templates belong to another branch.
    return Invitation.objects.create(
        purpose=Invitation.Purpose.JOIN,
        email=kwargs.pop("email", "colleague@example.org"),
        organisation=organisation,
        invited_by=invited_by,
        token_hash=hashlib.sha256(str(kwargs).encode() + organisation.slug.encode()).hexdigest(),
        expires_at=timezone.now() + timedelta(days=14),
        **kwargs,
    )


def test_withdraw_action_withdraws_open_invitations_and_reports_closed_ones(
    admin_client, staff_user
):
    organisation = OrganisationFactory()
    waiting = open_invitation(organisation, staff_user, email="a@example.org")
    accepted = open_invitation(
        organisation,
        staff_user,
        email="b@example.org",
        accepted_at=timezone.now(),
        accepted_by=UserFactory(),
    )

    response = admin_client.post(
        reverse("admin:members_invitation_changelist"),
        {"action": "invitation_withdraw", "_selected_action": [waiting.pk, accepted.pk]},
    )

    waiting.refresh_from_db()
    accepted.refresh_from_db()
    assert waiting.revoked_at is not None
    assert accepted.revoked_at is None
    assert messages_of(response) == [
        ("warning", f"{accepted}: this invitation is no longer open."),
        ("success", "1 invitation(s) withdrawn."),
    ]


def test_staff_without_the_permission_cannot_withdraw_invitations(client, staff_user):
    admin_login(client, staff_member("members.view_invitation"))
    invitation = open_invitation(OrganisationFactory(), staff_user)

    page = client.get(reverse("admin:members_invitation_changelist"))
    assert page.status_code == 200
    assert page.context["action_form"] is None or "invitation_withdraw" not in {
        name for name, _label in page.context["action_form"].fields["action"].choices
    }
    client.post(
        reverse("admin:members_invitation_changelist"),
        {"action": "invitation_withdraw", "_selected_action": [invitation.pk]},
    )
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
