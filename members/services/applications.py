"""Services of applying for membership: starting, completing and submitting an
application with its documents, and the helpers every later step of its workflow shares
(its events, its lock, the reviewers' and the applicant's e-mails)."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import files, mail

from .. import selectors
from ..models import (
    ApplicationContact,
    ApplicationDocument,
    ApplicationEvent,
    Invitation,
    MembershipApplication,
    Nomination,
    Organisation,
    OrganisationStatusChange,
    Person,
    PersonEvent,
    Programme,
    Recommendation,
)
from .contacts import contacts_tell_named

App = MembershipApplication
REVIEW_PERMISSION = selectors.REVIEW_PERMISSION
DECIDE_PERMISSION = selectors.DECIDE_PERMISSION
INVITATION_WITHDRAW_PERMISSION = "members.change_invitation"
PERSON_CHANGE_PERMISSION = "members.change_person"


class AlreadyDecided(ValidationError):
    """Raised when an application left review while the caller was looking at it."""


# --- Invitations -------------------------------------------------------------------------


def _token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_for_token(token):
    """The invitation a link's token names, or None."""
    return (
        Invitation.objects.select_related("organisation", "application")
        .filter(token_hash=_token_hash(token))
        .first()
    )


def _invitation_send(*, purpose, email, full_name, invited_by, organisation=None, application=None):
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        purpose=purpose,
        email=email.strip().lower(),
        full_name=full_name,
        organisation=organisation,
        application=application,
        invited_by=invited_by,
        token_hash=_token_hash(token),
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    mail.send_email(
        f"members/email/invitation_{purpose}",
        [invitation.email],
        {
            "invitation": invitation,
            "invited_by": invited_by,
            "url": settings.SITE_URL + reverse("members:invitation", kwargs={"token": token}),
            "valid_days": settings.INVITATION_VALID_DAYS,
        },
    )
    return invitation


def colleague_invite(*, organisation, email, full_name, acting_user):
    """A focal person invites a colleague, by e-mail, to join their organisation's people."""
    if not selectors.is_focal_person(acting_user, organisation):
        raise PermissionDenied
    email = email.strip().lower()
    if Person.objects.filter(user__email__iexact=email, removed_at=None).exists():
        raise ValidationError(
            _("%(email)s already belongs to a member organisation.") % {"email": email},
            code="already_member",
        )
    if organisation.invitations.open().filter(email__iexact=email).exists():
        raise ValidationError(
            _("An invitation to %(email)s is already waiting.") % {"email": email},
            code="already_invited",
        )
    return _invitation_send(
        purpose=Invitation.Purpose.JOIN,
        email=email,
        full_name=full_name,
        organisation=organisation,
        invited_by=acting_user,
    )


def invitation_revoke(*, invitation, acting_user):
    """A focal person withdraws an invitation of their organisation; the administration
    team (with the change-invitation permission) may withdraw any."""
    if not (
        selectors.is_focal_person(acting_user, invitation.organisation)
        or acting_user.has_perm(INVITATION_WITHDRAW_PERMISSION)
    ):
        raise PermissionDenied
    Invitation.objects.filter(pk=invitation.pk, accepted_at=None).update(revoked_at=timezone.now())


def invitation_accept(*, invitation, user):
    """Accept an invitation as ``user``, whose address must be the one invited. Returns the
    Person (join) or the application (apply)."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_open:
            raise ValidationError(_("This invitation is no longer valid."), code="closed")
        if user.email.lower() != invitation.email.lower():
            raise ValidationError(
                _("This invitation was sent to %(email)s. Sign in with that address to accept it.")
                % {"email": invitation.email},
                code="wrong_user",
            )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        if invitation.purpose == Invitation.Purpose.APPLY:
            application = App.objects.select_for_update().get(pk=invitation.application_id)
            if application.applicant_id is None:
                application.applicant = user
                application.save(update_fields=["applicant", "updated_at"])
                _event(application, ApplicationEvent.Action.CREATED, user)
            elif application.applicant_id != user.pk:
                raise ValidationError(_("This invitation was already used."), code="used")
            return application
        if not invitation.organisation.is_active:
            raise ValidationError(
                _("%(organisation)s is not an active member at the moment.")
                % {"organisation": invitation.organisation},
                code="inactive",
            )
        person = Person.objects.filter(user=user).first()
        if person and person.removed_at is None and person.has_member_access():
            if person.organisation_id == invitation.organisation_id:
                return person
            raise ValidationError(
                _("You already belong to %(organisation)s.")
                % {"organisation": person.organisation},
                code="already_member",
            )
        person = person or Person(user=user)
        person.kind = Person.Kind.STAFF
        person.organisation = invitation.organisation
        person.is_focal_person = invitation.make_focal_person
        person.removed_at = None
        person.ends_on = None
        person.joined_at = timezone.now()
        person.save()
        return person


def _may_manage_people(user, organisation):
    """A focal person manages their organisation's people; the administration team (the
    admin) anyone's."""
    return selectors.is_focal_person(user, organisation) or user.has_perm(PERSON_CHANGE_PERMISSION)


