"""Members' part of a person's export and erasure (see ``core.personal_data``).

Closing an account keeps what the CoP must keep (applications and the decisions on them,
recommendations, status changes of organisations, the changes to people's affiliations, the
reach figures an organisation reported and their verification: their actor now reads
"Former member")
and removes the person from the directory, from contact details typed by others, from
invitations and from their own unfinished drafts."""

import itertools

from django.db.models import Q
from django.utils import timezone

from core.personal_data import (
    FORMER_MEMBER,
    Contribution,
    record,
    register,
    scrub_column,
    stored_file,
)

from .models import (
    ApplicationContact,
    ApplicationDocument,
    ApplicationEvent,
    CodeOfConductAcceptance,
    Invitation,
    MembershipApplication,
    Nomination,
    Organisation,
    OrganisationStatusChange,
    Person,
    PersonEvent,
    ReachFigure,
    ReachFigureEvent,
    Recommendation,
)

APPLICATION_TEXT = ("description", "justification", "objective", "fit_statement", "question")


def export(user):
    yield (
        "members-affiliation",
        (
            record(p, "kind", "organisation", "is_focal_person", "objective", "ends_on")
            | record(p, "joined_at", "removed_at")
            for p in Person.objects.filter(user=user).select_related("organisation")
        ),
    )
    yield (
        "members-code-of-conduct",
        (
            {"version": a.code.version, "accepted_at": a.accepted_at.isoformat()}
            for a in CodeOfConductAcceptance.objects.filter(user=user).select_related("code")
        ),
    )
    applications = MembershipApplication.objects.filter(applicant=user).order_by("pk")
    yield (
        "members-applications",
        (
            record(a, "pk", "kind", "status", "organisation_name", "acronym", "category")
            | record(a, *APPLICATION_TEXT, "decision_reason", "decided_at")
            | {
                "contacts": [
                    record(c, "full_name", "job_title", "email", "phone") for c in a.contacts.all()
                ],
                "events": [
                    record(e, "action", "note", "at")
                    for e in a.events.all()
                    if e.visible_to_applicant
                ],
            }
            for a in applications.prefetch_related("contacts", "events").iterator(chunk_size=100)
        ),
    )
    yield (
        "members-recommendations-given",
        (
            record(r, "application", "review_round", "verdict", "alignment", "value_added")
            | record(r, "credibility", "scope", "reason", "recorded_at")
            for r in Recommendation.objects.filter(reviewer=user).select_related("application")
        ),
    )
    yield (
        "members-nominations-answered",
        (
            record(n, "application", "organisation", "status", "comment", "responded_at")
            for n in Nomination.objects.filter(responded_by=user).select_related(
                "application", "organisation"
            )
        ),
    )
    yield (
        "members-application-actions",
        (
            record(e, "application", "action", "note", "at")
            for e in ApplicationEvent.objects.filter(actor=user).select_related("application")
        ),
    )
    yield (
        "members-organisation-status-changes",
        (
            record(c, "organisation", "status", "reason", "acted_at")
            for c in OrganisationStatusChange.objects.filter(acted_by=user).select_related(
                "organisation"
            )
        ),
    )
    yield (
        "members-invitations",
        (
            record(i, "purpose", "email", "full_name", "organisation", "created_at")
            | record(i, "expires_at", "accepted_at", "revoked_at")
            | {"sent_by_me": i.invited_by_id == user.pk}
            for i in Invitation.objects.filter(
                Q(invited_by=user) | Q(accepted_by=user) | Q(email__iexact=user.email)
            ).select_related("organisation")
        ),
    )
    yield (
        "members-application-documents",
        (
            record(d, "application", "kind", "original_name", "content_type", "uploaded_at")
            for d in ApplicationDocument.objects.filter(uploaded_by=user).select_related(
                "application"
            )
        ),
    )


def export_reach(user):
    """The reach figures the person reported, and each step they took on one (reporting,
    correcting, verifying or returning)."""
    yield (
        "members-reach-figures-reported",
        (
            record(f, "pk", "programme", "year", "county", "unit", "reached", "source")
            | record(f, "status", "reported_at")
            for f in ReachFigure.objects.filter(reported_by=user).select_related(
                "programme", "county"
            )
        ),
    )
    yield (
        "members-reach-figure-steps",
        (
            record(e, "figure_id", "action", "reached", "note", "acted_at")
            for e in ReachFigureEvent.objects.filter(acted_by=user)
        ),
    )
    yield (
        "members-affiliation-changes-made",
        (record(e, "person_id", "action", "at") for e in PersonEvent.objects.filter(actor=user)),
    )


def files(user):
    documents = ApplicationDocument.objects.filter(uploaded_by=user).only(
        "pk", "file", "original_name"
    )
    for document in documents.iterator():
        yield from stored_file(
            f"applications/{document.pk}-{document.original_name}", document.file
        )


def erase(user, erasure):
    now = timezone.now()
    Person.objects.filter(user=user, removed_at__isnull=True).update(removed_at=now)
    Person.objects.filter(user=user).update(is_focal_person=False, objective="")
    drafts = MembershipApplication.objects.filter(
        applicant=user, status=MembershipApplication.Status.DRAFT
    )
    for document in ApplicationDocument.objects.filter(application__in=drafts):
        erasure.delete_file(document.file.storage, document.file.name)
    drafts.delete()
    if erasure.email:
        ApplicationContact.objects.filter(email__iexact=erasure.email).update(
            full_name=FORMER_MEMBER, job_title="", email=erasure.placeholder_email, phone=""
        )
        Invitation.objects.filter(
            email__iexact=erasure.email, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
        Invitation.objects.filter(email__iexact=erasure.email).update(
            email=erasure.placeholder_email, full_name=""
        )
        Organisation.objects.filter(contact_email__iexact=erasure.email).update(contact_email="")
    if erasure.phone:
        Organisation.objects.filter(contact_phone=erasure.phone).update(contact_phone="")
    texts = [(MembershipApplication, name) for name in (*APPLICATION_TEXT, "decision_reason")]
    texts += [
        (ApplicationEvent, "note"),
        (Recommendation, "reason"),
        (Nomination, "comment"),
        (OrganisationStatusChange, "reason"),
        (ReachFigure, "source"),
        (ReachFigure, "return_note"),
        (ReachFigureEvent, "note"),
    ]
    for model, name in texts:
        scrub_column(model, name, erasure)


register(
    Contribution(
        app_label="members",
        models=(
            "members.Organisation",
            "members.OrganisationStatusChange",
            "members.Person",
            "members.CodeOfConductAcceptance",
            "members.MembershipApplication",
            "members.ApplicationContact",
            "members.ApplicationDocument",
            "members.Nomination",
            "members.Recommendation",
            "members.ApplicationEvent",
            "members.Invitation",
            # The actor of a change to someone's affiliation: no text of its own.
            "members.PersonEvent",
            "members.ReachFigure",
            "members.ReachFigureEvent",
        ),
        export=lambda user: itertools.chain(export(user), export_reach(user)),
        erase=erase,
        files=files,
    )
)
