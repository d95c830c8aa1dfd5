"""Services of an organisation's membership status, which the administration team changes
in the admin: suspension, termination and reinstatement, each with its reason."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import mail

from ..models import Organisation, OrganisationStatusChange, Person


def _organisation_set_status(*, organisation, status, reason, effective_on, acting_user):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the change."), code="reason_required")
    if effective_on and effective_on > timezone.localdate():
        raise ValidationError(
            _("A status change takes effect at once: give today or an earlier date."),
            code="future_date",
        )
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if not organisation.can_transition(status):
            raise ValidationError(
                _("The organisation is %(current)s: it cannot become %(new)s.")
                % {
                    "current": organisation.get_status_display().lower(),
                    "new": Organisation.Status(status).label.lower(),
                },
                code="invalid_transition",
            )
        organisation.status = status
        organisation.save(update_fields=["status", "updated_at"])
        change = OrganisationStatusChange.objects.create(
            organisation=organisation,
            status=status,
            reason=reason,
            effective_on=effective_on or timezone.localdate(),
            acted_by=acting_user,
        )
        recipients = list(
            Person.objects.filter(
                organisation=organisation, is_focal_person=True, removed_at=None
            ).values_list("user__email", flat=True)
        )
        if recipients:
            mail.send_email(
                "members/email/organisation_status",
                recipients,
                {"organisation": organisation, "change": change},
            )
    return organisation


def organisation_suspend(*, organisation, reason, acting_user, effective_on=None):
    return _organisation_set_status(
        organisation=organisation,
        status=Organisation.Status.SUSPENDED,
        reason=reason,
        effective_on=effective_on,
        acting_user=acting_user,
    )


def organisation_terminate(*, organisation, reason, acting_user, effective_on=None):
    return _organisation_set_status(
        organisation=organisation,
        status=Organisation.Status.TERMINATED,
        reason=reason,
        effective_on=effective_on,
        acting_user=acting_user,
    )


def organisation_reinstate(*, organisation, reason, acting_user, effective_on=None):
    return _organisation_set_status(
        organisation=organisation,
        status=Organisation.Status.ACTIVE,
        reason=reason,
        effective_on=effective_on,
        acting_user=acting_user,
    )