def person_remove(*, person, acting_user):
    """A focal person (or the administration team) removes someone; access ends at their
    next request. Returns whether they were removed now (not already)."""
    by_focal = selectors.is_focal_person(acting_user, person.organisation)
    if not (by_focal or acting_user.has_perm(PERSON_CHANGE_PERMISSION)):
        raise PermissionDenied
    if person.user_id == acting_user.pk:
        raise ValidationError(
            _("You cannot remove yourself. Ask another focal person or the administration team."),
            code="self",
        )
    with transaction.atomic():
        updated = Person.objects.filter(pk=person.pk, removed_at=None).update(
            removed_at=timezone.now(), is_focal_person=False
        )
        if updated:
            PersonEvent.objects.create(
                person=person, action=PersonEvent.Action.REMOVED, actor=acting_user
            )
            mail.send_email(
                "members/email/person_removed",
                [person.user.email],
                {
                    "person": person,
                    "organisation": person.organisation,
                    "by": acting_user,
                    "by_focal": by_focal,
                },
            )
    return updated == 1


def person_set_focal(*, person, is_focal, acting_user):
    """Returns whether the flag changed (not for a removed person, nor one already so)."""
    if not _may_manage_people(acting_user, person.organisation):
        raise PermissionDenied
    if not is_focal and person.user_id == acting_user.pk:
        raise ValidationError(_("You cannot step down yourself."), code="self")
    with transaction.atomic():
        updated = Person.objects.filter(
            pk=person.pk, removed_at=None, is_focal_person=not is_focal
        ).update(is_focal_person=is_focal)
        if updated:
            PersonEvent.objects.create(
                person=person,
                action=PersonEvent.Action.MADE_FOCAL
                if is_focal
                else PersonEvent.Action.STEPPED_DOWN,
                actor=acting_user,
            )
    return updated == 1


# --- Membership applications -------------------------------------------------------------


def _event(application, action, actor, note="", *, visible=True):
    return ApplicationEvent.objects.create(
        application=application,
        action=action,
        actor=actor,
        note=note,
        visible_to_applicant=visible,
    )


def _users_with(permission):
    """Active users holding the permission: directly, through a group, as superusers, or
    through any other authorisation backend that can list them (committee seats)."""
    emails = set()
    for backend in auth.get_backends():
        if hasattr(backend, "with_perm"):
            emails.update(backend.with_perm(permission).values_list("email", flat=True))
    return sorted(emails)


def _notify_reviewers(
    application, *, template="members/email/review_needed", permission=REVIEW_PERMISSION
):
    recipients = _users_with(permission)
    if recipients:
        # One message per reviewer: reviewers sit in different organisations, and none should
        # be shown the others' addresses.
        mail.send_email_each(template, recipients, {"application": application})


def _mail_applicant(application, template, **context):
    if application.applicant_id:
        mail.send_email(
            f"members/email/{template}",
            [application.applicant.email],
            {"application": application, **context},
        )


def application_start(*, applicant, kind):
    """Start a draft. One undecided application at a time: an open one is returned instead."""
    existing = (
        App.objects.filter(applicant=applicant)
        .exclude(status__in=[App.Status.APPROVED, App.Status.DECLINED])
        .first()
    )
    if existing:
        return existing, False
    with transaction.atomic():
        application = App.objects.create(applicant=applicant, kind=kind)
        ApplicationContact.objects.create(
            application=application,
            full_name=applicant.full_name,
            job_title=applicant.job_title,
            email=applicant.email,
            phone=applicant.phone,
        )
        _event(application, ApplicationEvent.Action.CREATED, applicant)
    return application, True


