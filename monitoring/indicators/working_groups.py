"""Each Thematic Working Group's activity: meetings, documents, open and overdue actions."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from committees.models import Meeting
from repository.models import Document
from twg.models import WorkingGroup

from .actions import CLOSED, action_states
from .base import Column, Figure, Provider, TableSpec


class WorkingGroupsProvider(Provider):
    key = "working_groups"
    title = _("Thematic working groups")
    figures = (
        Figure("working_groups", _("Working groups established")),
        Figure("working_groups_meeting", _("Working groups that met")),
        Figure("twg_meetings_held", _("Working group meetings held")),
        Figure("twg_documents", _("Documents shared with or about a working group")),
    )
    tables = (
        TableSpec(
            "by_working_group",
            _("Activity per working group"),
            (
                Column("label", _("Working group")),
                Column("meetings", _("Meetings held")),
                Column("documents", _("Documents shared")),
                Column("open", _("Actions open")),
                Column("overdue", _("Actions overdue")),
            ),
            note=_(
                "Documents shared: uploaded in the quarter for the group's members or tagged "
                "with its topic. Actions: those of the group's meetings, at the quarter's end."
            ),
        ),
    )

    def compute(self, period):
        groups = list(
            WorkingGroup.objects.filter(status=WorkingGroup.Status.ESTABLISHED)
            .select_related("body")
            .order_by("order", "body__name")
            .values_list("body_id", "body__name")
        )
        body_ids = [body_id for body_id, _name in groups]
        meetings = dict(
            Meeting.objects.filter(
                body_id__in=body_ids,
                status=Meeting.Status.HELD,
                starts_at__gte=period.start,
                starts_at__lt=period.end,
            )
            .values_list("body_id")
            .annotate(n=Count("pk"))
            .values_list("body_id", "n")
        )
        shared = Document.objects.filter(created_at__gte=period.start, created_at__lt=period.end)
        documents = {}
        for document_id, body_id, topic_body_id in shared.filter(
            Q(body_id__in=body_ids) | Q(topics__body_id__in=body_ids)
        ).values_list("pk", "body_id", "topics__body_id"):
            for body in {body_id, topic_body_id} & set(body_ids):
                documents.setdefault(body, set()).add(document_id)
        open_, overdue = {}, {}
        for _pk, body_id, due_on, status, _done in action_states(period):
            if body_id in body_ids and status not in CLOSED:
                open_[body_id] = open_.get(body_id, 0) + 1
                if due_on < period.as_of:
                    overdue[body_id] = overdue.get(body_id, 0) + 1
        all_documents = set()
        for ids in documents.values():
            all_documents |= ids
        return {
            "figures": {
                "working_groups": len(groups),
                "working_groups_meeting": sum(1 for body_id in body_ids if meetings.get(body_id)),
                "twg_meetings_held": sum(meetings.values()),
                "twg_documents": len(all_documents),
            },
            "tables": {
                "by_working_group": [
                    [
                        name,
                        meetings.get(body_id, 0),
                        len(documents.get(body_id, ())),
                        open_.get(body_id, 0),
                        overdue.get(body_id, 0),
                    ]
                    for body_id, name in groups
                ]
            },
        }
