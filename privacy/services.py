"""Every change the privacy app makes: the ledger, exports, account closure, file deletion."""

import hashlib
import logging
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bulletin.subscriptions import services as bulletin_subscriptions
from core.mail import send_email
from core.personal_data import Erasure, consent_changed, contributions

from . import conf, notices
from .models import (
    AccountClosure,
    Breach,
    Consent,
    DataExport,
    DataSubjectRequest,
    PendingFileDeletion,
)

logger = logging.getLogger(__name__)

# Closing another person's account: the administration team's right on users.
CLOSE_PERMISSION = "accounts.change_user"


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


# The ledger


def notice_acknowledge(*, user, version=None, now=None):
    """Record that a person read a version of the notice (the current one by default).
    Acknowledging twice records once."""
    notice = notices.by_version(version) if version else notices.current()
    if notice is None:
        raise ValidationError(_("There is no such version of the notice."), code="version")
    with transaction.atomic():
        consent, _created = Consent.objects.get_or_create(
            user=user,
            purpose=Consent.Purpose.NOTICE,
            notice_version=notice.version,
            withdrawn_at__isnull=True,
            defaults={"method": Consent.Method.NOTICE_PAGE, "given_at": now or timezone.now()},
        )
    return consent


def has_read_current_notice(user):
    return Consent.objects.filter(
        user=user,
        purpose=Consent.Purpose.NOTICE,
        notice_version=notices.current().version,
        withdrawn_at__isnull=True,
    ).exists()


def consent_record_signup(*, user, now=None):
    """At sign-up the person ticked the notice: their account rests on that, and they have
    read the notice in force."""
    now = now or timezone.now()
    version = notices.current().version
    with transaction.atomic():
        for purpose in (Consent.Purpose.ACCOUNT, Consent.Purpose.NOTICE):
            Consent.objects.get_or_create(
                user=user,
                purpose=purpose,
                notice_version=version,
                withdrawn_at__isnull=True,
                defaults={"method": Consent.Method.SIGN_UP, "given_at": now},
            )


def standing_consent(user, purpose):
    return (
        Consent.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True)
        .order_by("-given_at")
        .first()
    )


def consent_give(*, user, purpose, now=None):
    """A person switches a use of their data on, from the privacy page."""
    if purpose not in Consent.WITHDRAWABLE:
        raise ValidationError(_("This is not something you switch on or off."), code="purpose")
    now = now or timezone.now()
    with transaction.atomic():
        get_user_model().objects.select_for_update().get(pk=user.pk)
        consent = standing_consent(user, purpose)
        if consent is None:
            consent = Consent.objects.create(
                user=user,
                purpose=purpose,
                notice_version=notices.current().version,
                method=Consent.Method.PRIVACY_PAGE,
                given_at=now,
            )
        if purpose == Consent.Purpose.BULLETIN:
            bulletin_subscriptions.member_set_subscribed(acting_user=user, subscribed=True, now=now)
        consent_changed.send(sender=Consent, user=user, purpose=purpose, given=True)
    return consent


def consent_withdraw(*, user, purpose, now=None):
    """A person withdraws a consent: one button, as giving it was."""
    if purpose not in Consent.WITHDRAWABLE:
        raise ValidationError(_("This is not something you switch on or off."), code="purpose")
    now = now or timezone.now()
    with transaction.atomic():
        get_user_model().objects.select_for_update().get(pk=user.pk)
        Consent.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True).update(
            withdrawn_at=now, withdrawn_how=Consent.Method.PRIVACY_PAGE
        )
        if purpose == Consent.Purpose.BULLETIN:
            bulletin_subscriptions.member_set_subscribed(
                acting_user=user, subscribed=False, now=now
            )
        consent_changed.send(sender=Consent, user=user, purpose=purpose, given=False)


# Exports