def application_missing(application):
    """What must still be given before the application can be submitted (messages)."""
    missing = []
    kind = application.kind
    if kind == App.Kind.INSTITUTIONAL:
        for field in ("organisation_name", "category", "legal_status", "description"):
            if not getattr(application, field):
                missing.append(_("%(field)s is required.") % {"field": _label(field)})
        if not application.pillars.exists():
            missing.append(_("Choose at least one pillar."))
        if not application.national_coverage and not application.counties.exists():
            missing.append(_("Choose the counties you work in, or tick 'works nationally'."))
        if application.nominating_organisation_id is None and not _nomination_counts(application):
            missing.append(_("Choose the member organisation that nominates you."))
        taken = Organisation.objects.filter(
            name__iexact=application.organisation_name, status=Organisation.Status.ACTIVE
        )
        if application.organisation_name and taken.exists():
            missing.append(
                _("%(name)s is already a member. Ask its focal person to invite you instead.")
                % {"name": application.organisation_name}
            )
    if kind == App.Kind.INDIVIDUAL and not application.justification:
        missing.append(_("Give the justification for individual membership."))
    if kind == App.Kind.TEMPORARY:
        if not application.objective:
            missing.append(_("Give the objective of your participation."))
        if not (application.starts_on and application.ends_on):
            missing.append(_("Give the period of your participation (from and until)."))
    if not application.fit_statement:
        missing.append(_("Say how you fit the CoP's objectives."))
    if not application.contacts.exists():
        missing.append(_("Add at least one contact person."))
    if not application.documents.exists():
        missing.append(_("Upload at least one supporting document."))
    nominator = application.nominating_organisation
    if nominator and not nominator.is_active and not _nomination_counts(application):
        missing.append(_("The nominating organisation is not an active member."))
    if application.applicant_id and selectors.has_member_access(application.applicant):
        missing.append(_("You are already a member of the CoP."))
    return missing


def _label(field):
    return str(App._meta.get_field(field).verbose_name).capitalize()


def _nomination_counts(application):
    nomination = Nomination.objects.filter(application=application).first()
    return nomination is not None and nomination.counts


def _refuse_own(application, acting_user):
    """Nobody reviews, waives or decides their own application."""
    if application.applicant_id is not None and application.applicant_id == acting_user.pk:
        raise PermissionDenied


def _lock(application):
    return (
        App.objects.select_for_update(of=("self",))
        .select_related("applicant")
        .get(pk=application.pk)
    )


def application_submit(*, application, acting_user, answer=""):
    """Submit a draft (or resubmit after a question). Sends the nomination request, or goes
    straight to review when the nomination already counts (member-initiated or waived)."""
    with transaction.atomic():
        application = _lock(application)
        if application.applicant_id != acting_user.pk:
            raise PermissionDenied
        # A draft is submitted (or goes to review at once); an answer goes back to review.
        resubmit = application.status == App.Status.MORE_INFORMATION
        if not application.can_transition(
            App.Status.UNDER_REVIEW if resubmit else App.Status.SUBMITTED
        ):
            raise ValidationError(_("This application has already been submitted."), "submitted")
        missing = application_missing(application)
        if missing:
            raise ValidationError(missing, code="incomplete")
        contacts_tell_named(application=application)
        if resubmit:
            answer = (answer or "").strip()
            if not answer:
                raise ValidationError(
                    _("Answer the committee's question before resubmitting."), "answer_required"
                )
            application.status = App.Status.UNDER_REVIEW
            application.review_round += 1
            application.save(update_fields=["status", "review_round", "updated_at"])
            _event(application, ApplicationEvent.Action.RESUBMITTED, acting_user, answer)
            _notify_reviewers(application)
            _mail_applicant(application, "application_submitted", resubmitted=True)
            return application
        application.submitted_at = timezone.now()
        nomination = Nomination.objects.filter(application=application).first()
        if nomination and nomination.counts:
            application.status = App.Status.UNDER_REVIEW
        else:
            nomination = nomination or Nomination(application=application)
            nomination.organisation = application.nominating_organisation
            nomination.status = Nomination.Status.PENDING
            nomination.comment = ""
            nomination.responded_by = None
            nomination.responded_at = None
            nomination.created_at = timezone.now()
            nomination.save()
            application.status = App.Status.SUBMITTED
        application.save(update_fields=["status", "submitted_at", "updated_at"])
        _event(application, ApplicationEvent.Action.SUBMITTED, acting_user)
        _mail_applicant(application, "application_submitted", resubmitted=False)
        if application.status == App.Status.UNDER_REVIEW:
            _notify_reviewers(application)
        elif nomination.organisation_id:
            focal = [p.user.email for p in selectors.focal_people(nomination.organisation)]
            if focal:
                mail.send_email(
                    "members/email/nomination_request",
                    focal,
                    {
                        "application": application,
                        "nomination": nomination,
                        "url": settings.SITE_URL + nomination.get_absolute_url(),
                    },
                )
        else:
            # Only deciders can waive a nomination: they alone are asked.
            _notify_reviewers(
                application, template="members/email/waiver_needed", permission=DECIDE_PERMISSION
            )
    return application


