"""The reviewers' queue, recommendations and decisions."""

import pytest
from django.core import mail
from django.urls import reverse

from members import services
from members.models import (
    ApplicationEvent,
    Invitation,
    MembershipApplication,
    Organisation,
    OrganisationStatusChange,
    Person,
    Programme,
)
from tests.factories import (
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    application_under_review,
    decider,
    reviewer,
    submitted_application,
)

pytestmark = pytest.mark.django_db
App = MembershipApplication

RECOMMENDATION = {
    "alignment": "meets",
    "value_added": "meets",
    "credibility": "partly",
    "scope": "meets",
    "verdict": "approve",
    "reason": "Strong county presence and audited accounts.",
}


def test_queue_is_refused_to_members_without_the_permission(client):
    client.force_login(PersonFactory().user)
    assert client.get(reverse("members:review_queue")).status_code == 404
    application = application_under_review()
    assert client.get(application.get_review_url()).status_code == 404
    assert (
        client.post(reverse("members:review_decide", args=[application.pk]), {}).status_code == 404
    )


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("members:review_queue"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("count", [2, 12])
def test_queue_runs_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    user = reviewer()
    nominator = PersonFactory(is_focal_person=True).organisation
    for n in range(count):
        application_under_review(name=f"Applicant {n}", nominator=nominator)
    client.force_login(user)
    # session, user, user's permissions (2), the counts per status (also the page count,
    # since issue 7: the list no longer counts its rows again), the page.
    with django_assert_num_queries(6):
        response = client.get(reverse("members:review_queue"))
    assert len(response.context["page"].object_list) == count


def test_queue_tabs_filter_by_status(client):
    review = application_under_review(name="In Review Org")
    waiting = submitted_application(name="Waiting Org")
    person = UserFactory(full_name="Wairimu Individual")
    individual, _ = services.application_start(applicant=person, kind="individual")
    App.objects.filter(pk=individual.pk).update(status=App.Status.UNDER_REVIEW)
    client.force_login(reviewer())
    page = client.get(reverse("members:review_queue")).content.decode()
    assert "In Review Org" in page and "Waiting Org" not in page
    assert "Wairimu Individual" in page  # no nominating member: shown as a dash
    page = client.get(reverse("members:review_queue"), {"status": "submitted"}).content.decode()
    assert "Waiting Org" in page and "In Review Org" not in page
    assert review.pk != waiting.pk


def test_reviewer_reads_the_application_and_records_a_recommendation(client):
    application = application_under_review()
    user = reviewer()
    client.force_login(user)
    page = client.get(application.get_review_url()).content.decode()
    assert "Pwani Cash Alliance" in page
    assert "registration.pdf" in page
    assert "Record the decision" not in page  # reviewing is not deciding

    response = client.post(
        reverse("members:review_recommend", args=[application.pk]), RECOMMENDATION
    )
    assert response.status_code == 302
    recommendation = application.recommendations.get()
    assert recommendation.reviewer == user
    assert recommendation.credibility == "partly"
    event = application.events.get(action=ApplicationEvent.Action.RECOMMENDED)
    assert not event.visible_to_applicant


def test_a_recommendation_needs_every_criterion_and_a_reason(client):
    application = application_under_review()
    client.force_login(reviewer())
    response = client.post(
        reverse("members:review_recommend", args=[application.pk]),
        {**RECOMMENDATION, "credibility": "", "reason": ""},
    )
    assert response.status_code == 200
    assert response.content.decode().count("This field is required.") == 2
    assert not application.recommendations.exists()


def test_a_reviewer_without_decide_permission_cannot_decide(client):
    application = application_under_review()
    client.force_login(reviewer())
    response = client.post(
        reverse("members:review_decide", args=[application.pk]),
        {"decision": "approve", "reason": "Fine"},
    )
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == App.Status.UNDER_REVIEW


def test_approval_admits_the_organisation_and_mails_everyone(client, send_on_commit):
    application = application_under_review()
    nominator_focal = application.nominating_organisation.people.get()
    user = decider()
    client.force_login(user)
    with send_on_commit():
        response = client.post(
            reverse("members:review_decide", args=[application.pk]),
            {"decision": "approve", "reason": "Meets every criterion."},
        )
    assert response.status_code == 302

    application.refresh_from_db()
    assert application.status == App.Status.APPROVED
    assert application.decided_by == user
    organisation = application.organisation
    assert organisation.status == Organisation.Status.ACTIVE
    assert organisation.name == "Pwani Cash Alliance"
    assert organisation.national_coverage
    assert [p.slug for p in organisation.pillars.all()] == ["social-assistance"]
    assert Programme.objects.filter(organisation=organisation, name="Coastal cash plus").exists()
    person = Person.objects.get(user=application.applicant)
    assert person.organisation == organisation and person.is_focal_person
    assert person.has_member_access()

    invitation = Invitation.objects.get()
    assert invitation.email == "baraka@pwani.example"
    assert invitation.organisation == organisation

    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "Welcome" in subjects[application.applicant.email]
    assert "baraka@pwani.example" in subjects
    assert "now a member" in subjects[nominator_focal.user.email]
    assert application.events.filter(action=ApplicationEvent.Action.APPROVED, actor=user).exists()


def test_approval_reactivates_a_former_member(send_on_commit):
    former = OrganisationFactory(name="Pwani Cash Alliance", status=Organisation.Status.TERMINATED)
    application = application_under_review()
    with send_on_commit():
        services.application_decide(
            application=application,
            decision="approve",
            reason="Welcome back",
            acting_user=decider(),
        )
    former.refresh_from_db()
    assert former.status == Organisation.Status.ACTIVE
    assert OrganisationStatusChange.objects.filter(organisation=former, status="active").exists()
    assert Organisation.objects.filter(name__iexact="Pwani Cash Alliance").count() == 1


def test_decline_mails_the_reason(client, send_on_commit):
    application = application_under_review()
    client.force_login(decider())
    with send_on_commit():
        client.post(
            reverse("members:review_decide", args=[application.pk]),
            {"decision": "decline", "reason": "Outside the scope of social protection."},
        )
    application.refresh_from_db()
    assert application.status == App.Status.DECLINED
    assert application.organisation is None
    (message,) = mail.outbox
    assert message.to == [application.applicant.email]
    assert "Outside the scope of social protection." in message.body


def test_a_decision_needs_a_reason_and_a_choice(client):
    application = application_under_review()
    client.force_login(decider())
    response = client.post(
        reverse("members:review_decide", args=[application.pk]), {"decision": "", "reason": ""}
    )
    page = response.content.decode()
    assert "Choose a decision." in page
    assert "Give the reason for the decision." in page
    application.refresh_from_db()
    assert application.status == App.Status.UNDER_REVIEW
    assert not application.events.filter(action__in=["approved", "declined"]).exists()


def test_more_information_then_resubmission_returns_to_review(client, send_on_commit):
    application = application_under_review()
    first_reviewer = reviewer()
    services.recommendation_record(
        application=application, reviewer=first_reviewer, **RECOMMENDATION
    )
    client.force_login(decider())
    with send_on_commit():
        client.post(
            reverse("members:review_decide", args=[application.pk]),
            {"decision": "more-information", "reason": "Which counties do you work in?"},
        )
    application.refresh_from_db()
    assert application.status == App.Status.MORE_INFORMATION
    (question,) = mail.outbox
    assert "Which counties do you work in?" in question.body

    client.force_login(application.applicant)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Which counties do you work in?" in page
    submit = reverse("members:application_submit", args=[application.pk])
    response = client.post(submit, {"answer": ""})
    assert "Answer the committee&#x27;s question before resubmitting." in response.content.decode()
    application.refresh_from_db()
    assert application.status == App.Status.MORE_INFORMATION

    mail.outbox.clear()
    with send_on_commit():
        client.post(submit, {"answer": "Kilifi, Kwale and Mombasa."})
    application.refresh_from_db()
    assert application.status == App.Status.UNDER_REVIEW
    assert application.review_round == 2
    assert application.events.filter(
        action="resubmitted", note="Kilifi, Kwale and Mombasa."
    ).exists()
    assert first_reviewer.email in {m.to[0] for m in mail.outbox if len(m.to) == 1} | {
        to for m in mail.outbox for to in m.to
    }
    # The first round's recommendation stays, and the reviewer may recommend again.
    services.recommendation_record(
        application=application, reviewer=first_reviewer, **RECOMMENDATION
    )
    assert application.recommendations.count() == 2


def test_waiving_the_nomination_sends_an_individual_application_to_review(client, send_on_commit):
    applicant = UserFactory()
    application, _ = services.application_start(applicant=applicant, kind="individual")
    application.justification = "Twenty years designing Kenya's cash transfer programmes."
    application.fit_statement = "I advise counties on social registries."
    application.save()
    from tests.factories import pdf_upload

    services.document_add(
        application=application,
        kind="cv",
        upload=pdf_upload("cv.pdf"),
        content_type="application/pdf",
        acting_user=applicant,
    )
    review = reviewer()
    chair = decider()
    with send_on_commit():
        services.application_submit(application=application, acting_user=applicant)
    application.refresh_from_db()
    assert application.status == App.Status.SUBMITTED
    (waiver_request,) = [m for m in mail.outbox if "No nominating member" in m.subject]
    assert chair.email in waiver_request.to
    assert review.email not in waiver_request.to  # only deciders can waive

    client.force_login(review)
    waive = reverse("members:review_waive", args=[application.pk])
    assert client.post(waive, {"reason": "x"}).status_code == 404  # reviewers do not waive

    client.force_login(decider())
    response = client.post(waive, {"reason": ""})
    assert "Give the reason for the waiver." in response.content.decode()
    client.post(waive, {"reason": "A recognised expert in the sector."})
    application.refresh_from_db()
    assert application.status == App.Status.UNDER_REVIEW
    assert application.nomination.status == "waived"

    services.application_decide(
        application=application, decision="approve", reason="Welcome", acting_user=decider()
    )
    person = Person.objects.get(user=applicant)
    assert person.kind == Person.Kind.INDIVIDUAL and person.organisation is None
    assert person.has_member_access()


def test_temporary_participation_approval_sets_the_end_date():
    import datetime

    applicant = UserFactory()
    application, _ = services.application_start(applicant=applicant, kind="temporary")
    application.objective = "Evaluate the social registry"
    application.starts_on = datetime.date.today()
    application.ends_on = datetime.date.today() + datetime.timedelta(days=90)
    application.fit_statement = "Evaluator"
    application.status = App.Status.UNDER_REVIEW
    application.save()
    services.application_decide(
        application=application,
        decision="approve",
        reason="For the evaluation",
        acting_user=decider(),
    )
    person = Person.objects.get(user=applicant)
    assert person.kind == Person.Kind.TEMPORARY
    assert person.ends_on == application.ends_on
    assert person.has_member_access()
    assert not person.has_member_access(on=application.ends_on + datetime.timedelta(days=1))


def test_a_second_decision_is_told_it_was_already_decided(client):
    application = application_under_review()
    services.application_decide(
        application=application, decision="decline", reason="No", acting_user=decider()
    )
    client.force_login(decider())
    response = client.post(
        reverse("members:review_decide", args=[application.pk]),
        {"decision": "approve", "reason": "Yes"},
        follow=True,
    )
    assert "already dealt with" in response.content.decode()
    application.refresh_from_db()
    assert application.status == App.Status.DECLINED
    assert not Organisation.objects.filter(name="Pwani Cash Alliance").exists()


# --- Integrity of decisions (from review) ----------------------------------------------


def test_approving_a_twin_of_an_active_member_is_refused(client):
    first = application_under_review(name="Coast Org")
    second = application_under_review(name="coast org", applicant=UserFactory())
    services.application_decide(
        application=first, decision="approve", reason="Welcome", acting_user=decider()
    )
    organisation = Organisation.objects.get(name="Coast Org")
    client.force_login(decider())
    response = client.post(
        reverse("members:review_decide", args=[second.pk]),
        {"decision": "approve", "reason": "Welcome too"},
    )
    assert "already an active member" in response.content.decode()
    second.refresh_from_db()
    assert second.status == App.Status.UNDER_REVIEW
    assert not Person.objects.filter(user=second.applicant).exists()
    organisation.refresh_from_db()
    assert list(organisation.people.values_list("user", flat=True)) == [first.applicant_id]


def test_a_readmitted_organisation_comes_back_without_its_former_people():
    former = OrganisationFactory(name="Pwani Cash Alliance", status=Organisation.Status.TERMINATED)
    old_focal = PersonFactory(organisation=former, is_focal_person=True)
    application = application_under_review()
    services.application_decide(
        application=application, decision="approve", reason="Back", acting_user=decider()
    )
    old_focal.refresh_from_db()
    assert old_focal.removed_at is not None
    assert not old_focal.is_focal_person
    assert not old_focal.has_member_access()
    assert Person.objects.get(user=application.applicant).is_focal_person


@pytest.mark.parametrize("action", ["decide", "recommend", "waive"])
def test_nobody_reviews_or_decides_their_own_application(action):
    from django.core.exceptions import PermissionDenied

    chair = decider()
    application = application_under_review(applicant=chair)
    with pytest.raises(PermissionDenied):
        if action == "decide":
            services.application_decide(
                application=application, decision="approve", reason="Me", acting_user=chair
            )
        elif action == "recommend":
            services.recommendation_record(
                application=application, reviewer=chair, **RECOMMENDATION
            )
        else:
            services.nomination_waive(application=application, reason="Me", acting_user=chair)
    application.refresh_from_db()
    assert application.status == App.Status.UNDER_REVIEW


def test_own_application_shows_no_decision_form(client):
    chair = decider()
    application = application_under_review(applicant=chair)
    client.force_login(chair)
    page = client.get(application.get_review_url()).content.decode()
    assert "Record the decision" not in page
    assert "Record my recommendation" not in page
    response = client.post(
        reverse("members:review_decide", args=[application.pk]),
        {"decision": "approve", "reason": "Me"},
    )
    assert response.status_code == 403


def test_an_ended_temporary_period_cannot_be_approved():
    import datetime

    from django.core.exceptions import ValidationError

    applicant = UserFactory()
    application, _ = services.application_start(applicant=applicant, kind="temporary")
    application.starts_on = datetime.date.today() - datetime.timedelta(days=60)
    application.ends_on = datetime.date.today() - datetime.timedelta(days=1)
    application.status = App.Status.UNDER_REVIEW
    application.save()
    with pytest.raises(ValidationError, match="ask for new dates"):
        services.application_decide(
            application=application, decision="approve", reason="Late", acting_user=decider()
        )
    assert not Person.objects.filter(user=applicant).exists()


def test_resubmission_is_possible_after_the_endorsing_member_is_suspended():
    application = application_under_review()
    services.application_decide(
        application=application,
        decision="more-information",
        reason="Which counties?",
        acting_user=decider(),
    )
    Organisation.objects.filter(pk=application.nominating_organisation_id).update(
        status=Organisation.Status.SUSPENDED
    )
    application.refresh_from_db()
    services.application_submit(
        application=application, acting_user=application.applicant, answer="Kilifi."
    )
    application.refresh_from_db()
    assert application.status == App.Status.UNDER_REVIEW
