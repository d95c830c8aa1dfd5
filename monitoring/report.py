"""What the chair's quarterly report says, gathered from the other parts of monitoring and
the committees' action items (a fixed number of queries)."""

from dataclasses import dataclass

from committees.models import ActionItem

from . import presentation, selectors
from .models import JournalEntry, MaturityAssessment, Recognition

# The headline figures the report leads with: (block, figure).
HEADLINES = [
    ("membership", "member_organisations"),
    ("membership", "active_organisations_share"),
    ("membership", "active_people"),
    ("meetings", "meetings_held"),
    ("meetings", "attendance_rate"),
    ("documents", "documents_shared"),
    ("bulletin", "submissions"),
    ("actions", "actions_done_on_time_share"),
]
HIGHLIGHTS = 5
OVERDUE = 10


@dataclass
class ReportContent:
    quarter: object
    headlines: list
    assessment: object
    journal: list
    recognitions: list
    overdue: list
    overdue_count: int


def content(quarter):
    data, _snapshot = selectors.quarter_figures(quarter)
    previous, _ = selectors.quarter_figures(quarter.previous())
    figures = {}
    for block in presentation.blocks(data, previous, names=True):
        for figure in block.figures:
            figures[(block.key, figure.key)] = figure
    assessment = (
        MaturityAssessment.objects.filter(year=quarter.year, quarter=quarter.number)
        .prefetch_related("ratings")
        .first()
    )
    journal = list(
        JournalEntry.objects.of(quarter)
        .select_related("working_group__body")
        .order_by("kind", "-recorded_on")[:HIGHLIGHTS]
    )
    recognitions = list(
        Recognition.objects.filter(
            period_end__gte=quarter.first_day, period_end__lte=quarter.last_day
        ).select_related("user", "organisation")
    )
    overdue = (
        ActionItem.objects.overdue(quarter.as_of())
        .select_related("meeting__body", "owner_user", "owner_organisation")
        .order_by("due_on", "pk")
    )
    return ReportContent(
        quarter=quarter,
        headlines=[figures[key] for key in HEADLINES],
        assessment=assessment,
        journal=journal,
        recognitions=recognitions,
        overdue=list(overdue[:OVERDUE]),
        overdue_count=overdue.count(),
    )