def nomination_respond(*, nomination, endorse, comment, acting_user):
    """The nominating member's focal person endorses, or declines with a comment."""
    comment = (comment or "").strip()
    if not selectors.is_focal_person(acting_user, nomination.organisation):
        raise PermissionDenied
    if not endorse and not comment:
        raise ValidationError(_("Say why you decline the nomination."), code="comment_required")
    with transaction.atomic():
        application = _lock(nomination.application)
        nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
        target = App.Status.UNDER_REVIEW if endorse else App.Status.DRAFT
        if nomination.status != Nomination.Status.PENDING or not (
            application.status == App.Status.SUBMITTED and application.can_transition(target)
        ):
            raise AlreadyDecided(_("This nomination has already been answered."), "answered")
        nomination.status = Nomination.Status.ENDORSED if endorse else Nomination.Status.DECLINED
        nomination.comment = comment
        nomination.responded_by = acting_user
        nomination.responded_at = timezone.now()
        nomination.save()
        if endorse:
            application.status = App.Status.UNDER_REVIEW
            _event(application, ApplicationEvent.Action.NOMINATION_ENDORSED, acting_user, comment)
            _notify_reviewers(application)
            _mail_applicant(application, "nomination_endorsed", nomination=nomination)
        else:
            application.status = App.Status.DRAFT
            _event(application, ApplicationEvent.Action.NOMINATION_DECLINED, acting_user, comment)
            _mail_applicant(application, "nomination_declined", nomination=nomination)
        application.save(update_fields=["status", "updated_at"])
    return nomination


