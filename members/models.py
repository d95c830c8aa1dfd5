import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.transitions import Transitions


class County(models.Model):
    """One of Kenya's 47 counties: reference data, created by a migration."""

    code = models.PositiveSmallIntegerField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=64, unique=True)
    slug = models.SlugField(_("slug"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Pillar(models.Model):
    """A pillar of the National Social Protection Policy: reference data, by migration."""

    SOCIAL_ASSISTANCE = "social-assistance"
    SOCIAL_SECURITY = "social-security"
    HEALTH_INSURANCE = "health-insurance"

    slug = models.SlugField(_("slug"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=64, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")
        ordering = ["order"]

    def __str__(self):
        return self.name


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Organisation.Status.ACTIVE)

    def for_directory(self):
        """Active members as the public directory lists them, with what each row shows."""
        return (
            self.active()
            .only("name", "slug", "acronym", "category", "national_coverage", "logo")
            .prefetch_related("pillars")
            .order_by("name")
        )


class Organisation(Transitions, models.Model):
    """A member institution of the CoP (or one that was)."""

    class Category(models.TextChoices):
        GOVERNMENT = "government", _("Government ministry, department or agency")
        COUNTY_GOVERNMENT = "county-government", _("County government")
        UN_AGENCY = "un-agency", _("UN agency")
        DEVELOPMENT_PARTNER = "development-partner", _("Development partner or donor")
        INTERNATIONAL_NGO = "international-ngo", _("International NGO")
        NATIONAL_NGO = "national-ngo", _("National or local NGO or community-based organisation")
        PRIVATE_SECTOR = "private-sector", _("Private sector")
        ACADEMIA = "academia", _("Academia or research institution")
        MEDIA = "media", _("Media")
        THINK_TANK = "think-tank", _("Think tank")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        TERMINATED = "terminated", _("Terminated")

    # Changed by the administration team (``services.organisations``); approving an
    # application activates an organisation that is not active yet.
    TRANSITIONS = {
        Status.ACTIVE: (Status.SUSPENDED, Status.TERMINATED),
        Status.SUSPENDED: (Status.ACTIVE, Status.TERMINATED),
        Status.TERMINATED: (Status.ACTIVE,),
    }

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=32, blank=True)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    legal_status = models.CharField(
        _("legal status"),
        max_length=200,
        blank=True,
        help_text=_(
            "For example: state corporation, registered NGO, company limited by guarantee."
        ),
    )
    registration_number = models.CharField(_("registration number"), max_length=64, blank=True)
    pillars = models.ManyToManyField(Pillar, verbose_name=_("pillars"), blank=True)
    national_coverage = models.BooleanField(_("works nationally"), default=False)
    counties = models.ManyToManyField(
        County, verbose_name=_("counties covered"), blank=True, related_name="organisations"
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/%Y/", blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    date_joined = models.DateField(_("date joined"), default=timezone.localdate)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("members:organisation", kwargs={"slug": self.slug})

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE


class OrganisationStatusChange(models.Model):
    """A dated change of an organisation's membership status, with its reason."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(_("status"), max_length=16, choices=Organisation.Status.choices)
    effective_on = models.DateField(_("effective from"), default=timezone.localdate)
    reason = models.TextField(_("reason"))
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    acted_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-acted_at"]

    def __str__(self):
        return f"{self.organisation}: {self.get_status_display()} ({self.effective_on})"


class Programme(models.Model):
    """A social protection programme an organisation runs."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="programmes"
    )
    name = models.CharField(_("name"), max_length=200)
    pillar = models.ForeignKey(Pillar, on_delete=models.PROTECT, verbose_name=_("pillar"))
    description = models.TextField(_("description"), blank=True)
    counties = models.ManyToManyField(County, verbose_name=_("counties"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    url = models.URLField(_("link"), blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="members_programme_unique_name"
            ),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True) | Q(start_year__gte=1900),
                name="members_programme_start_year_plausible",
            ),
        ]

    def __str__(self):
        return self.name


class ReachFigure(Transitions, models.Model):
    """People or households a programme reached in a year, nationally or in one county."""

    class Unit(models.TextChoices):
        PEOPLE = "people", _("people")
        HOUSEHOLDS = "households", _("households")

    class Status(models.TextChoices):
        REPORTED = "reported", _("Waiting for verification")
        VERIFIED = "verified", _("Verified")
        RETURNED = "returned", _("Returned")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="reach")
    year = models.PositiveSmallIntegerField(_("year"))
    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("county"),
        help_text=_("Leave empty for a national total."),
    )
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices, default=Unit.PEOPLE)
    reached = models.PositiveIntegerField(_("number reached"))
    source = models.CharField(_("source of the figure"), max_length=300)
    illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Demonstration data, not an official figure.")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REPORTED, db_index=True
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reported_at = models.DateTimeField(_("reported"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified or returned by"),
    )
    decided_at = models.DateTimeField(_("verified or returned"), null=True, blank=True)
    return_note = models.TextField(_("note on return"), blank=True)

    TRANSITIONS = {
        Status.REPORTED: {Status.VERIFIED, Status.RETURNED},
        # A verified figure can be found wrong later; a changed one waits again.
        Status.VERIFIED: {Status.RETURNED, Status.REPORTED},
        Status.RETURNED: {Status.REPORTED},
    }

    class Meta:
        verbose_name = _("reach figure")
        verbose_name_plural = _("reach figures")
        ordering = ["-year", "county__name"]
        permissions = [("verify_reachfigure", _("Can verify or return reach figures"))]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year", "county", "unit"],
                condition=Q(county__isnull=False),
                name="members_reach_unique_per_year_county",
            ),
            models.UniqueConstraint(
                fields=["programme", "year", "unit"],
                condition=Q(county__isnull=True),
                name="members_reach_unique_national_per_year",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1963) & Q(year__lte=2100), name="members_reach_year_plausible"
            ),
        ]

    def __str__(self):
        where = self.county or _("national")
        return f"{self.programme} {self.year} {where}: {self.reached} {self.get_unit_display()}"

    @property
    def is_verified(self):
        return self.status == self.Status.VERIFIED


