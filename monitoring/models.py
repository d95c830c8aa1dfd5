"""What monitoring records itself: sign-ins per quarter (the portal keeps only a person's
latest sign-in) and the stored snapshots of each quarter's indicators. Everything else it
reads from the other apps' records."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.transitions import Transitions

from .quarters import Quarter


class QuarterSignIn(models.Model):
    """That a person signed in at least once in a quarter (one row per person and quarter)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    first_at = models.DateTimeField(_("first sign-in in the quarter"))

    class Meta:
        verbose_name = _("sign-in in a quarter")
        verbose_name_plural = _("sign-ins in quarters")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "year", "quarter"], name="monitoring_signin_once_per_quarter"
            ),
        ]
        indexes = [models.Index(fields=["year", "quarter"], name="monitoring_signin_quarter")]

    def __str__(self):
        return f"{self.user} — {self.year} Q{self.quarter}"


class SnapshotQuerySet(models.QuerySet):
    def latest_versions(self):
        """The newest version of each quarter."""
        return self.filter(is_latest=True)

    def of(self, quarter):
        return self.filter(year=quarter.year, quarter=quarter.number)


class Snapshot(models.Model):
    """A quarter's indicators as computed at one time. Computing the quarter again gives
    the same snapshot when nothing changed, and a new version when late data changed a
    figure: history is never rewritten."""

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    is_latest = models.BooleanField(_("latest version"), default=True)
    data = models.JSONField(_("figures"), default=dict)
    computed_at = models.DateTimeField(_("computed"))
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("computed by"),
        help_text=_("Empty when the scheduled command computed it."),
    )
    changed = models.JSONField(
        _("figures changed from the previous version"), default=list, blank=True
    )

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator snapshot")
        verbose_name_plural = _("indicator snapshots")
        ordering = ["-year", "-quarter", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "quarter", "version"], name="monitoring_snapshot_version_once"
            ),
            models.UniqueConstraint(
                fields=["year", "quarter"],
                condition=Q(is_latest=True),
                name="monitoring_snapshot_one_latest",
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="monitoring_snapshot_quarter"
            ),
        ]

    def __str__(self):
        return f"{self.year} Q{self.quarter} (v{self.version})"

    @property
    def period(self):
        return Quarter(self.year, self.quarter)


# --- The results journal ------------------------------------------------------------------


class JournalEntryQuerySet(models.QuerySet):
    def public(self):
        return self.filter(visibility=JournalEntry.Visibility.PUBLIC)

    def of(self, quarter):
        return self.filter(year=quarter.year, quarter=quarter.number)

    def for_listing(self):
        return self.select_related("working_group__body", "pillar", "author")


class JournalEntry(models.Model):
    """What the content coordinator draws from the CoP's work: a result, a lesson, a
    conclusion or a policy gap, linked to where it came from."""

    class Kind(models.TextChoices):
        RESULT = "result", _("Result")
        LESSON = "lesson", _("Lesson learnt")
        CONCLUSION = "conclusion", _("Conclusion")
        POLICY_GAP = "policy-gap", _("Policy gap flagged")

    class Visibility(models.TextChoices):
        INTERNAL = "internal", _("Committees and staff only")
        PUBLIC = "public", _("Public")

    TRANSITIONS = {
        Visibility.INTERNAL: (Visibility.PUBLIC,),
        Visibility.PUBLIC: (Visibility.INTERNAL,),
    }

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("what was found"))
    recorded_on = models.DateField(
        _("date"),
        help_text=_("When it happened or was concluded: it files the entry in a quarter."),
    )
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    quarter = models.PositiveSmallIntegerField(_("quarter"), editable=False)
    working_group = models.ForeignKey(
        "twg.WorkingGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("working group"),
    )
    pillar = models.ForeignKey(
        "members.Pillar",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("topic (pillar)"),
    )
    meetings = models.ManyToManyField(
        "committees.Meeting", blank=True, related_name="+", verbose_name=_("meetings")
    )
    resolutions = models.ManyToManyField(
        "committees.Resolution", blank=True, related_name="+", verbose_name=_("resolutions")
    )
    action_items = models.ManyToManyField(
        "committees.ActionItem", blank=True, related_name="+", verbose_name=_("action items")
    )
    documents = models.ManyToManyField(
        "repository.Document", blank=True, related_name="+", verbose_name=_("documents")
    )
    visibility = models.CharField(
        _("who may read it"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.INTERNAL,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = JournalEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["-recorded_on", "-pk"]
        indexes = [models.Index(fields=["year", "quarter"], name="monitoring_journal_quarter")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("monitoring:journal_entry", kwargs={"pk": self.pk})

    @property
    def period(self):
        return Quarter(self.year, self.quarter)

    @property
    def is_public(self):
        return self.visibility == self.Visibility.PUBLIC

    def can_transition(self, to):
        return to in self.TRANSITIONS.get(self.visibility, ())


class JournalEvent(models.Model):
    """The journal's audit trail."""

    class Action(models.TextChoices):
        CREATED = "created", _("Written")
        EDITED = "edited", _("Edited")
        MADE_PUBLIC = "made-public", _("Made public")
        MADE_INTERNAL = "made-internal", _("Made internal")

    entry = models.ForeignKey(JournalEntry, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("journal event")
        verbose_name_plural = _("journal events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.entry}: {self.get_action_display()}"


class JournalFiling(models.Model):
    """A closed quarter's journal filed in the repository as one document (filing it again
    after a late entry adds a version to the same document)."""

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    document = models.ForeignKey(
        "repository.Document",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("document"),
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(_("filed"), auto_now=True)
    entry_count = models.PositiveIntegerField(_("entries"), default=0)

    class Meta:
        verbose_name = _("filed journal")
        verbose_name_plural = _("filed journals")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "quarter"], name="monitoring_journal_filed_once"
            )
        ]

    def __str__(self):
        return f"{self.year} Q{self.quarter}"


# --- Maturity assessment ------------------------------------------------------------------


class Stage(models.IntegerChoices):
    FOUNDING = 1, _("Founding")
    DEVELOPING = 2, _("Developing")
    MATURING = 3, _("Maturing")
    SUSTAINING = 4, _("Sustaining")
    TRANSFORMING = 5, _("Transforming")


class Dimension(models.TextChoices):
    PURPOSE = "purpose", _("Purpose and leadership")
    PARTICIPATION = "participation", _("Participation")
    KNOWLEDGE = "knowledge", _("Knowledge sharing")
    VALUE = "value", _("Value to the sector")


class MaturityAssessment(models.Model):
    """The Oversight Committee's reading of the CoP's stage in one quarter (one a quarter)."""

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    note = models.TextField(_("the committee's overall note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("maturity assessment")
        verbose_name_plural = _("maturity assessments")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "quarter"], name="monitoring_assessment_once_a_quarter"
            )
        ]

    def __str__(self):
        return f"{self.year} Q{self.quarter}"

    @property
    def period(self):
        return Quarter(self.year, self.quarter)

    def ordered_ratings(self):
        """The (prefetched) ratings in the order of the dimensions."""
        order = Dimension.values
        return sorted(self.ratings.all(), key=lambda rating: order.index(rating.dimension))


class MaturityRating(models.Model):
    """One dimension's stage in an assessment, with why and the evidence."""

    assessment = models.ForeignKey(
        MaturityAssessment, on_delete=models.CASCADE, related_name="ratings"
    )
    dimension = models.CharField(_("dimension"), max_length=16, choices=Dimension.choices)
    stage = models.PositiveSmallIntegerField(_("stage"), choices=Stage.choices)
    rationale = models.TextField(_("why this stage"))
    indicators = models.JSONField(_("indicators cited"), default=list, blank=True)
    documents = models.ManyToManyField(
        "repository.Document", blank=True, related_name="+", verbose_name=_("documents cited")
    )
    meetings = models.ManyToManyField(
        "committees.Meeting", blank=True, related_name="+", verbose_name=_("meetings cited")
    )

    class Meta:
        verbose_name = _("maturity rating")
        verbose_name_plural = _("maturity ratings")
        ordering = ["assessment", "dimension"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "dimension"], name="monitoring_rating_once"
            ),
            models.CheckConstraint(
                condition=Q(stage__gte=1, stage__lte=5), name="monitoring_rating_stage"
            ),
        ]

    def __str__(self):
        return f"{self.assessment}: {self.get_dimension_display()} — {self.get_stage_display()}"