def export_request(*, user, now=None):
    """Ask for a copy of one's data: the archive is built by a background task, which
    e-mails the link. One request at a time."""
    from . import tasks

    now = now or timezone.now()
    with transaction.atomic():
        get_user_model().objects.select_for_update().get(pk=user.pk)
        if DataExport.objects.filter(user=user, status=DataExport.Status.PENDING).exists():
            raise ValidationError(
                _("Your copy is already being prepared. We will e-mail you when it is ready."),
                code="pending",
            )
        export = DataExport.objects.create(
            user=user, token_hash=_hash(secrets.token_urlsafe(16)), requested_at=now
        )
        transaction.on_commit(lambda: tasks.build_export.enqueue(export_id=export.pk))
    return export


def export_ready(*, export, path, size, now=None):
    """The archive is stored: give it a one-time link and e-mail the person."""
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    hours = conf.get("PRIVACY_EXPORT_LINK_HOURS")
    with transaction.atomic():
        export = DataExport.objects.select_for_update().select_related("user").get(pk=export.pk)
        if not export.can_transition(DataExport.Status.READY):
            # Built twice, or the row moved meanwhile: this archive is nobody's link.
            _queue_file_deletion(path)
            return export
        export.file.name = path
        export.size = size
        export.status = DataExport.Status.READY
        export.ready_at = now
        export.expires_at = now + timedelta(hours=hours)
        export.token_hash = _hash(token)
        export.save()
        send_email(
            "privacy/email/export_ready",
            export.user.email,
            {
                "user": export.user,
                "url": reverse("privacy:export_download", args=[token]),
                "hours": hours,
            },
        )
    return export


def export_failed(*, export):
    """The task could not build the archive: an export still being prepared is failed (one
    update, on the states the table lets fail)."""
    failing = [
        s for s, targets in DataExport.TRANSITIONS.items() if DataExport.Status.FAILED in targets
    ]
    DataExport.objects.filter(pk=export.pk, status__in=failing).update(
        status=DataExport.Status.FAILED
    )


def export_claim(*, user, token, now=None):
    """Use a download link: it must be the person's own, unexpired and unused. Returns the
    export (now marked downloaded); the caller streams its file and deletes it."""
    now = now or timezone.now()
    with transaction.atomic():
        export = (
            DataExport.objects.select_for_update()
            .filter(token_hash=_hash(token), user=user)
            .first()
        )
        if export is None or not export.can_transition(DataExport.Status.DOWNLOADED):
            raise PermissionDenied
        expired = export.expires_at <= now
        if expired:
            export.status = DataExport.Status.EXPIRED
            export.save(update_fields=["status"])
            _queue_file_deletion(export.file.name)
        else:
            export.status = DataExport.Status.DOWNLOADED
            export.downloaded_at = now
            export.save(update_fields=["status", "downloaded_at"])
    if expired:
        raise ValidationError(_("This link has expired. Ask for a new copy."), code="expired")
    return export


# Files


def _queue_file_deletion(path):
    """Queue a stored file for deletion once the transaction commits (and again by
    ``purge_expired`` if storage fails then)."""
    if not path:
        return
    pending = PendingFileDeletion.objects.create(path=path)
    transaction.on_commit(lambda: delete_pending_files(ids=[pending.pk]))


def delete_pending_files(*, ids=None):
    """Delete queued files; a failure is counted and kept for the next try. Returns
    ``(deleted, failed)``."""
    rows = PendingFileDeletion.objects.order_by("pk")
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    deleted = failed = 0
    for pending in rows.iterator():
        try:
            default_storage.delete(pending.path)
        except Exception as error:  # storage of any kind: S3, disk, network
            logger.warning("Could not delete %s: %s", pending.path, error)
            PendingFileDeletion.objects.filter(pk=pending.pk).update(
                attempts=pending.attempts + 1, last_error=str(error)[:1000]
            )
            failed += 1
        else:
            pending.delete()
            deleted += 1
    return deleted, failed


# Closing an account