class ReachFigureEvent(models.Model):
    """One step in a reach figure's life: reported, corrected, verified or returned."""

    class Action(models.TextChoices):
        REPORTED = "reported", _("Reported")
        CORRECTED = "corrected", _("Corrected")
        VERIFIED = "verified", _("Verified")
        RETURNED = "returned", _("Returned")

    figure = models.ForeignKey(ReachFigure, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    reached = models.PositiveIntegerField(_("number reached"))
    note = models.TextField(_("note"), blank=True)
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    acted_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("reach figure event")
        verbose_name_plural = _("reach figure events")
        ordering = ["acted_at", "pk"]

    def __str__(self):
        return f"{self.figure}: {self.get_action_display()}"


class PersonQuerySet(models.QuerySet):
    def with_member_access(self, on=None):
        """People whose membership gives access today: see ``Person.has_member_access``."""
        on = on or timezone.localdate()
        return self.filter(
            Q(kind=Person.Kind.STAFF, organisation__status=Organisation.Status.ACTIVE)
            | Q(kind=Person.Kind.INDIVIDUAL)
            | Q(kind=Person.Kind.TEMPORARY, ends_on__gte=on),
            removed_at__isnull=True,
        )


class Person(models.Model):
    """How a user belongs to the CoP: staff of one member organisation, or by exemption.

    A user has at most one Person row (one organisation at most).
    """

    class Kind(models.TextChoices):
        STAFF = "staff", _("Staff of a member organisation")
        INDIVIDUAL = "individual", _("Individual member")
        TEMPORARY = "temporary", _("Temporary participant")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="person"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.STAFF)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organisation"),
    )
    is_focal_person = models.BooleanField(_("focal person"), default=False)
    objective = models.TextField(
        _("objective"), blank=True, help_text=_("For a temporary participant: why they take part.")
    )
    ends_on = models.DateField(
        _("access ends on"),
        null=True,
        blank=True,
        help_text=_("For a temporary participant: the last day of access."),
    )
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["user__full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="staff", organisation__isnull=False) | ~Q(kind="staff"),
                name="members_person_staff_has_organisation",
            ),
            models.CheckConstraint(
                condition=Q(kind="temporary", ends_on__isnull=False) | ~Q(kind="temporary"),
                name="members_person_temporary_has_end",
            ),
        ]

    def __str__(self):
        return str(self.user)

    def has_member_access(self, on=None):
        """A person is a member today if their organisation is active (staff), they hold an
        individual exemption, or they are a temporary participant before their end date."""
        on = on or timezone.localdate()
        if self.removed_at is not None:
            return False
        if self.kind == self.Kind.STAFF:
            return self.organisation is not None and self.organisation.is_active
        if self.kind == self.Kind.TEMPORARY:
            return self.ends_on is not None and on <= self.ends_on
        return True


