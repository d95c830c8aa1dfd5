"""Membership applications in a given state, built through the real services (for the
admin tests)."""

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from members import services
from members.models import ApplicationDocument, MembershipApplication, Pillar
from tests.factories import OrganisationFactory, PersonFactory, UserFactory

TINY_PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name="registration.pdf"):
    return SimpleUploadedFile(name, TINY_PDF, content_type="application/pdf")


def nominating_member(**kwargs):
    """An active member organisation and the user who is its focal person."""
    person = PersonFactory(organisation=OrganisationFactory(**kwargs), is_focal_person=True)
    return person.organisation, person.user


def draft_application(*, name="Tana River Relief", nominating_organisation=None, applicant=None):
    """A complete institutional draft with one supporting document, ready to submit."""
    applicant = applicant or UserFactory()
    application, _created = services.application_start(
        applicant=applicant, kind=MembershipApplication.Kind.INSTITUTIONAL
    )
    application.organisation_name = name
    application.category = "national-ngo"
    application.legal_status = "Registered NGO"
    application.description = "Cash transfers to drought-affected households."
    application.fit_statement = "We run a social assistance programme in two counties."
    application.national_coverage = True
    application.nominating_organisation = nominating_organisation
    application.save()
    application.pillars.set(Pillar.objects.filter(slug=Pillar.SOCIAL_ASSISTANCE))
    services.document_add(
        application=application,
        kind=ApplicationDocument.Kind.REGISTRATION,
        upload=pdf_upload(),
        content_type="application/pdf",
        acting_user=applicant,
    )
    return application


def submitted_application(*, name="Tana River Relief", nominator=None):
    """An application awaiting its nomination. ``nominator``: (organisation, focal user)."""
    organisation, _focal = nominator or nominating_member()
    application = draft_application(name=name, nominating_organisation=organisation)
    return services.application_submit(application=application, acting_user=application.applicant)


def application_under_review(*, name="Tana River Relief", nominator=None):
    """An application endorsed by its nominating member's focal person, now under review."""
    organisation, focal = nominator or nominating_member()
    application = submitted_application(name=name, nominator=(organisation, focal))
    services.nomination_respond(
        nomination=application.nomination, endorse=True, comment="", acting_user=focal
    )
    application.refresh_from_db()
    return application


def admin_login(client, user):
    """Log ``user`` in with two-factor authentication set up, as the admin site requires."""
    TOTP.activate(user, generate_totp_secret())
    client.force_login(user)
    return client


def staff_member(*permissions):
    """A staff user (not a superuser) holding the given "app.codename" permissions."""
    user = UserFactory(is_staff=True)
    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user
