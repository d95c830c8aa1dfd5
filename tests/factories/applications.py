"""Applications in a given state, built through the real services."""

import io

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from members import services
from members.models import MembershipApplication, Nomination, Pillar
from tests.factories import OrganisationFactory, PersonFactory, UserFactory

PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="registration.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def png(name="scan.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def grant(user, *codenames):
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="members", codename__in=codenames)
    )
    # Permissions are cached on the user object.
    for attr in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(attr, None)
    return user


def reviewer():
    return grant(UserFactory(), "review_membershipapplication")


def decider():
    return grant(UserFactory(), "review_membershipapplication", "decide_membershipapplication")


def focal_person(organisation=None, **kwargs):
    return PersonFactory(
        organisation=organisation or OrganisationFactory(), is_focal_person=True, **kwargs
    )


def complete_draft(applicant=None, *, nominator=None, name="Pwani Cash Alliance", **fields):
    """An institutional draft with everything submission needs."""
    applicant = applicant or UserFactory()
    application, _created = services.application_start(
        applicant=applicant, kind=MembershipApplication.Kind.INSTITUTIONAL
    )
    nominator = nominator or focal_person().organisation
    values = {
        "organisation_name": name,
        "acronym": "PCA",
        "category": "national-ngo",
        "legal_status": "Registered NGO",
        "registration_number": "OP.218/051/2019/0042",
        "national_coverage": True,
        "description": "Runs cash plus programmes along the coast.",
        "fit_statement": "We deliver cash transfers in Kilifi and Kwale.",
        "nominating_organisation": nominator,
        **fields,
    }
    for key, value in values.items():
        setattr(application, key, value)
    application.save()
    application.pillars.set(Pillar.objects.filter(slug="social-assistance"))
    application.contacts.create(
        full_name="Baraka Mwangi", job_title="Finance lead", email="baraka@pwani.example"
    )
    application.programmes.create(
        name="Coastal cash plus", pillar=Pillar.objects.get(slug="social-assistance")
    )
    services.document_add(
        application=application,
        kind="registration",
        upload=pdf(),
        content_type="application/pdf",
        acting_user=applicant,
    )
    return application


def submitted(**kwargs):
    application = complete_draft(**kwargs)
    return services.application_submit(application=application, acting_user=application.applicant)


def under_review(**kwargs):
    application = submitted(**kwargs)
    focal = application.nominating_organisation.people.filter(is_focal_person=True).first()
    services.nomination_respond(
        nomination=Nomination.objects.get(application=application),
        endorse=True,
        comment="We work with them in Kilifi.",
        acting_user=focal.user,
    )
    application.refresh_from_db()
    return application
