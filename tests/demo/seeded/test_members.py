import pytest
from django.contrib.auth import get_user_model

from demo import members as members_demo
from demo.management.commands.seed_demo import DEMO_ACCOUNTS, DEMO_PASSWORD, all_demo_accounts
from members import selectors, services
from members.models import (
    ApplicationEvent,
    County,
    Invitation,
    MembershipApplication,
    Nomination,
    Organisation,
    Person,
    ReachFigure,
)

pytestmark = pytest.mark.django_db

App = MembershipApplication
ALL_ACCOUNTS = all_demo_accounts()


def test_the_47_counties_are_reference_data():
    assert County.objects.count() == 47
    assert County.objects.get(code=47).name == "Nairobi"


def test_every_demo_account_can_sign_in(client):
    # The role accounts and one of the applicants (they all share one password hash).
    for spec in [*DEMO_ACCOUNTS, members_demo.DEMO_APPLICANTS[0]]:
        response = client.post(
            "/accounts/login/", {"login": spec["email"], "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, spec["email"]
        client.logout()


def test_every_organisation_of_the_concept_note_is_a_member_with_coverage():
    for name, acronym, _category, pillars, county_names, _description in members_demo.ORGANISATIONS:
        organisation = Organisation.objects.get(name=name)
        assert organisation.is_active, acronym
        assert organisation.description, acronym
        assert set(organisation.pillars.values_list("slug", flat=True)) == set(pillars)
        if county_names is None:
            assert organisation.national_coverage, acronym
        else:
            assert not organisation.national_coverage, acronym
            assert organisation.counties.count() == len(county_names), acronym


def test_an_application_in_each_state_of_the_workflow():
    statuses = set(App.objects.values_list("status", flat=True))
    assert statuses == set(App.Status.values)
    assert App.objects.filter(kind=App.Kind.INDIVIDUAL).exists()
    assert App.objects.filter(kind=App.Kind.TEMPORARY).exists()
    resubmitted = App.objects.get(status=App.Status.UNDER_REVIEW, review_round=2)
    assert resubmitted.events.filter(action=ApplicationEvent.Action.RESUBMITTED).exists()
    recommended = App.objects.filter(
        status=App.Status.UNDER_REVIEW, review_round=1, recommendations__isnull=False
    )
    assert recommended.exists()
    declined = App.objects.get(status=App.Status.DECLINED)
    assert declined.decision_reason and declined.decided_by.email == members_demo.DECIDER


def test_every_demo_applicant_uploaded_a_document_and_is_marked_fictional():
    for application in App.objects.filter(applicant__isnull=False):
        assert application.documents.exists(), application
        marked = application.description or application.justification or application.objective
        assert members_demo.DEMO_NOTE in marked, application


def test_ndma_focal_person_has_a_nomination_to_answer():
    focal = get_user_model().objects.get(email="focal@demo.cop.ke")

    nomination = Nomination.objects.get(status=Nomination.Status.PENDING)

    assert nomination.organisation.acronym == "NDMA"
    assert nomination.application.status == App.Status.SUBMITTED
    application = selectors.application_for_nominator(nomination_pk=nomination.pk, user=focal)
    assert application == nomination.application


def test_demo_applicant_can_answer_the_committees_question():
    applicant = get_user_model().objects.get(email="applicant@demo.cop.ke")

    application = App.objects.get(applicant=applicant)

    assert application.status == App.Status.MORE_INFORMATION
    assert application.question
    assert services.application_missing(application) == []


def test_the_approved_application_made_an_active_organisation_with_its_focal_person():
    application = App.objects.get(status=App.Status.APPROVED, kind=App.Kind.INSTITUTIONAL)

    organisation = application.organisation

    assert organisation.is_active
    assert organisation.name == application.organisation_name
    assert [p.user for p in selectors.focal_people(organisation)] == [application.applicant]
    assert organisation.programmes.exists()
    assert Invitation.objects.open().filter(organisation=organisation).exists()


def test_the_approved_individual_is_an_individual_member():
    application = App.objects.get(kind=App.Kind.INDIVIDUAL)

    assert application.status == App.Status.APPROVED
    assert application.applicant.person.kind == Person.Kind.INDIVIDUAL
    assert selectors.has_member_access(application.applicant)


def test_a_member_nominated_organisation_was_invited_to_apply():
    nomination = Nomination.objects.get(initiated_by_member=True)

    assert nomination.status == Nomination.Status.ENDORSED
    assert nomination.application.applicant is None
    invitation = Invitation.objects.open().get(application=nomination.application)
    assert invitation.purpose == Invitation.Purpose.APPLY


def test_reach_figures_stay_marked_illustrative():
    assert ReachFigure.objects.exists()
    assert not ReachFigure.objects.filter(illustrative=False).exists()
    assert set(ReachFigure.objects.values_list("source", flat=True)) == {
        members_demo.ILLUSTRATIVE_SOURCE
    }


def test_committee_account_reviews_and_administrator_decides(demo):
    User = get_user_model()
    committee = User.objects.get(email=members_demo.REVIEWER)
    admin = User.objects.get(email=members_demo.DECIDER)

    assert committee.has_perm(services.REVIEW_PERMISSION)
    assert not committee.has_perm(services.DECIDE_PERMISSION)
    assert admin.has_perm(services.REVIEW_PERMISSION)
    assert admin.has_perm(services.DECIDE_PERMISSION)
    out = demo.output
    assert f"decided by: {members_demo.DECIDER}\n" in out
    assert members_demo.REVIEWER in out.split("reviewed (recommendations) by:")[1].split("\n")[0]