class PersonEvent(models.Model):
    """Who removed a person from their organisation, or made them focal or stepped them down,
    and when (``services.person_remove``, ``services.person_set_focal``)."""

    class Action(models.TextChoices):
        REMOVED = "removed", _("Removed")
        MADE_FOCAL = "made-focal", _("Made focal person")
        STEPPED_DOWN = "stepped-down", _("Stepped down as focal person")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("person event")
        verbose_name_plural = _("person events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.person}: {self.get_action_display()}"


class CodeOfConduct(models.Model):
    """A version of the CoP's code of conduct, kept in the admin."""

    version = models.CharField(_("version"), max_length=32, unique=True)
    text = models.TextField(_("text"))
    published_at = models.DateTimeField(_("in force from"), default=timezone.now)

    class Meta:
        verbose_name = _("code of conduct")
        verbose_name_plural = _("codes of conduct")
        ordering = ["-published_at"]
        get_latest_by = "published_at"

    def __str__(self):
        return _("Code of conduct %(version)s") % {"version": self.version}


class CodeOfConductAcceptance(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conduct_acceptances"
    )
    code = models.ForeignKey(CodeOfConduct, on_delete=models.PROTECT, related_name="acceptances")
    accepted_at = models.DateTimeField(_("accepted"), default=timezone.now)

    class Meta:
        verbose_name = _("code of conduct acceptance")
        verbose_name_plural = _("code of conduct acceptances")
        constraints = [
            models.UniqueConstraint(fields=["user", "code"], name="members_conduct_accept_once")
        ]

    def __str__(self):
        return f"{self.user} accepted {self.code.version}"


def application_document_path(instance, filename):
    """Uploaded documents get a random name: the original name is kept on the row."""
    suffix = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(
        instance.content_type, "bin"
    )
    return f"applications/{instance.application_id}/{uuid.uuid4().hex}.{suffix}"


class MembershipApplicationQuerySet(models.QuerySet):
    def for_queue(self):
        """Applications as the reviewers' queue lists them: everything past the draft."""
        return (
            self.exclude(status=MembershipApplication.Status.DRAFT)
            .select_related("applicant", "nominating_organisation", "nomination")
            .order_by("submitted_at", "pk")
        )


class MembershipApplication(Transitions, models.Model):
    """A request to join the CoP: institutional membership, or an exemption for a person.

    The applicant may save a draft at any time; ``missing_for_submission`` lists what must be
    filled before it can be submitted. Every change of status goes through ``services`` and
    leaves an :class:`ApplicationEvent`.
    """

    class Kind(models.TextChoices):
        INSTITUTIONAL = "institutional", _("Institutional membership")
        INDIVIDUAL = "individual", _("Individual membership (exemption)")
        TEMPORARY = "temporary", _("Temporary participation")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting nomination")
        UNDER_REVIEW = "under-review", _("Under review")
        MORE_INFORMATION = "more-information", _("More information needed")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    # The organisation's details an institutional application asks for (forms and admin).
    ORGANISATION_FIELDS = (
        "organisation_name",
        "acronym",
        "category",
        "legal_status",
        "registration_number",
        "pillars",
        "national_coverage",
        "counties",
        "description",
        "website",
    )
    EXEMPTION_FIELDS = ("justification", "objective", "starts_on", "ends_on")
    # Submitting goes to review at once when the nomination already counts; a declined
    # nomination sends the application back to its draft.
    TRANSITIONS = {
        Status.DRAFT: (Status.SUBMITTED, Status.UNDER_REVIEW),
        Status.SUBMITTED: (Status.UNDER_REVIEW, Status.DRAFT),
        Status.UNDER_REVIEW: (Status.APPROVED, Status.DECLINED, Status.MORE_INFORMATION),
        Status.MORE_INFORMATION: (Status.UNDER_REVIEW,),
        Status.APPROVED: (),
        Status.DECLINED: (),
    }
    OPEN_STATUSES = (Status.SUBMITTED, Status.UNDER_REVIEW)
    EDITABLE_STATUSES = (Status.DRAFT, Status.MORE_INFORMATION)

    kind = models.CharField(
        _("kind of membership"), max_length=16, choices=Kind.choices, default=Kind.INSTITUTIONAL
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="membership_applications",
        verbose_name=_("applicant"),
        help_text=_("Empty while a nominated organisation's contact has not yet opened it."),
    )
    # The organisation (institutional applications)
    organisation_name = models.CharField(_("organisation name"), max_length=200, blank=True)
    acronym = models.CharField(_("acronym"), max_length=32, blank=True)
    category = models.CharField(
        _("category"), max_length=32, choices=Organisation.Category.choices, blank=True
    )
    legal_status = models.CharField(_("legal status"), max_length=200, blank=True)
    registration_number = models.CharField(_("registration number"), max_length=64, blank=True)
    pillars = models.ManyToManyField(Pillar, verbose_name=_("pillars"), blank=True)
    national_coverage = models.BooleanField(_("works nationally"), default=False)
    counties = models.ManyToManyField(County, verbose_name=_("counties covered"), blank=True)
    description = models.TextField(_("what the organisation does"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # Exemptions
    justification = models.TextField(
        _("justification"),
        blank=True,
        help_text=_("For individual membership: your contribution to social protection in Kenya."),
    )
    objective = models.TextField(
        _("objective"),
        blank=True,
        help_text=_("For temporary participation: what you want to achieve in the CoP."),
    )
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    # Every application
    fit_statement = models.TextField(
        _("how you fit the CoP's objectives"),
        blank=True,
        help_text=_(
            "How your work relates to social protection in Kenya and what you would bring to "
            "the community."
        ),
    )
    nominating_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations_given",
        verbose_name=_("nominating member"),
        help_text=_("A member organisation that knows your work and will endorse you."),
    )
    # Outcome
    review_round = models.PositiveSmallIntegerField(_("review round"), default=1)
    question = models.TextField(_("question to the applicant"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("resulting organisation"),
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MembershipApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        ordering = ["-created_at"]
        permissions = [
            ("review_membershipapplication", _("Can review membership applications")),
            ("decide_membershipapplication", _("Can decide on membership applications")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="members_application_period_ordered",
            ),
        ]

    def __str__(self):
        return self.display_name or _("Application %(pk)s") % {"pk": self.pk}

    def get_absolute_url(self):
        return reverse("members:application", kwargs={"pk": self.pk})

    def get_review_url(self):
        return reverse("members:review_detail", kwargs={"pk": self.pk})

    @property
    def display_name(self):
        if self.kind == self.Kind.INSTITUTIONAL:
            return self.organisation_name
        return self.applicant.full_name if self.applicant else ""

    @property
    def is_editable(self):
        return self.status in self.EDITABLE_STATUSES

    @property
    def is_decided(self):
        return self.status in (self.Status.APPROVED, self.Status.DECLINED)


class ApplicationContact(models.Model):
    """A contact person named in an application; invited to the portal on approval."""

    application = models.ForeignKey(
        MembershipApplication, on_delete=models.CASCADE, related_name="contacts"
    )
    full_name = models.CharField(_("full name"), max_length=150)
    job_title = models.CharField(_("title"), max_length=150)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    told_at = models.DateTimeField(
        _("told they were named"),
        null=True,
        blank=True,
        help_text=_("When the contact person was e-mailed that the application names them."),
    )

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), "application", name="members_contact_unique_email"
            )
        ]

    def __str__(self):
        return f"{self.full_name} <{self.email}>"


class ApplicationProgramme(models.Model):
    """A programme the applying organisation runs; becomes a Programme on approval."""

    application = models.ForeignKey(
        MembershipApplication, on_delete=models.CASCADE, related_name="programmes"
    )
    name = models.CharField(_("name"), max_length=200)
    pillar = models.ForeignKey(Pillar, on_delete=models.PROTECT, verbose_name=_("pillar"))
    description = models.TextField(_("description"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    url = models.URLField(_("link"), blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["pk"]

    def __str__(self):
        return self.name


class ApplicationDocument(models.Model):
    """A due-diligence document, stored under a random name and served only through a view
    that checks the reader is the applicant or a reviewer."""

    class Kind(models.TextChoices):
        REGISTRATION = "registration", _("Certificate of registration")
        PROFILE = "profile", _("Organisation profile or annual report")
        CV = "cv", _("CV or statement of contribution")
        LETTER = "letter", _("Letter of support")
        OTHER = "other", _("Other")

    application = models.ForeignKey(
        MembershipApplication, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("kind of document"), max_length=16, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=application_document_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("supporting document")
        verbose_name_plural = _("supporting documents")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse(
            "members:application_document",
            kwargs={"pk": self.application_id, "document_pk": self.pk},
        )


class Nomination(models.Model):
    """The nominating member's endorsement of an application, or the committee's waiver."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting the nominating member")
        ENDORSED = "endorsed", _("Endorsed")
        DECLINED = "declined", _("Declined")
        WAIVED = "waived", _("Waived by the Oversight Committee")

    application = models.OneToOneField(
        MembershipApplication, on_delete=models.CASCADE, related_name="nomination"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name=_("nominating member"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    initiated_by_member = models.BooleanField(
        _("started by the member"),
        default=False,
        help_text=_("The member nominated the organisation and invited it to apply."),
    )
    comment = models.TextField(_("comment"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(_("responded"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")

    def __str__(self):
        return f"{self.organisation or '-'} → {self.application}: {self.get_status_display()}"

    def get_absolute_url(self):
        return reverse("members:nomination", kwargs={"pk": self.pk})

    @property
    def counts(self):
        return self.status in (self.Status.ENDORSED, self.Status.WAIVED)


class Recommendation(models.Model):
    """A reviewer's recommendation on one review round, assessed against the criteria."""

    class Verdict(models.TextChoices):
        APPROVE = "approve", _("Approve")
        DECLINE = "decline", _("Decline")
        MORE_INFORMATION = "more-information", _("More information needed")

    class Assessment(models.TextChoices):
        MEETS = "meets", _("Meets")
        PARTLY = "partly", _("Partly meets")
        DOES_NOT_MEET = "does-not-meet", _("Does not meet")

    application = models.ForeignKey(
        MembershipApplication, on_delete=models.CASCADE, related_name="recommendations"
    )
    review_round = models.PositiveSmallIntegerField(_("review round"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    verdict = models.CharField(_("recommendation"), max_length=20, choices=Verdict.choices)
    alignment = models.CharField(
        _("alignment with the CoP's objectives"), max_length=16, choices=Assessment.choices
    )
    value_added = models.CharField(_("value added"), max_length=16, choices=Assessment.choices)
    credibility = models.CharField(_("credibility"), max_length=16, choices=Assessment.choices)
    scope = models.CharField(
        _("geographic or strategic scope"), max_length=16, choices=Assessment.choices
    )
    reason = models.TextField(_("reason"))
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "review_round", "reviewer"],
                name="members_recommendation_once_per_round",
            )
        ]

    def __str__(self):
        return f"{self.reviewer}: {self.get_verdict_display()}"


class ApplicationEvent(models.Model):
    """The audit trail of an application: every transition, with who and when."""

    class Action(models.TextChoices):
        CREATED = "created", _("Application started")
        INVITED = "invited", _("Organisation nominated and invited to apply")
        SUBMITTED = "submitted", _("Submitted")
        NOMINATION_ENDORSED = "nomination-endorsed", _("Nomination endorsed")
        NOMINATION_DECLINED = "nomination-declined", _("Nomination declined")
        NOMINATION_WAIVED = "nomination-waived", _("Nomination waived")
        RECOMMENDED = "recommended", _("Recommendation recorded")
        MORE_INFORMATION = "more-information", _("More information requested")
        RESUBMITTED = "resubmitted", _("Resubmitted")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    application = models.ForeignKey(
        MembershipApplication, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=24, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    visible_to_applicant = models.BooleanField(_("shown to the applicant"), default=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("application event")
        verbose_name_plural = _("application events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.application}: {self.get_action_display()} ({self.at:%Y-%m-%d %H:%M})"


class InvitationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True).filter(
            expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """An e-mailed link to join an organisation's people, or to complete an application a
    member nominated. Only the token's hash is stored."""

    class Purpose(models.TextChoices):
        JOIN = "join", _("Join the organisation")
        APPLY = "apply", _("Complete a nominated application")

    purpose = models.CharField(_("purpose"), max_length=8, choices=Purpose.choices)
    email = models.EmailField(_("e-mail"))
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations"
    )
    application = models.ForeignKey(
        MembershipApplication,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
    )
    make_focal_person = models.BooleanField(_("as focal person"), default=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(purpose="join", organisation__isnull=False)
                | Q(purpose="apply", application__isnull=False),
                name="members_invitation_has_target",
            )
        ]

    def __str__(self):
        return f"{self.email} ({self.get_purpose_display()})"

    @property
    def is_open(self):
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )
