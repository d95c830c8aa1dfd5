import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.transitions import Transitions

from . import conf


class Consent(models.Model):
    """One entry of the consent ledger: a person's consent to a use of their data, or their
    acknowledgement of a version of the notice, with how and when it was given and, once
    withdrawn, when. Rows are never deleted while the account exists: they are the proof
    (ss. 30-32 of the Act). Closing the account withdraws what is still given."""

    class Purpose(models.TextChoices):
        ACCOUNT = "account", _("An account on the portal")
        NOTICE = "notice", _("Read the privacy notice")
        BULLETIN = "bulletin", _("The quarterly bulletin by e-mail")
        DIGESTS = "digests", _("Digests of discussions by e-mail")
        DIRECTORY = "directory", _("Being listed as a contact in the directory")

    class Method(models.TextChoices):
        SIGN_UP = "sign-up", _("Ticked at sign-up")
        NOTICE_PAGE = "notice-page", _("Confirmed on the notice page")
        PRIVACY_PAGE = "privacy-page", _("Switched on the privacy page")
        CLOSURE = "closure", _("Account closed")

    WITHDRAWABLE = (Purpose.BULLETIN, Purpose.DIGESTS, Purpose.DIRECTORY)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name=_("person"),
    )
    purpose = models.CharField(_("what it covers"), max_length=16, choices=Purpose.choices)
    notice_version = models.CharField(_("notice version"), max_length=16)
    method = models.CharField(_("how it was given"), max_length=16, choices=Method.choices)
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_how = models.CharField(
        _("how it was withdrawn"), max_length=16, choices=Method.choices, blank=True
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consent ledger")
        ordering = ["-given_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "purpose", "notice_version"],
                condition=Q(withdrawn_at__isnull=True),
                name="privacy_one_standing_consent",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=models.F("given_at")),
                name="privacy_consent_withdrawn_after_given",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_purpose_display()} · {self.notice_version}"


class DataExport(Transitions, models.Model):
    """A person's request for a copy of their data: built in the background, offered once
    by a link that expires. Only a hash of the link's secret is stored."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready to download")
        DOWNLOADED = "downloaded", _("Downloaded")
        FAILED = "failed", _("Could not be prepared")
        EXPIRED = "expired", _("Expired")

    # The background task prepares the copy or fails; a ready link is used once, or found
    # expired when someone tries it late.
    TRANSITIONS = {
        Status.PENDING: (Status.READY, Status.FAILED),
        Status.READY: (Status.DOWNLOADED, Status.EXPIRED),
        Status.DOWNLOADED: (),
        Status.FAILED: (),
        Status.EXPIRED: (),
    }

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    file = models.FileField(_("archive"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    requested_at = models.DateTimeField(_("asked"), default=timezone.now)
    ready_at = models.DateTimeField(_("ready"), null=True, blank=True)
    expires_at = models.DateTimeField(_("link expires"), null=True, blank=True)
    downloaded_at = models.DateTimeField(_("downloaded"), null=True, blank=True)

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"{self.user} · {self.requested_at:%Y-%m-%d %H:%M}"


class AccountClosure(models.Model):
    """The record that an account was closed: when, by whom, and on what request. The person
    is "Former member" by then; this row keeps no other trace of them."""

    class By(models.TextChoices):
        PERSON = "person", _("The person, on their account page")
        ADMINISTRATION = "administration", _("The administration team, on a verified request")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="closure"
    )
    by = models.CharField(_("closed by"), max_length=16, choices=By.choices)
    acting_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("administrator"),
    )
    reason = models.TextField(_("request and verification"), blank=True)
    closed_at = models.DateTimeField(_("closed"), default=timezone.now)

    class Meta:
        verbose_name = _("account closure")
        verbose_name_plural = _("account closures")
        ordering = ["-closed_at"]

    def __str__(self):
        return f"{self.user_id} · {self.closed_at:%Y-%m-%d}"


class PendingFileDeletion(models.Model):
    """A stored file whose record is gone (a closed account's, or one past its retention
    period), waiting to be deleted. Deletion happens after the commit; a storage error leaves
    the row here and ``purge_expired`` tries again."""

    path = models.CharField(max_length=500)
    queued_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("file waiting to be deleted")
        verbose_name_plural = _("files waiting to be deleted")
        ordering = ["queued_at", "pk"]

    def __str__(self):
        return self.path


class DataSubjectRequest(Transitions, models.Model):
    """A request from a person about their data, received outside the portal (a letter, an
    e-mail) or about something they cannot do themselves, with its deadline and outcome."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("Access to their data")
        CORRECTION = "correction", _("Correction")
        ERASURE = "erasure", _("Erasure")
        OBJECTION = "objection", _("Objection to a use")
        PORTABILITY = "portability", _("Portability")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        REFUSED = "refused", _("Refused, with reasons")

    # A request is answered once: done, or refused with the reasons.
    TRANSITIONS = {
        Status.OPEN: (Status.DONE, Status.REFUSED),
        Status.DONE: (),
        Status.REFUSED: (),
    }

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    requester_name = models.CharField(_("requester's name"), max_length=200)
    requester_email = models.EmailField(_("requester's e-mail"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("portal account"),
    )
    details = models.TextField(_("what was asked"))
    how_verified = models.TextField(_("how the requester's identity was verified"), blank=True)
    received_on = models.DateField(_("received"), default=timezone.localdate)
    deadline = models.DateField(_("answer due by"), blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    action_taken = models.TextField(_("action taken"), blank=True)
    done_on = models.DateField(_("answered"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        ordering = ["status", "deadline", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.requester_name} · {self.received_on}"

    def save(self, *args, **kwargs):
        if not self.deadline:
            days = conf.request_deadline_days(self.kind)
            self.deadline = self.received_on + datetime.timedelta(days=days)
        super().save(*args, **kwargs)

    @property
    def is_overdue(self):
        return self.status == self.Status.OPEN and self.deadline < timezone.localdate()


class Breach(models.Model):
    """A personal-data breach: what happened, who is affected, and when the Data Commissioner
    (within 72 hours of discovery, s. 43) and the people affected were told."""

    title = models.CharField(_("what happened"), max_length=200)
    description = models.TextField(_("description, causes and the data concerned"))
    occurred_at = models.DateTimeField(_("happened (if known)"), null=True, blank=True)
    discovered_at = models.DateTimeField(_("discovered"))
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("people affected")
    )
    people_count = models.PositiveIntegerField(
        _("number of people affected"),
        default=0,
        help_text=_("Including people without an account, if any."),
    )
    measures = models.TextField(_("measures taken"), blank=True)
    commissioner_notified_at = models.DateTimeField(
        _("Data Commissioner notified"), null=True, blank=True
    )
    people_notified_at = models.DateTimeField(_("people notified"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("personal-data breach")
        verbose_name_plural = _("breach register")
        ordering = ["-discovered_at"]

    def __str__(self):
        return f"{self.discovered_at:%Y-%m-%d} · {self.title}"

    @property
    def commissioner_deadline(self):
        return self.discovered_at + datetime.timedelta(hours=72)
