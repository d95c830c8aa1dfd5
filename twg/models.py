"""Thematic Working Groups: what a working group has beyond being a body with seats."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.models import Body
from core.transitions import Transitions
from members.models import Organisation


class WorkingGroup(Transitions, models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ESTABLISHED = "established", _("Established")
        TERMINATED = "terminated", _("Terminated")

    # Each change is an Oversight Committee decision (``services.working_group_decide``).
    TRANSITIONS = {
        Status.PROPOSED: (Status.ESTABLISHED, Status.TERMINATED),
        Status.ESTABLISHED: (Status.TERMINATED,),
        Status.TERMINATED: (),
    }

    body = models.OneToOneField(
        Body,
        on_delete=models.PROTECT,
        related_name="working_group",
        limit_choices_to={"kind": Body.Kind.WORKING_GROUP},
    )
    purpose = models.TextField(_("purpose"))
    terms_of_reference = models.TextField(_("terms of reference"), blank=True)
    lead_agency = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_working_groups",
        verbose_name=_("lead agency"),
        limit_choices_to={"category": Organisation.Category.GOVERNMENT},
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("thematic working group")
        verbose_name_plural = _("thematic working groups")
        ordering = ["order", "body__name"]

    def __str__(self):
        return self.body.name

    def get_absolute_url(self):
        return reverse("twg:detail", kwargs={"slug": self.body.slug})

    @property
    def name(self):
        return self.body.name

    @property
    def is_open(self):
        return self.status != self.Status.TERMINATED


class StatusDecision(models.Model):
    """An Oversight Committee decision changing a working group's status."""

    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="decisions"
    )
    status = models.CharField(_("status"), max_length=12, choices=WorkingGroup.Status.choices)
    decided_on = models.DateField(_("decided on"), default=timezone.localdate)
    relevance = models.TextField(_("relevance to the sector"))
    alignment = models.TextField(_("alignment with the sector's frameworks"))
    stakeholder_interest = models.TextField(_("stakeholder interest"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("status decision")
        verbose_name_plural = _("status decisions")
        ordering = ["-decided_on", "-recorded_at"]

    def __str__(self):
        return f"{self.working_group}: {self.get_status_display()} ({self.decided_on})"


class JoinRequest(Transitions, models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the lead")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # Answered once by the group's lead.
    TRANSITIONS = {
        Status.PENDING: (Status.APPROVED, Status.DECLINED),
        Status.APPROVED: (),
        Status.DECLINED: (),
        Status.WITHDRAWN: (),
    }

    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="join_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="twg_join_requests"
    )
    motivation = models.TextField(_("what you would bring"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_at = models.DateTimeField(_("asked"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)
    note = models.TextField(_("note from the lead"), blank=True)

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["working_group", "user"],
                condition=Q(status="pending"),
                name="twg_one_pending_request",
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.working_group}: {self.get_status_display()}"
