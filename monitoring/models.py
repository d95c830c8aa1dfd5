"""What monitoring records itself: sign-ins per quarter (the portal keeps only a person's
latest sign-in) and the stored snapshots of each quarter's indicators. Everything else it
reads from the other apps' records."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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
