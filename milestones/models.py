from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Organisation


class ReportReminder(models.Model):
    """The yearly reminder to an organisation's focal people to report its programmes' reach
    for a year: one per organisation and year, so running the reminder twice mails no one
    twice."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    year = models.PositiveSmallIntegerField(_("year reported"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    recipients = models.PositiveSmallIntegerField(_("people mailed"), default=0)

    class Meta:
        verbose_name = _("reach report reminder")
        verbose_name_plural = _("reach report reminders")
        ordering = ["-year", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="milestones_one_reminder_per_year"
            )
        ]

    def __str__(self):
        return f"{self.organisation} {self.year}"
