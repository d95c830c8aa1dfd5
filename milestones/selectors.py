"""Reads for the administration team's reporting overview (the public numbers are in
``aggregates``)."""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from members import services as member_services
from members.models import Organisation, ReachFigure

from .models import ReportReminder


def can_verify(user):
    return user.is_authenticated and user.has_perm(member_services.VERIFY_PERMISSION)


def reporting_year(today=None):
    """The year focal persons are asked about: the last full calendar year."""
    return (today or timezone.localdate()).year - 1


def figures_waiting():
    return list(
        ReachFigure.objects.filter(status=ReachFigure.Status.REPORTED)
        .select_related("programme__organisation", "programme__pillar", "county", "reported_by")
        .order_by("reported_at", "pk")
    )


def figures_returned():
    return list(
        ReachFigure.objects.filter(status=ReachFigure.Status.RETURNED)
        .select_related("programme__organisation", "county", "decided_by")
        .order_by("-decided_at", "pk")
    )


def reporting_overview(year):
    """Every active organisation with programmes and how far it reported ``year``: figures
    given, verified, waiting, returned, and whether it was reminded. One query."""
    of_year = Q(programmes__reach__year=year)
    status = "programmes__reach__status"
    return list(
        Organisation.objects.active()
        .filter(programmes__isnull=False)
        .annotate(
            programme_count=Count("programmes", distinct=True),
            reported=Count("programmes__reach", filter=of_year, distinct=True),
            verified=Count(
                "programmes__reach",
                filter=of_year & Q(**{status: ReachFigure.Status.VERIFIED}),
                distinct=True,
            ),
            waiting=Count(
                "programmes__reach",
                filter=of_year & Q(**{status: ReachFigure.Status.REPORTED}),
                distinct=True,
            ),
            returned=Count(
                "programmes__reach",
                filter=of_year & Q(**{status: ReachFigure.Status.RETURNED}),
                distinct=True,
            ),
            reminded=Exists(ReportReminder.objects.filter(organisation=OuterRef("pk"), year=year)),
        )
        .only("name", "slug", "acronym")
        .order_by("reported", "name")
    )


def organisations_to_remind(year):
    """Active organisations with programmes, no figure for ``year`` and no reminder yet."""
    return (
        Organisation.objects.active()
        .filter(programmes__isnull=False)
        .exclude(programmes__reach__year=year)
        .exclude(Exists(ReportReminder.objects.filter(organisation=OuterRef("pk"), year=year)))
        .distinct()
        .order_by("name")
    )