# --- Recognition --------------------------------------------------------------------------


class Activity(models.TextChoices):
    """What earns participation points."""

    ATTENDED = "attended", _("Meeting attended")
    HOSTED = "hosted", _("Meeting hosted (organisations)")
    DOCUMENT = "document", _("Document contributed")
    BULLETIN = "bulletin", _("Bulletin item published")
    ACTION = "action", _("Action item done")


DEFAULT_WEIGHTS = {
    Activity.ATTENDED: 2,
    Activity.HOSTED: 5,
    Activity.DOCUMENT: 3,
    Activity.BULLETIN: 3,
    Activity.ACTION: 2,
}


class ParticipationWeight(models.Model):
    """The points one activity earns, set by the administration team."""

    activity = models.CharField(_("activity"), max_length=16, choices=Activity.choices, unique=True)
    points = models.PositiveSmallIntegerField(_("points"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("participation weight")
        verbose_name_plural = _("participation weights")
        ordering = ["activity"]

    def __str__(self):
        return f"{self.get_activity_display()}: {self.points}"


class Recognition(models.Model):
    """A named award the Oversight Committee grants a person or an organisation for
    sustained participation over a period, with its citation. Recognitions are public."""

    award = models.CharField(_("award"), max_length=200)
    citation = models.TextField(_("citation"))
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    points = models.PositiveIntegerField(_("points over the period"), default=0)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)

    class Meta:
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(organisation__isnull=True))
                | (Q(user__isnull=True) & Q(organisation__isnull=False)),
                name="monitoring_recognition_one_recipient",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="monitoring_recognition_period_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.award} — {self.recipient_name}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("monitoring:certificate", kwargs={"pk": self.pk})

    @property
    def recipient_name(self):
        return str(self.organisation or self.user)


# --- The chair's quarterly report ---------------------------------------------------------


class QuarterlyReport(Transitions, models.Model):
    """The chair's one-page report on a quarter: generated from the scorecard, the maturity
    stage, the journal and the recognitions; the administration team writes the commentary
    and sends it to the Oversight and Steering Committees, which files it as a document."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")

    TRANSITIONS = {Status.DRAFT: (Status.SENT,), Status.SENT: ()}

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    commentary = models.TextField(_("commentary"), blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    document = models.ForeignKey(
        "repository.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("filed as"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("quarterly report")
        verbose_name_plural = _("quarterly reports")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="monitoring_report_once")
        ]

    def __str__(self):
        return f"{self.year} Q{self.quarter}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("monitoring:report", kwargs={"slug": self.period.slug})

    @property
    def period(self):
        return Quarter(self.year, self.quarter)


class ReportEvent(models.Model):
    class Action(models.TextChoices):
        EDITED = "edited", _("Commentary edited")
        SENT = "sent", _("Sent and filed")

    report = models.ForeignKey(QuarterlyReport, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.report}: {self.get_action_display()}"
