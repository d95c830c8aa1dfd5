"""The applicant's side of the membership workflow, and the nominating member's answer."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members import selectors, services
from members.models import (
    ApplicationDocument,
    ApplicationEvent,
    MembershipApplication,
    Nomination,
    Organisation,
    Pillar,
)
from tests.factories import (
    PDF_BYTES,
    OrganisationFactory,
    UserFactory,
    decider,
    draft_application,
    focal_person,
    image_upload,
    pdf_upload,
    submitted_application,
)

pytestmark = pytest.mark.django_db
App = MembershipApplication


def test_anonymous_visitor_is_asked_to_sign_in_before_applying(client):
    response = client.get(reverse("members:apply"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_starting_an_application_creates_a_draft_with_the_applicant_as_contact(client, user):
    client.force_login(user)
    response = client.post(reverse("members:apply"), {"kind": "institutional"})

    application = App.objects.get(applicant=user)
    assert response["Location"] == reverse("members:application_edit", args=[application.pk])
    assert application.status == App.Status.DRAFT
    assert [c.email for c in application.contacts.all()] == [user.email]
    assert application.events.get().action == ApplicationEvent.Action.CREATED


def test_starting_twice_returns_the_application_in_progress(client, user):
    client.force_login(user)
    client.post(reverse("members:apply"), {"kind": "institutional"})
    client.post(reverse("members:apply"), {"kind": "individual"})
    assert App.objects.filter(applicant=user).count() == 1


def test_start_without_a_kind_says_what_is_missing(client, user):
    client.force_login(user)
    response = client.post(reverse("members:apply"), {})
    assert "Choose the kind of membership." in response.content.decode()
    assert not App.objects.exists()


def edit_payload(application, **overrides):
    contact = application.contacts.first()
    data = {
        "organisation_name": "Tana River Women Cash Network",
        "acronym": "TRWCN",
        "category": "national-ngo",
        "legal_status": "Community-based organisation",
        "registration_number": "CBO/123",
        "pillars": [str(Pillar.objects.first().pk)],
        "counties": [],
        "national_coverage": "on",
        "description": "Supports women receiving cash transfers.",
        "website": "https://trwcn.example.org",
        "fit_statement": "We work with beneficiaries of Inua Jamii.",
        "nominating_organisation": "",
        "contacts-TOTAL_FORMS": "2",
        "contacts-INITIAL_FORMS": "1",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "10",
        "contacts-0-id": str(contact.pk),
        "contacts-0-full_name": contact.full_name,
        "contacts-0-job_title": "Director",
        "contacts-0-email": contact.email,
        "contacts-0-phone": "",
        "contacts-1-full_name": "",
        "contacts-1-job_title": "",
        "contacts-1-email": "",
        "contacts-1-phone": "",
        "programmes-TOTAL_FORMS": "1",
        "programmes-INITIAL_FORMS": "0",
        "programmes-MIN_NUM_FORMS": "0",
        "programmes-MAX_NUM_FORMS": "20",
        "programmes-0-name": "",
        "programmes-0-pillar": "",
        "programmes-0-description": "",
        "programmes-0-start_year": "",
        "programmes-0-url": "",
    }
    data.update(overrides)
    return data


def test_draft_is_saved_even_when_incomplete_and_finished_later(client, user):
    application, _ = services.application_start(applicant=user, kind="institutional")
    client.force_login(user)
    url = reverse("members:application_edit", args=[application.pk])

    payload = edit_payload(application, description="", fit_statement="", pillars=[])
    response = client.post(url, payload)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.organisation_name == "Tana River Women Cash Network"
    assert application.status == App.Status.DRAFT

    detail = client.get(application.get_absolute_url()).content.decode()
    assert "Choose at least one pillar." in detail
    assert "Upload at least one supporting document." in detail

    client.post(
        url,
        edit_payload(
            application,
            **{
                "programmes-0-name": "Mama cash",
                "programmes-0-pillar": str(Pillar.objects.first().pk),
            },
        ),
    )
    assert [p.name for p in application.programmes.all()] == ["Mama cash"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("website", "not a web address", "Enter a valid URL."),
        ("contacts-0-email", "baraka@", "Enter a valid email address."),
        ("category", "spaceship", "Select a valid choice."),
        ("contacts-0-full_name", "", "This field is required."),
    ],
)
def test_invalid_details_are_refused_and_nothing_is_saved(client, user, field, value, message):
    application, _ = services.application_start(applicant=user, kind="institutional")
    client.force_login(user)
    response = client.post(
        reverse("members:application_edit", args=[application.pk]),
        edit_payload(application, **{field: value}),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "nothing was saved" in response.content.decode()
    application.refresh_from_db()
    assert application.organisation_name == ""


def test_the_same_contact_twice_is_refused(client, user):
    application, _ = services.application_start(applicant=user, kind="institutional")
    client.force_login(user)
    response = client.post(
        reverse("members:application_edit", args=[application.pk]),
        edit_payload(
            application,
            **{
                "contacts-1-full_name": "Twin",
                "contacts-1-job_title": "Officer",
                "contacts-1-email": user.email.upper(),
            },
        ),
    )
    assert "This e-mail address is given twice." in response.content.decode()
    assert application.contacts.count() == 1


def test_temporary_participation_period_must_be_ordered_and_at_most_a_year(client, user):
    application, _ = services.application_start(applicant=user, kind="temporary")
    client.force_login(user)
    url = reverse("members:application_edit", args=[application.pk])
    base = {
        "objective": "Study county social registries",
        "fit_statement": "Researcher",
        "nominating_organisation": "",
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "10",
    }
    response = client.post(url, {**base, "starts_on": "2027-03-01", "ends_on": "2027-01-01"})
    assert "The end date must be after the start date." in response.content.decode()
    response = client.post(url, {**base, "starts_on": "2027-01-01", "ends_on": "2028-06-01"})
    assert "Temporary participation lasts at most one year." in response.content.decode()
    application.refresh_from_db()
    assert application.objective == ""


def test_nominating_organisation_must_be_an_active_member(client, user):
    suspended = OrganisationFactory(status=Organisation.Status.SUSPENDED)
    application, _ = services.application_start(applicant=user, kind="institutional")
    client.force_login(user)
    response = client.post(
        reverse("members:application_edit", args=[application.pk]),
        edit_payload(application, nominating_organisation=str(suspended.pk)),
    )
    assert "Select a valid choice." in response.content.decode()
    application.refresh_from_db()
    assert application.nominating_organisation is None


# --- Documents ---------------------------------------------------------------------------


def upload(client, application, file, kind="registration"):
    return client.post(
        reverse("members:application_documents", args=[application.pk]),
        {"kind": kind, "file": file},
    )


@pytest.mark.parametrize(
    "make",
    [lambda: pdf_upload("registration.pdf"), lambda: image_upload("scan.png")],
    ids=["pdf", "png"],
)
def test_pdf_and_images_are_accepted(client, user, make):
    application, _ = services.application_start(applicant=user, kind="institutional")
    client.force_login(user)
    response = upload(client, application, make())
    assert response.status_code == 302
    document = application.documents.get()
    assert document.content_type in {"application/pdf", "image/png"}
    assert document.original_name in {"registration.pdf", "scan.png"}
    assert not document.file.name.endswith(document.original_name)  # stored under a random name


def test_a_renamed_file_of_another_type_is_refused_and_nothing_is_stored(client, user, settings):
    application, _ = services.application_start(applicant=user, kind="institutional")
    client.force_login(user)
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 this is a program", "application/pdf")
    response = upload(client, application, fake)
    assert response.status_code == 200
    assert "This file is not a real PDF file" in response.content.decode()
    assert not ApplicationDocument.objects.exists()
    assert not (settings.MEDIA_ROOT / "applications").exists()


def test_a_file_over_the_limit_is_refused(client, user, settings):
    settings.APPLICATION_DOCUMENT_MAX_SIZE = 1000
    application, _ = services.application_start(applicant=user, kind="institutional")
    client.force_login(user)
    big = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * 2000, "application/pdf")
    response = upload(client, application, big)
    assert "the limit is 1000" in response.content.decode()
    assert not ApplicationDocument.objects.exists()


def test_documents_are_served_to_the_applicant_and_reviewers_only(client, user):
    application = submitted_application(applicant=user)
    document = application.documents.get()
    url = document.get_absolute_url()

    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert "private" in response["Cache-Control"]

    client.force_login(UserFactory())
    assert client.get(url).status_code == 404

    from tests.factories import reviewer

    client.force_login(reviewer())
    assert client.get(url).status_code == 200


def test_reviewers_do_not_see_documents_of_drafts(client):
    from tests.factories import reviewer

    application = draft_application()
    client.force_login(reviewer())
    assert client.get(application.documents.get().get_absolute_url()).status_code == 404


def test_a_document_under_an_application_number_past_the_database_s_range_is_not_found(
    client, user
):
    """SQLite refused the number itself (OverflowError, a server error): found by
    tests/cop_portal/test_every_route.py."""
    document = submitted_application(applicant=user).documents.get()
    client.force_login(user)

    url = reverse("members:application_document", args=[2**63, document.pk])

    assert client.get(url).status_code == 404


def test_an_applicant_cannot_open_another_applicants_application(client):
    application = draft_application()
    client.force_login(UserFactory())
    for name in ("application", "application_edit", "application_documents"):
        assert client.get(reverse(f"members:{name}", args=[application.pk])).status_code == 404
    assert (
        client.post(reverse("members:application_submit", args=[application.pk])).status_code == 404
    )
    document = application.documents.get()
    delete = reverse("members:application_document_delete", args=[application.pk, document.pk])
    assert client.post(delete).status_code == 404
    assert ApplicationDocument.objects.filter(pk=document.pk).exists()


def test_documents_can_be_removed_from_a_draft(client, user, django_capture_on_commit_callbacks):
    application = draft_application(applicant=user)
    document = application.documents.get()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("members:application_document_delete", args=[application.pk, document.pk])
        )
    assert not application.documents.exists()


# --- Submission and nomination -----------------------------------------------------------


def test_submission_asks_the_nominating_members_focal_people(client, user, send_on_commit):
    nominator = focal_person()
    application = draft_application(applicant=user, nominator=nominator.organisation)
    client.force_login(user)
    with send_on_commit():
        response = client.post(reverse("members:application_submit", args=[application.pk]))

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == App.Status.SUBMITTED
    assert application.submitted_at is not None
    nomination = Nomination.objects.get(application=application)
    assert nomination.status == Nomination.Status.PENDING
    by_recipient = {tuple(m.to): m for m in mail.outbox}
    assert "received your membership application" in by_recipient[(user.email,)].subject
    request = by_recipient[(nominator.user.email,)]
    assert "Please endorse or decline" in request.subject
    assert nomination.get_absolute_url() in request.body


def test_an_incomplete_application_cannot_be_submitted(client, user):
    application, _ = services.application_start(applicant=user, kind="institutional")
    client.force_login(user)
    response = client.post(reverse("members:application_submit", args=[application.pk]))
    assert response.status_code == 200
    assert "Upload at least one supporting document." in response.content.decode()
    application.refresh_from_db()
    assert application.status == App.Status.DRAFT


def test_an_organisation_that_is_already_a_member_cannot_apply_again():
    OrganisationFactory(name="Pwani Cash Alliance")
    application = draft_application()
    assert any("already a member" in m for m in services.application_missing(application))


def test_the_nominator_endorses_and_the_application_goes_to_review(client, send_on_commit):
    from tests.factories import reviewer

    review = reviewer()
    application = submitted_application()
    focal = application.nominating_organisation.people.get()
    client.force_login(focal.user)
    url = reverse("members:nomination", args=[application.nomination.pk])
    assert client.get(url).status_code == 200
    with send_on_commit():
        client.post(url, {"response": "endorse", "comment": "A serious partner."})

    application.refresh_from_db()
    assert application.status == App.Status.UNDER_REVIEW
    assert application.nomination.status == Nomination.Status.ENDORSED
    assert application.nomination.responded_by == focal.user
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([application.applicant.email, review.email])
    event = application.events.get(action=ApplicationEvent.Action.NOMINATION_ENDORSED)
    assert event.actor == focal.user


def test_declining_needs_a_comment_and_returns_the_draft_to_the_applicant(client, send_on_commit):
    application = submitted_application()
    focal = application.nominating_organisation.people.get()
    client.force_login(focal.user)
    url = reverse("members:nomination", args=[application.nomination.pk])

    response = client.post(url, {"response": "decline", "comment": " "})
    assert "Say why you decline the nomination." in response.content.decode()
    application.refresh_from_db()
    assert application.status == App.Status.SUBMITTED

    with send_on_commit():
        client.post(url, {"response": "decline", "comment": "We do not know them."})
    application.refresh_from_db()
    assert application.status == App.Status.DRAFT
    (message,) = mail.outbox
    assert message.to == [application.applicant.email]
    assert "We do not know them." in message.body


@pytest.mark.parametrize("who", ["other member focal", "plain member of nominator", "applicant"])
def test_only_the_nominators_focal_people_can_answer(client, who):
    from tests.factories import PersonFactory

    application = submitted_application()
    user = {
        "other member focal": lambda: focal_person().user,
        "plain member of nominator": lambda: (
            PersonFactory(organisation=application.nominating_organisation).user
        ),
        "applicant": lambda: application.applicant,
    }[who]()
    client.force_login(user)
    url = reverse("members:nomination", args=[application.nomination.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"response": "endorse"}).status_code == 404
    application.refresh_from_db()
    assert application.status == App.Status.SUBMITTED


def test_a_suspended_nominators_focal_person_cannot_endorse(client):
    application = submitted_application()
    focal = application.nominating_organisation.people.get()
    Organisation.objects.filter(pk=focal.organisation_id).update(status="suspended")
    client.force_login(focal.user)
    url = reverse("members:nomination", args=[application.nomination.pk])
    assert client.post(url, {"response": "endorse"}).status_code == 404


def test_applicant_sees_history_without_internal_recommendations(client):
    from tests.factories import application_under_review, reviewer

    application = application_under_review()
    services.recommendation_record(
        application=application,
        reviewer=reviewer(),
        verdict="approve",
        alignment="meets",
        value_added="meets",
        credibility="meets",
        scope="partly",
        reason="Internal note for the committee",
    )
    client.force_login(application.applicant)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Nomination endorsed" in page
    assert "Submitted" in page
    assert "Internal note for the committee" not in page


def test_applications_list_runs_a_fixed_number_of_queries(client, user, django_assert_num_queries):
    for _ in range(3):
        application, _ = services.application_start(applicant=user, kind="individual")
        application.status = App.Status.DECLINED
        application.save()
    client.force_login(user)
    with django_assert_num_queries(3):  # session, user, applications with their nominator
        response = client.get(reverse("members:applications"))
    assert len(response.context["applications"]) == 3


# --- Member-initiated nomination --------------------------------------------------------


def test_a_focal_person_nominates_an_organisation_and_its_contact_is_invited(
    client, send_on_commit
):
    focal = focal_person()
    client.force_login(focal.user)
    with send_on_commit():
        response = client.post(
            reverse("members:nominate"),
            {
                "organisation_name": "Lamu Youth Savings Group",
                "category": "national-ngo",
                "contact_name": "Zawadi Bakari",
                "contact_email": "zawadi@lamu.example",
                "note": "They run savings groups with cash recipients.",
            },
        )
    assert response.status_code == 302
    application = App.objects.get(organisation_name="Lamu Youth Savings Group")
    assert application.applicant is None
    assert application.nomination.status == Nomination.Status.ENDORSED
    assert application.nomination.initiated_by_member
    (message,) = mail.outbox
    assert message.to == ["zawadi@lamu.example"]
    assert "/members/invitations/" in message.body

    # The contact accepts, completes and submits: it goes straight to review.
    invitation = application.invitations.get()
    contact = UserFactory(email="zawadi@lamu.example")
    services.invitation_accept(invitation=invitation, user=contact)
    application.refresh_from_db()
    assert application.applicant == contact
    draft = draft_application(
        applicant=contact, nominator=focal.organisation, name="Lamu Youth Savings Group"
    )
    assert draft.pk == application.pk
    services.application_submit(application=draft, acting_user=contact)
    draft.refresh_from_db()
    assert draft.status == App.Status.UNDER_REVIEW


def test_nominating_needs_every_field_and_refuses_existing_members(client):
    focal = focal_person()
    OrganisationFactory(name="Already In")
    client.force_login(focal.user)
    response = client.post(
        reverse("members:nominate"),
        {"organisation_name": "Already In", "category": "", "contact_email": "x"},
    )
    page = response.content.decode()
    assert "This organisation is already a member." in page
    assert "Enter a valid email address." in page
    assert page.count("This field is required.") >= 2
    assert not App.objects.exists()


def test_only_focal_persons_can_nominate(client, user):
    client.force_login(user)
    assert client.get(reverse("members:nominate")).status_code == 404


# --- Membership access -----------------------------------------------------------------


def test_a_temporary_participants_access_ends_on_its_own(user):
    import datetime

    from members.models import Person

    today = datetime.date(2027, 3, 31)
    person = Person.objects.create(user=user, kind="temporary", ends_on=today)
    assert person.has_member_access(on=today)
    assert not person.has_member_access(on=today + datetime.timedelta(days=1))
    assert Person.objects.with_member_access(on=today).filter(pk=person.pk).exists()
    assert not Person.objects.with_member_access(on=today + datetime.timedelta(days=1)).exists()


def test_a_suspended_organisations_people_lose_member_content(client, user):
    from members.models import CodeOfConduct
    from tests.factories import PersonFactory

    person = PersonFactory(user=user)
    code = CodeOfConduct.objects.create(version="1", text="Be kind.")
    services.code_of_conduct_accept(user=user, code=code)
    other = OrganisationFactory(contact_email="secret@members.example")
    client.force_login(user)
    assert "secret@members.example" in client.get(other.get_absolute_url()).content.decode()

    services.organisation_suspend(
        organisation=person.organisation, reason="Inactive for two years", acting_user=None
    )
    user._cop_person = None
    del user._cop_person
    assert not selectors.has_member_access(user)
    assert "secret@members.example" not in client.get(other.get_absolute_url()).content.decode()


def test_the_name_is_frozen_once_the_nomination_counts(client):
    application = submitted_application()
    focal = application.nominating_organisation.people.get()
    services.nomination_respond(
        nomination=application.nomination, endorse=True, comment="", acting_user=focal.user
    )
    services.application_decide(
        application=application,
        decision="more-information",
        reason="Send your latest accounts.",
        acting_user=decider(),
    )
    client.force_login(application.applicant)
    client.post(
        reverse("members:application_edit", args=[application.pk]),
        edit_payload(application, organisation_name="A Terminated Member", category="media"),
    )
    application.refresh_from_db()
    assert application.organisation_name == "Pwani Cash Alliance"
    assert application.category == "national-ngo"


def test_an_application_holds_at_most_ten_documents(client, user):
    application, _ = services.application_start(applicant=user, kind="institutional")
    for n in range(services.MAX_DOCUMENTS):
        services.document_add(
            application=application,
            kind="other",
            upload=pdf_upload(f"d{n}.pdf"),
            content_type="application/pdf",
            acting_user=user,
        )
    client.force_login(user)
    response = upload(client, application, pdf_upload("one-too-many.pdf"))
    assert "at most 10 documents" in response.content.decode()
    assert application.documents.count() == services.MAX_DOCUMENTS


def test_documents_cannot_be_added_once_submitted(user):
    from django.core.exceptions import ValidationError

    application = submitted_application(applicant=user)
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.document_add(
            application=application,
            kind="other",
            upload=pdf_upload(),
            content_type="application/pdf",
            acting_user=user,
        )


def test_nominations_are_limited_per_hour_and_the_one_over_sends_nothing(
    client, send_on_commit, monkeypatch
):
    from members.views import applications as application_views

    monkeypatch.setattr(application_views, "NOMINATIONS_PER_HOUR", 1)
    client.force_login(focal_person().user)

    def nominate(name, email):
        with send_on_commit():
            return client.post(
                reverse("members:nominate"),
                {
                    "organisation_name": name,
                    "category": "national-ngo",
                    "contact_name": "Zawadi Bakari",
                    "contact_email": email,
                    "note": "They run savings groups with cash recipients.",
                },
            )

    assert nominate("Lamu Youth Savings Group", "zawadi@lamu.example").status_code == 302
    response = nominate("Kilifi Savings Group", "zawadi@kilifi.example")

    assert response.status_code == 200
    assert "You have made 1 nomination in the last hour" in response.content.decode()
    assert not App.objects.filter(organisation_name="Kilifi Savings Group").exists()
    assert len(mail.outbox) == 1


def test_a_due_diligence_document_is_served_under_the_sandbox_policy(client, user):
    """Like a repository download: whatever a PDF hides, it runs nothing in the portal."""
    application = submitted_application(applicant=user)
    client.force_login(user)

    response = client.get(application.documents.get().get_absolute_url())

    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
