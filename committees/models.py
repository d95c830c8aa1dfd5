"""The CoP's bodies, their seats, and the meetings they convene.

A Thematic Working Group is a body too (``Body.Kind.WORKING_GROUP``): its roster is made of
seats, and its meetings are convened like any committee's. The ``twg`` app adds what only a
working group has (lead agency, terms of reference, status decisions, join requests)."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.transitions import Transitions
from members.models import County, Organisation

# One-word paths under /committees/: a committee's page must not hide one of them.
RESERVED_SLUGS = {"meetings", "actions"}


class BodyQuerySet(models.QuerySet):
    def committees(self):
        return self.exclude(kind=Body.Kind.WORKING_GROUP)


class Body(models.Model):
    class Kind(models.TextChoices):
        STEERING = "steering", _("National Steering Committee")
        OVERSIGHT = "oversight", _("National CoP Coordination (Oversight) Committee")
        COUNTY = "county", _("County CoP Coordination Committee")
        ADMINISTRATION = "administration", _("Administration team")
        WORKING_GROUP = "working-group", _("Thematic Working Group")

    SINGLE_KINDS = (Kind.STEERING, Kind.OVERSIGHT, Kind.ADMINISTRATION)
    OVERSIGHT_SEATS = (9, 17)

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("county"),
        help_text=_("For a county committee or a county-level working group."),
    )
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = BodyQuerySet.as_manager()

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(kind__in=["steering", "oversight", "administration"]),
                name="committees_body_single_national",
            ),
            models.UniqueConstraint(
                fields=["county"],
                condition=Q(kind="county"),
                name="committees_body_one_per_county",
            ),
            models.CheckConstraint(
                condition=~Q(kind="county") | Q(county__isnull=False),
                name="committees_body_county_committee_has_county",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        if self.kind == self.Kind.WORKING_GROUP:
            return reverse("twg:detail", kwargs={"slug": self.slug})
        return reverse("committees:body", kwargs={"slug": self.slug})

    def clean(self):
        if self.kind != self.Kind.WORKING_GROUP and self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": _("This word is used by the portal's addresses: choose another.")}
            )


class SeatQuerySet(models.QuerySet):
    def current(self, on=None):
        """Seats whose term covers the day: rights end the day after a term ends."""
        return self.filter(Seat.current_q(on))

    def granting(self, on=None):
        """Current seats that carry rights: held by an active account, for an organisation
        that is still an active member (or for none). A suspension ends them at once."""
        return self.current(on).filter(
            Q(organisation__isnull=True) | Q(organisation__status=Organisation.Status.ACTIVE),
            user__is_active=True,
        )


class Seat(models.Model):
    """A person's place on a body, for a term. Rotating a role is ending one seat and starting
    another, so the history shows who held it when."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice-chair", _("Vice-chair")
        CONVENER = "convener", _("Convener")
        SECRETARY = "secretary", _("Secretary")
        MEMBER = "member", _("Member")

    LEADING_ROLES = (Role.CHAIR, Role.VICE_CHAIR, Role.CONVENER, Role.SECRETARY)

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="seats")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="seats",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seats",
        verbose_name=_("organisation represented"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    starts_on = models.DateField(_("term starts"), default=timezone.localdate)
    ends_on = models.DateField(_("term ends"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = SeatQuerySet.as_manager()

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["body", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="committees_seat_term_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()}, {self.body}"

    @staticmethod
    def current_q(on=None, prefix=""):
        """The one rule for a current seat, as a condition: the term has begun by the day and
        has not ended before it (a seat ending today still counts today). ``prefix`` reaches
        seats across a relation, e.g. ``"seats__"`` from a body."""
        on = on or timezone.localdate()
        return Q(**{f"{prefix}starts_on__lte": on}) & (
            Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": on})
        )

    def is_current(self, on=None):
        on = on or timezone.localdate()
        return self.starts_on <= on and (self.ends_on is None or on <= self.ends_on)


class Meeting(Transitions, models.Model):
    class Kind(models.TextChoices):
        ROUNDTABLE = "roundtable", _("Quarterly CoP roundtable")
        COMMITTEE = "committee", _("Committee meeting")
        TWG = "twg", _("TWG meeting")
        WEBINAR = "webinar", _("Webinar")
        BROWN_BAG = "brown-bag", _("Brown-bag")
        EVENT = "event", _("Conference, seminar, symposium or special event")
        TELECONFERENCE = "teleconference", _("Teleconference")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members of the CoP")
        BODY = "body", _("The convening body's members only")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    # A held meeting's record (attendance, minutes, recording) can be recorded again.
    TRANSITIONS = {
        Status.SCHEDULED: (Status.HELD, Status.CANCELLED),
        Status.HELD: (Status.HELD,),
        Status.CANCELLED: (),
    }

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("convened by"),
        help_text=_("Leave empty for a meeting of the whole CoP."),
    )
    host = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
        verbose_name=_("host organisation"),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    audience = models.CharField(
        _("who may see it"), max_length=8, choices=Audience.choices, default=Audience.MEMBERS
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    registration_open = models.BooleanField(_("registration open"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    cancel_reason = models.TextField(_("why it was cancelled"), blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    recording_url = models.URLField(_("recording"), blank=True)
    series = models.UUIDField(_("series"), null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]
        indexes = [
            # The events page (upcoming: ends after now; past: newest first) and the month
            # view (a range of starts), at 10,000 meetings (issue 7).
            models.Index(fields=["starts_at", "id"], name="committees_meeting_starts"),
            models.Index(fields=["ends_at"], name="committees_meeting_ends"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="committees_meeting_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at):%Y-%m-%d})"

    def get_absolute_url(self):
        return reverse("committees:meeting", kwargs={"pk": self.pk})

    @property
    def is_recorded(self):
        return self.kind != self.Kind.BROWN_BAG


class Registration(Transitions, models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    # Someone who cancelled may register again (the same row): a place or the waiting list.
    TRANSITIONS = {
        Status.CONFIRMED: (Status.CANCELLED,),
        Status.WAITLISTED: (Status.CONFIRMED, Status.CANCELLED),
        Status.CANCELLED: (Status.CONFIRMED, Status.WAITLISTED),
    }

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registrations"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    registered_at = models.DateTimeField(_("registered"), default=timezone.now)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"], name="committees_registration_once"
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.meeting}: {self.get_status_display()}"


class Resolution(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="resolutions")
    text = models.TextField(_("resolution"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["recorded_at", "pk"]

    def __str__(self):
        return self.text[:80]


class ActionItemQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=[ActionItem.Status.OPEN, ActionItem.Status.IN_PROGRESS])

    def overdue(self, on=None):
        return self.open().filter(ActionItem.overdue_q(on))


class ActionItem(Transitions, models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in-progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    # Set by progress notes; a note may also keep the status as it is. A finished action can
    # be taken up again, a dropped one reopened.
    TRANSITIONS = {
        Status.OPEN: (Status.IN_PROGRESS, Status.DONE, Status.DROPPED),
        Status.IN_PROGRESS: (Status.OPEN, Status.DONE, Status.DROPPED),
        Status.DONE: (Status.IN_PROGRESS,),
        Status.DROPPED: (Status.OPEN,),
    }

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("meeting")
    )
    resolution = models.ForeignKey(
        Resolution, on_delete=models.SET_NULL, null=True, blank=True, related_name="action_items"
    )
    title = models.CharField(_("action"), max_length=300)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("owner (person)"),
    )
    owner_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("owner (organisation)"),
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_user__isnull=False) | Q(owner_organisation__isnull=False),
                name="committees_action_has_owner",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def owner(self):
        return self.owner_user or self.owner_organisation

    @staticmethod
    def overdue_q(on=None):
        """Past its due day, as a condition on open items (``ActionItemQuerySet.overdue``)."""
        return Q(due_on__lt=on or timezone.localdate())

    def is_overdue(self, on=None):
        on = on or timezone.localdate()
        return self.status in (self.Status.OPEN, self.Status.IN_PROGRESS) and self.due_on < on


class ActionNote(models.Model):
    """A progress note on an action item, with the status it set."""

    action = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("note"))
    status = models.CharField(_("status set"), max_length=12, choices=ActionItem.Status.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["at", "pk"]

    def __str__(self):
        return self.text[:80]


class CalendarFeed(models.Model):
    """A member's private iCalendar feed: the token in its URL is the only key; revoking
    it (a new token) makes the old URL return nothing."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("private calendar feed")
        verbose_name_plural = _("private calendar feeds")

    def __str__(self):
        return f"{self.user}"
