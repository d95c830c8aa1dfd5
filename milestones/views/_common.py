"""What the milestones pages share: reading the filters, and the open-data tables."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from .. import aggregates

OPEN_DATA_TABLES = [
    ("years", _("By year")),
    ("pillars", _("By pillar")),
    ("programmes", _("By programme")),
    ("counties", _("By county")),
]


def filters_or_404(params):
    """The filters of a query string; one that names nothing is a 404, not an error."""
    try:
        return aggregates.parse_filters(params)
    except aggregates.UnknownFilter:
        raise Http404 from None
