"""Membership applications in a given state, built through the real services."""

from members import services
from members.models import ApplicationDocument, MembershipApplication, Nomination, Pillar
from tests.factories.accounts import UserFactory
from tests.factories.members import focal_person
from tests.factories.samples import pdf_upload

COLLEAGUE = {
    "full_name": "Baraka Mwangi",
    "job_title": "Finance lead",
    "email": "baraka@pwani.example",
}


def draft_application(
    applicant=None, *, nominator=None, name="Pwani Cash Alliance", contacts=(COLLEAGUE,), **fields
):
    """An institutional draft with everything submission needs: the applicant as a contact
    and ``contacts`` besides (each invited to join when the application is approved), a
    programme, a registration document, and ``nominator`` (an organisation with a focal
    person; a new one by default) as nominating member."""
    applicant = applicant or UserFactory()
    application, _created = services.application_start(
        applicant=applicant, kind=MembershipApplication.Kind.INSTITUTIONAL
    )
    values = {
        "organisation_name": name,
        "acronym": "PCA",
        "category": "national-ngo",
        "legal_status": "Registered NGO",
        "registration_number": "OP.218/051/2019/0042",
        "national_coverage": True,
        "description": "Runs cash plus programmes along the coast.",
        "fit_statement": "We deliver cash transfers in Kilifi and Kwale.",
        "nominating_organisation": nominator or focal_person().organisation,
        **fields,
    }
    for key, value in values.items():
        setattr(application, key, value)
    application.save()
    application.pillars.set(Pillar.objects.filter(slug=Pillar.SOCIAL_ASSISTANCE))
    for contact in contacts:
        application.contacts.create(**contact)
    application.programmes.create(
        name="Coastal cash plus", pillar=Pillar.objects.get(slug=Pillar.SOCIAL_ASSISTANCE)
    )
    services.document_add(
        application=application,
        kind=ApplicationDocument.Kind.REGISTRATION,
        upload=pdf_upload("registration.pdf"),
        content_type="application/pdf",
        acting_user=applicant,
    )
    return application


def submitted_application(**kwargs):
    """An application awaiting its nomination (``kwargs`` as for draft_application)."""
    application = draft_application(**kwargs)
    return services.application_submit(application=application, acting_user=application.applicant)


def application_under_review(**kwargs):
    """An application endorsed by its nominating member's focal person, now under review."""
    application = submitted_application(**kwargs)
    focal = application.nominating_organisation.people.filter(is_focal_person=True).first()
    services.nomination_respond(
        nomination=Nomination.objects.get(application=application),
        endorse=True,
        comment="We work with them in Kilifi.",
        acting_user=focal.user,
    )
    application.refresh_from_db()
    return application
