"""The Kenya Social Protection Bulletin: what members submit, how the content coordinator
moderates it, the quarterly editions assembled from accepted items, who receives them and
what was sent to whom.

Writes go through ``services``; reads through ``selectors``. The e-mail a subscriber gets is
rendered by ``rendering.render_edition_email`` and queued by ``sending.queue_edition``."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.transitions import Transitions
from repository.models import Document

SUBMISSION_FILE_TYPES = ("pdf", "docx", "pptx", "odt", "png", "jpg", "jpeg", "webp")


def submission_file_path(instance, filename):
    """A random name: the uploaded name is kept on the row only."""
    return f"bulletin/submissions/{uuid.uuid4().hex}.{instance.file_extension or 'bin'}"


class SubmissionQuerySet(models.QuerySet):
    def for_listing(self):
        """What a row of a list shows: the submitter, their organisation and the document."""
        return self.select_related("submitted_by", "organisation", "document")

    def pending(self):
        return self.filter(status=Submission.Status.SUBMITTED)

    def placeable(self):
        """Accepted items not yet placed in any edition."""
        return self.filter(status=Submission.Status.ACCEPTED, edition_item__isnull=True)


class Submission(Transitions, models.Model):
    class Kind(models.TextChoices):
        ARTICLE = "article", _("Article")
        NEWS = "news", _("News")
        VIDEO = "video", _("Video")
        WEBCAST = "webcast", _("Webcast")
        PAPER = "paper", _("Academic or scientific paper")
        STUDY_REPORT = "study-report", _("Study report")
        EVENT_REPORT = "event-report", _("Event report")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for review")
        CHANGES_REQUESTED = "changes-requested", _("Changes requested")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        PUBLISHED = "published", _("Published in an edition")

    # Which statuses a submission may move to from each status.
    TRANSITIONS = {
        Status.SUBMITTED: (Status.ACCEPTED, Status.DECLINED, Status.CHANGES_REQUESTED),
        Status.CHANGES_REQUESTED: (Status.SUBMITTED,),
        Status.ACCEPTED: (Status.PUBLISHED,),
        Status.DECLINED: (),
        Status.PUBLISHED: (),
    }

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    link = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to=submission_file_path, max_length=200, blank=True)
    file_name = models.CharField(_("original file name"), max_length=255, blank=True)
    file_extension = models.CharField(_("file extension"), max_length=8, blank=True)
    file_content_type = models.CharField(_("file content type"), max_length=128, blank=True)
    document = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bulletin_submissions",
        verbose_name=_("repository document"),
    )
    description = models.TextField(_("description"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="bulletin_submissions",
        verbose_name=_("submitted by"),
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bulletin_submissions",
        verbose_name=_("submitter's organisation"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.SUBMITTED,
        db_index=True,
    )
    summary = models.TextField(
        _("coordinator's summary"),
        blank=True,
        help_text=_("The core message in a few sentences, as the bulletin prints it."),
    )
    note_to_submitter = models.TextField(_("note to the submitter"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("bulletin submission")
        verbose_name_plural = _("bulletin submissions")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(link="") | ~Q(file="") | Q(document__isnull=False),
                name="bulletin_submission_has_link_file_or_document",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["accepted", "published"]) | ~Q(summary=""),
                name="bulletin_submission_accepted_has_summary",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("bulletin:submission_detail", kwargs={"pk": self.pk})

    @property
    def is_editable_by_submitter(self):
        return self.status in (self.Status.SUBMITTED, self.Status.CHANGES_REQUESTED)


class SubmissionEvent(models.Model):
    """The audit trail of a submission: who did what, and when."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        EDITED = "edited", _("Edited")
        RESUBMITTED = "resubmitted", _("Resubmitted")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CHANGES_REQUESTED = "changes-requested", _("Changes requested")
        SUMMARY_EDITED = "summary-edited", _("Summary edited")
        PLACED = "placed", _("Placed in an edition")
        REMOVED = "removed", _("Removed from an edition")
        PUBLISHED = "published", _("Published")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("submission event")
        verbose_name_plural = _("submission events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.submission}: {self.get_action_display()}"


class EditionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Edition.Status.PUBLISHED)

    def due(self, now=None):
        """Scheduled editions whose time has come."""
        return self.filter(status=Edition.Status.SCHEDULED, publish_at__lte=now or timezone.now())