def check_reauthentication(*, user, password="", code=""):
    """The person proves it is them again: their password, or a code from their
    authenticator app."""
    if password and user.check_password(password):
        return
    if code:
        from allauth.mfa.models import Authenticator
        from allauth.mfa.totp.internal.auth import TOTP

        totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if totp is not None and TOTP(totp).validate_code(code.strip()):
            return
    raise ValidationError(
        _("That password or code is not right. Your account is still open."), code="reauth"
    )


def account_close(*, user, acting_user, reason="", now=None):
    """Close an account: deactivate it and anonymise the person everywhere, by running every
    app's eraser in one transaction. What the CoP must keep (decisions, minutes, attendance,
    the documents organisations share) stays, with "Former member" in place of the person.
    Files go after the commit: a storage error then leaves a queued deletion, never a
    half-closed account.

    The person closes their own account; an administrator closes another's only with the
    reason (the verified request) recorded."""
    now = now or timezone.now()
    by_admin = acting_user.pk != user.pk
    if by_admin and not (
        acting_user.is_active and acting_user.is_staff and acting_user.has_perm(CLOSE_PERMISSION)
    ):
        raise PermissionDenied
    if by_admin and not reason.strip():
        raise ValidationError(_("Give the request and how it was verified."), code="reason")
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        if AccountClosure.objects.filter(user=user).exists():
            raise ValidationError(_("This account is already closed."), code="closed")
        if by_admin and user.is_superuser and not acting_user.is_superuser:
            raise PermissionDenied
        former_email = user.email
        erasure = Erasure(
            user_id=user.pk, full_name=user.full_name, email=user.email, phone=user.phone
        )
        # Highest layer first: an app's eraser still finds the rows lower apps keep.
        for contribution in reversed(contributions()):
            contribution.erase(user, erasure)
        AccountClosure.objects.create(
            user=user,
            by=AccountClosure.By.ADMINISTRATION if by_admin else AccountClosure.By.PERSON,
            acting_user=acting_user if by_admin else None,
            reason=reason,
            closed_at=now,
        )
        for _storage, path in erasure.files:
            _queue_file_deletion(path)
        send_email(
            "privacy/email/account_closed",
            former_email,
            {"by_admin": by_admin},
        )
    return user


# The registers of the administration team


def request_record(*, request, acting_user):
    """Enter a data-subject request in the register (its deadline follows from its kind)."""
    request.recorded_by = acting_user
    request.deadline = None
    request.status = DataSubjectRequest.Status.OPEN
    request.full_clean(exclude=["deadline"])
    request.save()
    return request


def request_answer(*, request, action_taken, refused=False, acting_user, now=None):
    """Close a request with the action taken (or the reasons for refusing it)."""
    if not action_taken.strip():
        raise ValidationError(_("Say what was done."), code="action")
    with transaction.atomic():
        request = DataSubjectRequest.objects.select_for_update().get(pk=request.pk)
        outcome = DataSubjectRequest.Status.REFUSED if refused else DataSubjectRequest.Status.DONE
        if not request.can_transition(outcome):
            raise ValidationError(_("This request has already been answered."), code="answered")
        request.status = outcome
        request.action_taken = action_taken
        request.done_on = timezone.localdate(now)
        request.save(update_fields=["status", "action_taken", "done_on"])
    return request


def breach_record(*, breach, acting_user):
    if breach.recorded_by_id is None:
        breach.recorded_by = acting_user
    breach.full_clean()
    breach.save()
    return breach


def breach_notified(*, breach, whom, acting_user, now=None):
    """Record that the Data Commissioner (``whom="commissioner"``) or the people affected
    (``"people"``) were told of a breach."""
    field = {"commissioner": "commissioner_notified_at", "people": "people_notified_at"}[whom]
    with transaction.atomic():
        breach = Breach.objects.select_for_update().get(pk=breach.pk)
        if getattr(breach, field) is not None:
            raise ValidationError(_("That notification is already recorded."), code="recorded")
        setattr(breach, field, now or timezone.now())
        breach.save(update_fields=[field])
    return breach