def nomination_waive(*, application, reason, acting_user):
    """The Oversight Committee waives the nomination of a submitted application."""
    if not acting_user.has_perm(DECIDE_PERMISSION):
        raise PermissionDenied
    _refuse_own(application, acting_user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the waiver."), code="reason_required")
    with transaction.atomic():
        application = _lock(application)
        if not (
            application.status == App.Status.SUBMITTED
            and application.can_transition(App.Status.UNDER_REVIEW)
        ):
            raise AlreadyDecided(
                _("Only an application awaiting its nomination can have it waived."), "state"
            )
        Nomination.objects.update_or_create(
            application=application,
            defaults={
                "status": Nomination.Status.WAIVED,
                "comment": reason,
                "responded_by": acting_user,
                "responded_at": timezone.now(),
            },
        )
        application.status = App.Status.UNDER_REVIEW
        application.save(update_fields=["status", "updated_at"])
        _event(application, ApplicationEvent.Action.NOMINATION_WAIVED, acting_user, reason)
        _notify_reviewers(application)
        _mail_applicant(application, "nomination_waived", reason=reason)
    return application


def nominate_organisation(
    *, acting_user, organisation_name, category, contact_name, contact_email, note=""
):
    """A focal person nominates an organisation: its contact is invited to complete an
    application that is already endorsed."""
    nominator = selectors.focal_organisation(acting_user)
    if nominator is None:
        raise PermissionDenied
    if Organisation.objects.filter(name__iexact=organisation_name.strip()).active().exists():
        raise ValidationError(
            _("%(name)s is already a member.") % {"name": organisation_name}, "already_member"
        )
    with transaction.atomic():
        application = App.objects.create(
            kind=App.Kind.INSTITUTIONAL,
            organisation_name=organisation_name.strip(),
            category=category,
            nominating_organisation=nominator,
        )
        ApplicationContact.objects.create(
            application=application, full_name=contact_name, job_title="", email=contact_email
        )
        Nomination.objects.create(
            application=application,
            organisation=nominator,
            status=Nomination.Status.ENDORSED,
            initiated_by_member=True,
            comment=note,
            responded_by=acting_user,
            responded_at=timezone.now(),
        )
        _event(application, ApplicationEvent.Action.INVITED, acting_user, note)
        _invitation_send(
            purpose=Invitation.Purpose.APPLY,
            email=contact_email,
            full_name=contact_name,
            application=application,
            invited_by=acting_user,
        )
    return application


def recommendation_record(
    *, application, reviewer, verdict, alignment, value_added, credibility, scope, reason
):
    """A reviewer's recommendation for the current round (a second one replaces the first)."""
    if not reviewer.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied
    _refuse_own(application, reviewer)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for your recommendation."), "reason_required")
    with transaction.atomic():
        application = _lock(application)
        if application.status != App.Status.UNDER_REVIEW:
            # Recording a recommendation changes no state: it is only open during review.
            raise AlreadyDecided(_("This application is not under review."), "state")
        recommendation, _created = Recommendation.objects.update_or_create(
            application=application,
            review_round=application.review_round,
            reviewer=reviewer,
            defaults={
                "verdict": verdict,
                "alignment": alignment,
                "value_added": value_added,
                "credibility": credibility,
                "scope": scope,
                "reason": reason,
                "recorded_at": timezone.now(),
            },
        )
        _event(
            application,
            ApplicationEvent.Action.RECOMMENDED,
            reviewer,
            f"{recommendation.get_verdict_display()}: {reason}",
            visible=False,
        )
    return recommendation


class Decision:
    APPROVE = "approve"
    DECLINE = "decline"
    MORE_INFORMATION = "more-information"
    CHOICES = [
        (APPROVE, gettext_lazy("Approve")),
        (DECLINE, gettext_lazy("Decline")),
        (MORE_INFORMATION, gettext_lazy("Ask for more information")),
    ]


DECISION_STATUS = {
    Decision.APPROVE: App.Status.APPROVED,
    Decision.DECLINE: App.Status.DECLINED,
    Decision.MORE_INFORMATION: App.Status.MORE_INFORMATION,
}


def application_decide(*, application, decision, reason, acting_user):
    """Record the decision on an application under review. The row is locked first, so two
    deciders at the same moment produce one decision; the second gets AlreadyDecided."""
    if not acting_user.has_perm(DECIDE_PERMISSION):
        raise PermissionDenied
    _refuse_own(application, acting_user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the decision."), code="reason_required")
    with transaction.atomic():
        application = _lock(application)
        target = DECISION_STATUS.get(decision)
        if target is None:
            raise ValidationError(_("Choose a decision."), code="invalid_decision")
        if not application.can_transition(target):
            raise AlreadyDecided(
                _("This application was already dealt with: it is now %(status)s.")
                % {"status": application.get_status_display().lower()},
                code="already_decided",
            )
        if decision == Decision.MORE_INFORMATION:
            application.status = App.Status.MORE_INFORMATION
            application.question = reason
            application.save(update_fields=["status", "question", "updated_at"])
            _event(application, ApplicationEvent.Action.MORE_INFORMATION, acting_user, reason)
            _mail_applicant(application, "more_information", question=reason)
            return application
        application.decision_reason = reason
        application.decided_by = acting_user
        application.decided_at = timezone.now()
        if decision == Decision.DECLINE:
            application.status = App.Status.DECLINED
            application.save()
            _event(application, ApplicationEvent.Action.DECLINED, acting_user, reason)
            _mail_applicant(application, "application_declined", reason=reason)
            return application
        if (
            application.kind == App.Kind.TEMPORARY
            and application.ends_on
            and application.ends_on < timezone.localdate()
        ):
            raise ValidationError(
                _("The period asked for ended on %(date)s: ask for new dates instead.")
                % {"date": application.ends_on},
                code="period_over",
            )
        application.status = App.Status.APPROVED
        _admit(application, acting_user)
        application.save()
        _event(application, ApplicationEvent.Action.APPROVED, acting_user, reason)
        _mail_applicant(application, "application_approved", reason=reason)
        nominator = application.nominating_organisation
        if nominator:
            focal = [p.user.email for p in selectors.focal_people(nominator)]
            if focal:
                mail.send_email(
                    "members/email/nominee_approved", focal, {"application": application}
                )
    return application


def _admit(application, acting_user):
    """Make the applicant a member: the organisation (new or reactivated) with its programmes
    and coverage, the applicant as focal person, invitations to the other contacts."""
    applicant = application.applicant
    person = Person.objects.select_for_update().filter(user=applicant).first() or Person(
        user=applicant
    )
    person.removed_at = None
    person.joined_at = timezone.now()
    if application.kind == App.Kind.INDIVIDUAL:
        person.kind, person.organisation, person.is_focal_person = (
            Person.Kind.INDIVIDUAL,
            None,
            False,
        )
        person.save()
        return
    if application.kind == App.Kind.TEMPORARY:
        person.kind, person.organisation, person.is_focal_person = (
            Person.Kind.TEMPORARY,
            None,
            False,
        )
        person.objective = application.objective
        person.ends_on = application.ends_on
        person.save()
        return
    organisation = (
        Organisation.objects.select_for_update()
        .filter(name__iexact=application.organisation_name)
        .first()
    )
    fields = {
        "acronym": application.acronym,
        "category": application.category,
        "legal_status": application.legal_status,
        "registration_number": application.registration_number,
        "national_coverage": application.national_coverage,
        "description": application.description,
        "website": application.website,
    }
    if organisation is not None and organisation.is_active:
        raise ValidationError(
            _(
                "%(name)s is already an active member: approving would hand it to this "
                "applicant. Decline, or ask the applicant to join through its focal person."
            )
            % {"name": organisation.name},
            code="already_member",
        )
    if organisation is None:
        organisation = Organisation.objects.create(
            name=application.organisation_name, slug=_unique_slug(application), **fields
        )
    else:
        # A former member comes back with the applicant alone: its former people do not
        # regain access (or focal rights) by someone else's application.
        Person.objects.filter(organisation=organisation, removed_at=None).exclude(
            user=applicant
        ).update(removed_at=timezone.now(), is_focal_person=False)
        for name, value in fields.items():
            setattr(organisation, name, value)
        previous = organisation.status
        organisation.status = Organisation.Status.ACTIVE
        organisation.save()
        if previous != Organisation.Status.ACTIVE:
            OrganisationStatusChange.objects.create(
                organisation=organisation,
                status=Organisation.Status.ACTIVE,
                reason=_("Readmitted on approval of its membership application."),
                acted_by=acting_user,
            )
    organisation.pillars.set(application.pillars.all())
    organisation.counties.set(application.counties.all())
    for programme in application.programmes.all():
        Programme.objects.get_or_create(
            organisation=organisation,
            name=programme.name,
            defaults={
                "pillar_id": programme.pillar_id,
                "description": programme.description,
                "start_year": programme.start_year,
                "url": programme.url,
            },
        )
    if application.applicant:
        contact = application.contacts.filter(email__iexact=applicant.email).first()
        if contact and not organisation.contact_email:
            organisation.contact_email = contact.email
            organisation.contact_phone = contact.phone
            organisation.save(update_fields=["contact_email", "contact_phone", "updated_at"])
    person.kind, person.organisation, person.is_focal_person = Person.Kind.STAFF, organisation, True
    person.ends_on = None
    person.save()
    application.organisation = organisation
    for contact in application.contacts.exclude(email__iexact=applicant.email):
        if Person.objects.filter(user__email__iexact=contact.email, removed_at=None).exists():
            continue
        _invitation_send(
            purpose=Invitation.Purpose.JOIN,
            email=contact.email,
            full_name=contact.full_name,
            organisation=organisation,
            invited_by=acting_user,
        )


# Words the members URLs use: an organisation's profile must not hide one of those pages.
RESERVED_SLUGS = {
    "apply",
    "applications",
    "code-of-conduct",
    "invitations",
    "membership",
    "my-organisation",
    "nominate",
    "nominations",
    "review",
}


def _unique_slug(application):
    base = slugify(application.organisation_name)[:190] or "organisation"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


MAX_DOCUMENTS = 10


def _lock_editable(application, acting_user):
    """Lock the application and check its applicant may still change it."""
    application = _lock(application)
    if application.applicant_id != acting_user.pk:
        raise PermissionDenied
    if not application.is_editable:
        raise ValidationError(_("This application can no longer be changed."), "locked")
    return application


def document_add(*, application, kind, upload, content_type, acting_user):
    """Store a checked document on an application the applicant may still edit."""
    written = []
    try:
        with transaction.atomic():
            application = _lock_editable(application, acting_user)
            if application.documents.count() >= MAX_DOCUMENTS:
                raise ValidationError(
                    _("An application holds at most %(n)d documents: remove one first.")
                    % {"n": MAX_DOCUMENTS},
                    "too_many",
                )
            document = ApplicationDocument(
                application=application,
                kind=kind,
                original_name=upload.name[:200],
                content_type=content_type,
                size=upload.size,
                uploaded_by=acting_user,
            )
            files.store(document.file, upload, written, name=upload.name)
            document.save()
    except BaseException:
        files.discard(written)  # a file cut off by a full disk, or one whose row failed
        raise
    return document


def document_delete(*, document, acting_user):
    with transaction.atomic():
        _lock_editable(document.application, acting_user)
        storage_file = document.file
        document.delete()
        transaction.on_commit(lambda: storage_file.delete(save=False))


# --- Focal persons: profile and programmes -----------------------------------------------

PROFILE_FIELDS = (
    "acronym",
    "legal_status",
    "registration_number",
    "national_coverage",
    "description",
    "website",
    "contact_email",
    "contact_phone",
)
LOGO_TYPES = {files.PNG: "png", files.JPEG: "jpg", files.WEBP: "webp"}


def organisation_profile_update(
    *, organisation, acting_user, pillars, counties, logo=None, remove_logo=False, **fields
):
    """A focal person edits the profile of their organisation. Name, category and status are
    the administration team's. A new logo is checked by its content and stored under a fresh
    name; the old file is deleted once the change is committed."""
    if not selectors.is_focal_person(acting_user, organisation):
        raise PermissionDenied
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable by a focal person: {', '.join(sorted(unknown))}")
    mime = None
    if logo is not None:
        mime = files.check_upload(
            logo, allowed=files.IMAGE_EXTENSIONS, max_bytes=settings.LOGO_MAX_SIZE
        ).content_type
    written = []
    try:
        with transaction.atomic():
            organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
            for name, value in fields.items():
                setattr(organisation, name, value)
            organisation.full_clean(exclude=["logo"])
            old_logo = organisation.logo.name
            if mime:
                name = f"{organisation.slug}-{secrets.token_hex(4)}.{LOGO_TYPES[mime]}"
                files.store(organisation.logo, logo, written, name=name)
            elif remove_logo:
                organisation.logo = ""
            organisation.save()
            organisation.pillars.set(pillars)
            organisation.counties.set(counties)
            if old_logo and old_logo != organisation.logo.name:
                storage = organisation.logo.storage
                transaction.on_commit(lambda: storage.delete(old_logo))
    except BaseException:
        files.discard(written)  # a logo cut off by a full disk, or one whose row failed
        raise
    return organisation


def invitation_signup(*, invitation, full_name, job_title, password, language=None):
    """Create the account of a person who follows an invitation link and has none yet, then
    accept the invitation for them. The link proves the address, so it is stored verified.
    All or nothing: an invitation that closed meanwhile creates no account."""
    from allauth.account.models import EmailAddress

    User = get_user_model()
    with transaction.atomic():
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(
                _("An account with this e-mail address already exists. Sign in to accept."),
                code="account_exists",
            )
        # The sign-up form requires agreeing to the privacy notice.
        user = User(
            email=invitation.email,
            full_name=full_name,
            job_title=job_title,
            privacy_consent_at=timezone.now(),
        )
        if language:
            user.preferred_language = language
        user.set_password(password)
        user.save()
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        result = invitation_accept(invitation=invitation, user=user)
    return user, result