class Edition(Transitions, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")

    # A scheduled edition may be given another time; once published it never changes.
    TRANSITIONS = {
        Status.DRAFT: (Status.SCHEDULED, Status.PUBLISHED),
        Status.SCHEDULED: (Status.SCHEDULED, Status.DRAFT, Status.PUBLISHED),
        Status.PUBLISHED: (),
    }

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), choices=[(q, f"Q{q}") for q in range(1, 5)]
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    editorial = models.TextField(
        _("editorial"), blank=True, help_text=_("Sanitised HTML: only an allowlist is kept.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Set when publishing stores the "new public documents" block (EditionDocument rows): a
    # published edition's block is then read from those rows, not worked out again from
    # every approval in the repository.
    documents_stored = models.BooleanField(_("documents block stored"), default=False)
    # The automatic blocks other apps provide (``bulletin.blocks``), stored at publication.
    automatic_blocks = models.JSONField(_("automatic blocks"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="bulletin_editions",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("bulletin edition")
        verbose_name_plural = _("bulletin editions")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "quarter"], name="bulletin_edition_quarter_once"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4),
                name="bulletin_edition_quarter_1_to_4",
            ),
            models.CheckConstraint(
                condition=~Q(status="scheduled") | Q(publish_at__isnull=False),
                name="bulletin_edition_scheduled_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="bulletin_edition_published_has_time",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("bulletin:edition", kwargs={"slug": self.slug})

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @staticmethod
    def default_title(year, quarter):
        return f"{year} Q{quarter}"

    @staticmethod
    def default_slug(year, quarter):
        return f"{year}-q{quarter}"


class Section(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("edition section")
        verbose_name_plural = _("edition sections")
        ordering = ["edition", "position", "pk"]

    def __str__(self):
        return self.title


class EditionItem(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="items")
    submission = models.OneToOneField(
        Submission,
        on_delete=models.PROTECT,
        related_name="edition_item",
        verbose_name=_("submission"),
        help_text=_("A submission appears in at most one edition."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("edition item")
        verbose_name_plural = _("edition items")
        ordering = ["section", "position", "pk"]

    def __str__(self):
        return str(self.submission)


class EditionDocument(models.Model):
    """One entry of a published edition's "new public documents" block, stored at
    publication in the block's order. The page still reads the documents through the
    repository's visibility selector, so one withdrawn or no longer public since drops out."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="document_entries")
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="bulletin_entries"
    )
    made_public_at = models.DateTimeField(_("made public"))
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("edition document")
        verbose_name_plural = _("edition documents")
        ordering = ["edition", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "document"], name="bulletin_editiondocument_once"
            ),
        ]

    def __str__(self):
        return str(self.document)


class SubscriberQuerySet(models.QuerySet):
    def subscribed(self):
        return self.filter(status=Subscriber.Status.SUBSCRIBED)

    def with_email(self, email):
        return self.filter(email__iexact=email.strip())


class Subscriber(Transitions, models.Model):
    """One address that receives (or once received, or asked to receive) the bulletin.

    Members are subscribed by default: their row is created at send time by
    ``sending.queue_edition`` (or earlier, when they opt out). No secret is stored: confirm
    and unsubscribe links are signed with ``django.core.signing``."""

    class Status(models.TextChoices):
        PENDING = "pending-confirmation", _("Waiting for confirmation")
        SUBSCRIBED = "subscribed", _("Subscribed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    # Only the signed confirmation link (or a member's own verified address) subscribes;
    # asking again after unsubscribing waits for that link too.
    TRANSITIONS = {
        Status.PENDING: (Status.SUBSCRIBED, Status.UNSUBSCRIBED),
        Status.SUBSCRIBED: (Status.UNSUBSCRIBED,),
        Status.UNSUBSCRIBED: (Status.SUBSCRIBED,),
    }

    class Source(models.TextChoices):
        MEMBER = "member", _("Member (subscribed by default)")
        PUBLIC = "public", _("Public sign-up")
        ADMIN = "admin", _("Added by the administration team")

    email = models.EmailField(_("e-mail address"), max_length=254)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bulletin_subscriber",
        verbose_name=_("portal account"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    # The language the address subscribed in; a member's account language comes first.
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Editions are sent in it, unless the address is a member's account."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    # When the last confirmation e-mail went out: a public address gets at most one per
    # ``BULLETIN_CONFIRMATION_INTERVAL`` however often the form is sent.
    confirmation_sent_at = models.DateTimeField(
        _("confirmation e-mail sent"), null=True, blank=True
    )

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("bulletin subscriber")
        verbose_name_plural = _("bulletin subscribers")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="bulletin_subscriber_email_once"),
            models.CheckConstraint(
                condition=~Q(status="unsubscribed") | Q(unsubscribed_at__isnull=False),
                name="bulletin_subscriber_unsubscribed_has_time",
            ),
        ]

    def __str__(self):
        return self.email

    @property
    def reading_language(self):
        """The language its e-mails are written in: the account's preference for a member,
        else the language it subscribed in."""
        if self.user_id and self.user.preferred_language:
            return self.user.preferred_language
        return self.language


class DeliveryQuerySet(models.QuerySet):
    def sendable(self, now=None):
        """Rows a worker may try now: never sent, or failed temporarily and due again."""
        now = now or timezone.now()
        return self.filter(
            Q(status=Delivery.Status.PENDING)
            | Q(status=Delivery.Status.FAILED_TEMPORARY, next_attempt_at__lte=now)
        )

    def claimable(self, *, now, lease):
        """Rows a worker may claim now: sendable ones, and rows claimed by a worker whose
        lease ran out (it crashed or was killed: see ``bulletin.sending``)."""
        return self.filter(
            Q(status=Delivery.Status.PENDING, next_attempt_at__isnull=True)
            | Q(
                status__in=[Delivery.Status.PENDING, Delivery.Status.FAILED_TEMPORARY],
                next_attempt_at__lte=now,
            )
            | Q(status=Delivery.Status.SENDING, claimed_at__lt=now - lease)
        )


class Delivery(Transitions, models.Model):
    """One edition to one subscriber. The unique pair is what makes sending resumable and
    never-twice: a worker claims a row, sends, and records the result on it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED_TEMPORARY = "failed-temporary", _("Failed, will retry")
        FAILED_PERMANENT = "failed-permanent", _("Failed permanently")

    # Workers claim waiting rows and record each attempt (``sending``, in bulk updates that
    # filter on these states); the administration team sends a failed one again. A sent row
    # never moves: it would send the edition twice.
    TRANSITIONS = {
        Status.PENDING: (Status.SENDING,),
        Status.SENDING: (Status.SENT, Status.FAILED_TEMPORARY, Status.FAILED_PERMANENT),
        Status.FAILED_TEMPORARY: (Status.SENDING, Status.PENDING),
        Status.FAILED_PERMANENT: (Status.PENDING,),
        Status.SENT: (),
    }

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # Set while a worker holds the row ("sending"): who holds it and since when. Another
    # worker may take the row over only once ``claimed_at`` is older than the lease.
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    claim_token = models.CharField(_("claimed by worker"), max_length=32, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("bulletin delivery")
        verbose_name_plural = _("bulletin deliveries")
        ordering = ["edition", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "subscriber"], name="bulletin_delivery_once_per_subscriber"
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="bulletin_delivery_sent_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="sending") | Q(claimed_at__isnull=False),
                name="bulletin_delivery_sending_has_claim",
            ),
        ]
        indexes = [
            models.Index(fields=["edition", "status"], name="bulletin_delivery_progress"),
        ]

    def __str__(self):
        return f"{self.edition} → {self.subscriber}: {self.get_status_display()}"
