"""The knowledge repository: documents with their metadata, their file versions, and who
did what to them. Who may see a document is decided in ``selectors.documents_visible_to``."""

import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Mod
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.models import Body, Meeting
from core.transitions import Transitions
from members.models import County, Organisation, Pillar
from twg.models import WorkingGroup

# Broad searches are counted on a sample: one document in SAMPLE_EVERY, by id (search.counts).
SAMPLE_EVERY = 20

TEXT_CAP = 1_000_000  # characters of extracted text kept per document
PAGE_BREAK = "\f"  # between two pages in Document.text


class Tag(models.Model):
    """A free tag, stored in lower case so that "Cash Transfers" and "cash transfers" meet."""

    name = models.CharField(_("name"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @staticmethod
    def normalise(name):
        return " ".join(name.split()).lower()[:64]


class DocumentQuerySet(models.QuerySet):
    def for_listing(self):
        """What a row of the list shows: the type, date, publishers and topics."""
        return self.select_related("organisation").prefetch_related(
            "publishers",
            models.Prefetch("topics", queryset=WorkingGroup.objects.select_related("body")),
        )

    def active(self):
        return self.filter(withdrawn_at__isnull=True)


class Document(Transitions, models.Model):
    class Type(models.TextChoices):
        POLICY = "policy", _("Policy")
        ACTION_PLAN = "action-plan", _("Action plan")
        STRATEGY = "strategy", _("National or county strategy")
        SECTOR_REVIEW = "sector-review", _("Sector review report")
        MAPPING = "mapping", _("Mapping report")
        ANNUAL_REPORT = "annual-report", _("Annual report")
        EVALUATION = "evaluation", _("Evaluation report")
        RESEARCH = "research", _("Research report or paper")
        TARGETING_TOOL = "targeting-tool", _("Targeting tool")
        CAPACITY_ASSESSMENT = "capacity-assessment", _("Capacity gaps and needs assessment report")
        SITUATION_ANALYSIS = "situation-analysis", _("Situation analysis")
        TRAINING_MANUAL = "training-manual", _("Training manual")
        GUIDELINE = "guideline", _("Implementation guideline")
        RESOLUTION = "resolution", _("Conference resolution")
        FUNDING_APPEAL = "funding-appeal", _("Funding appeal")
        FRAMEWORK = "framework", _("Operational framework")
        MINUTES = "minutes", _("Meeting minutes")
        PRESENTATION = "presentation", _("Presentation")
        VIDEO = "video", _("Webcast or video")
        OTHER = "other", _("Other")

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        KISWAHILI = "sw", _("Kiswahili")
        OTHER = "other", _("Other")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public (after a content coordinator approves)")
        MEMBERS = "members", _("Members of the CoP")
        TWG = "twg", _("One working group's members")
        COMMITTEE = "committee", _("One committee's members")

    class PublicStatus(models.TextChoices):
        NOT_REQUESTED = "not-requested", _("Not requested")
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    class IndexStatus(models.TextChoices):
        PENDING = "pending", _("Waiting to be indexed")
        INDEXED = "indexed", _("Searchable")
        PARTIAL = "partial", _("Partly searchable")
        EMPTY = "empty", _("No text found")
        FAILED = "failed", _("Not searchable")

    BODY_LEVELS = (Visibility.TWG, Visibility.COMMITTEE)

    # A document's state is its public status until it is withdrawn (``lifecycle``). A
    # coordinator's own public upload or edit is approved at once; leaving public drops the
    # request; a withdrawn document is never served again.
    WITHDRAWN = "withdrawn"
    STATE_FIELD = "lifecycle"
    TRANSITIONS = {
        PublicStatus.NOT_REQUESTED: (PublicStatus.PENDING, PublicStatus.APPROVED, WITHDRAWN),
        PublicStatus.PENDING: (
            PublicStatus.APPROVED,
            PublicStatus.REFUSED,
            PublicStatus.NOT_REQUESTED,
            WITHDRAWN,
        ),
        PublicStatus.APPROVED: (PublicStatus.NOT_REQUESTED, WITHDRAWN),
        PublicStatus.REFUSED: (PublicStatus.APPROVED, PublicStatus.NOT_REQUESTED, WITHDRAWN),
        WITHDRAWN: (),
    }

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    # Not indexed: with an index, the planner read every document of the chosen types and
    # checked the search on each (160 ms at 100,000 documents) instead of using the search
    # index and checking the type on its matches.
    type = models.CharField(_("type"), max_length=24, choices=Type.choices)
    topics = models.ManyToManyField(
        WorkingGroup, blank=True, related_name="documents", verbose_name=_("working group topics")
    )
    pillars = models.ManyToManyField(
        Pillar, blank=True, related_name="documents", verbose_name=_("pillars")
    )
    counties = models.ManyToManyField(
        County, blank=True, related_name="documents", verbose_name=_("counties")
    )
    national = models.BooleanField(_("national"), default=False)
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    publishers = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="published_documents",
        verbose_name=_("publisher organisations"),
    )
    authors = models.CharField(_("authors"), max_length=500, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.ENGLISH
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="documents", verbose_name=_("tags"))
    visibility = models.CharField(
        _("who may see it"), max_length=12, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("working group or committee"),
        help_text=_("Only for documents seen by one working group or one committee."),
    )
    public_status = models.CharField(
        _("public status"),
        max_length=16,
        choices=PublicStatus.choices,
        default=PublicStatus.NOT_REQUESTED,
    )
    public_note = models.TextField(_("note from the content coordinator"), blank=True)
    external_url = models.URLField(
        _("external link"), max_length=500, blank=True, help_text=_("For a video or webcast.")
    )
    rights = models.CharField(_("rights note"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="uploaded_documents",
        verbose_name=_("uploaded by"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="uploaded_documents",
        verbose_name=_("uploader's organisation"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("why it was withdrawn"), blank=True)
    download_count = models.PositiveIntegerField(_("downloads"), default=0)
    # Filled by text extraction, read by search (both built separately): the text of each
    # page (PDF page, slide, sheet) in order, pages separated by a form feed (PAGE_BREAK), so
    # that search can tell on which page it found a word.
    text = models.TextField(_("extracted text"), blank=True)
    index_status = models.CharField(
        _("search index"),
        max_length=8,
        choices=IndexStatus.choices,
        default=IndexStatus.PENDING,
        db_index=True,
    )
    index_error = models.TextField(_("why it is not searchable"), blank=True)
    # What the reader did, for the uploader (pages and characters read, OCR, why partly
    # read); see extraction.Extraction.message.
    # Database defaults too: bulk loads (demo.generate) that name no such column get them.
    index_note = models.TextField(_("what the reader found"), blank=True, db_default="")
    index_pages = models.PositiveIntegerField(_("pages read"), default=0, db_default=0)
    index_ocr_pages = models.PositiveIntegerField(_("pages read by OCR"), default=0, db_default=0)
    # Kept by services.document_reindex: the tag names in one string (tags are a
    # many-to-many) and, on PostgreSQL, two weighted vectors computed once per change rather
    # than per search: ``search_vector`` (title, summary, tags and the file's text; GIN
    # indexed by migration 0003) finds documents, the small ``heading_vector`` (title and
    # tags) ranks them without reading each match's large vector. NULL until the first
    # reindex; unused on SQLite. Migration 0006 keeps the rows that search reads narrow.
    tag_names = models.TextField(_("tag names"), blank=True, editable=False)
    # The ids of the many-to-many facets ({"topic": [...], "pillar": ..., "county": ...,
    # "publisher": ...}), kept by document_reindex too: facet counts read them from the
    # matching rows instead of joining each relation's whole table.
    facet_ids = models.JSONField(_("facet ids"), default=dict, blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    heading_vector = SearchVectorField(null=True, editable=False)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The approval queue. An index of every status made the planner intersect it with
            # the search index, reading tens of thousands of "approved" entries per search.
            models.Index(
                fields=["created_at"],
                condition=Q(public_status="pending"),
                name="repository_document_pending",
            ),
            # The sample that broad searches are counted on (search.in_sample).
            models.Index(Mod("id", SAMPLE_EVERY), name="repository_document_sample"),
            # The list's "most downloaded" order reads a page from an index (the "newest"
            # order's index is PostgreSQL's, made by migration 0006: SQLite has no NULLS LAST
            # in an index).
            models.Index(
                F("download_count").desc(),
                F("created_at").desc(),
                F("id").desc(),
                name="repository_document_downloads",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(visibility__in=["twg", "committee"]) & Q(body__isnull=False))
                | (~Q(visibility__in=["twg", "committee"]) & Q(body__isnull=True)),
                name="repository_document_body_matches_visibility",
            ),
            models.CheckConstraint(
                condition=Q(public_status="not-requested") | Q(visibility="public"),
                name="repository_document_public_status_only_for_public",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawn_reason=""),
                name="repository_document_withdrawal_has_reason",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("repository:detail", kwargs={"slug": self.slug})

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None

    @property
    def lifecycle(self):
        return self.WITHDRAWN if self.is_withdrawn else self.public_status

    @property
    def is_public(self):
        return (
            self.visibility == self.Visibility.PUBLIC
            and self.public_status == self.PublicStatus.APPROVED
        )


def version_path(instance, filename):
    """A random name under the document's folder: the uploaded name is kept on the row only."""
    return f"documents/{instance.document_id}/{uuid.uuid4().hex}.{instance.extension or 'bin'}"


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=version_path, max_length=200)
    original_name = models.CharField(_("original file name"), max_length=255)
    extension = models.CharField(_("extension"), max_length=8)
    content_type = models.CharField(_("content type"), max_length=128)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    download_count = models.PositiveIntegerField(_("downloads"), default=0)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="repository_version_number_once"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="repository_version_number_positive"
            ),
        ]

    def __str__(self):
        return f"{self.document} v{self.number}"

    def get_absolute_url(self):
        return reverse(
            "repository:version_download",
            kwargs={"slug": self.document.slug, "number": self.number},
        )


class DocumentEvent(models.Model):
    """The audit trail: who did what to a document, and when."""

    class Action(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        EDITED = "edited", _("Metadata edited")
        NEW_VERSION = "new-version", _("New version uploaded")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        PUBLIC_REQUESTED = "public-requested", _("Asked to be made public")
        APPROVED = "approved", _("Made public")
        REFUSED = "refused", _("Not made public")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("document event")
        verbose_name_plural = _("document events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.document}: {self.get_action_display()}"


class MeetingDocument(models.Model):
    """Which document holds a meeting's minutes or its recording: one of each per meeting,
    kept by ``services.document_from_meeting`` when the meeting is recorded."""

    class Part(models.TextChoices):
        MINUTES = "minutes", _("Minutes")
        RECORDING = "recording", _("Recording")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="document_links", verbose_name=_("meeting")
    )
    part = models.CharField(_("part of the record"), max_length=12, choices=Part.choices)
    document = models.OneToOneField(
        Document, on_delete=models.CASCADE, related_name="meeting_link", verbose_name=_("document")
    )

    class Meta:
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        ordering = ["meeting", "part"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "part"], name="repository_meeting_document_once"
            ),
        ]

    def __str__(self):
        return f"{self.meeting}: {self.get_part_display()}"


class FeedToken(models.Model):
    """The key in a member's private document feed addresses (one per working group they
    sit on). Feed readers fetch without a session, so the token is the only key; resetting
    it gives a new one and the old addresses answer 404 at once. Every fetch checks again
    what the token's user may see today."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="document_feed_token",
        verbose_name=_("user"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("private document feed")
        verbose_name_plural = _("private document feeds")

    def __str__(self):
        return str(self.user)
