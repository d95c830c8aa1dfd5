from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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


class Organisation(models.Model):
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


class ReachFigure(models.Model):
    """People or households a programme reached in a year, nationally or in one county."""

    class Unit(models.TextChoices):
        PEOPLE = "people", _("people")
        HOUSEHOLDS = "households", _("households")

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

    class Meta:
        verbose_name = _("reach figure")
        verbose_name_plural = _("reach figures")
        ordering = ["-year", "county__name"]
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
