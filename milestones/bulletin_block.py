"""The bulletin's automatic block of milestone highlights (registered in ``apps.py`` into
``bulletin.blocks``): the headline numbers and the figures the administration team verified
in the edition's quarter, stored with the edition when it is published."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Organisation, ReachFigure

from . import aggregates

HIGHLIGHTS = 5


def _quarter(edition):
    zone = timezone.get_default_timezone()
    first_month = 3 * (edition.quarter - 1) + 1
    start = datetime.datetime(edition.year, first_month, 1, tzinfo=zone)
    end = (
        datetime.datetime(edition.year + 1, 1, 1, tzinfo=zone)
        if edition.quarter == 4
        else datetime.datetime(edition.year, first_month + 3, 1, tzinfo=zone)
    )
    return start, end


def quarter_highlights(edition):
    """The block, or None when no verified figure exists yet."""
    data = aggregates.summary()
    if not data["by_programme"]:
        return None
    start, end = _quarter(edition)
    verified = list(
        ReachFigure.objects.filter(
            status=ReachFigure.Status.VERIFIED,
            decided_at__gte=start,
            decided_at__lt=end,
            unit=ReachFigure.Unit.PEOPLE,
            programme__organisation__status=Organisation.Status.ACTIVE,
        )
        .select_related("programme__organisation", "county")
        .order_by("-reached", "pk")[:HIGHLIGHTS]
    )
    intro = _(
        "In %(year)s the members' programmes reported %(total)s beneficiaries, with verified "
        "figures in %(covered)s of the %(counties)s counties."
    ) % {
        "year": data["year"],
        "total": f"{data['total']:,}",
        "covered": data["counties_covered"],
        "counties": data["counties_total"],
    }
    if data["any_illustrative"]:
        intro += " " + _("These numbers include illustrative figures made up for the demo.")
    lines = [
        {
            "text": _("%(programme)s (%(organisation)s): %(reached)s in %(where)s, %(year)s")
            % {
                "programme": figure.programme.name,
                "organisation": figure.programme.organisation.acronym
                or figure.programme.organisation.name,
                "reached": f"{figure.reached:,}",
                "where": figure.county.name if figure.county else _("all of Kenya"),
                "year": figure.year,
            },
            "url": settings.SITE_URL
            + figure.programme.organisation.get_absolute_url()
            + f"#programme-{figure.programme_id}",
        }
        for figure in verified
    ]
    lines.append(
        {
            "text": _("All the sector milestones: by pillar, county and year"),
            "url": settings.SITE_URL + reverse("milestones:dashboard"),
        }
    )
    return {"title": _("Milestones of the quarter"), "intro": intro, "lines": lines}
