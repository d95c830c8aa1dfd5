"""Action items: open and overdue at the quarter's end, and those due in it done on time.

An action's status on a day is the status its last progress note before that day set (the
committees app records each change as a note); with no note yet, it is open."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.models import ActionItem, ActionNote

from .base import PERCENT, Column, Figure, Provider, TableSpec, share

CLOSED = (ActionItem.Status.DONE, ActionItem.Status.DROPPED)


def action_states(period):
    """``[(action id, body id, due_on, status at as_of, day it was done or None)]`` for every
    action created before the quarter ended (two queries)."""
    actions = list(
        ActionItem.objects.filter(created_at__lt=period.end).values_list(
            "pk", "meeting__body_id", "due_on", "status"
        )
    )
    notes = {}
    done_on = {}
    for action_id, status, at in (
        ActionNote.objects.filter(action__created_at__lt=period.end, at__lt=period.end)
        .order_by("at", "pk")
        .values_list("action_id", "status", "at")
    ):
        notes[action_id] = status
        if status == ActionItem.Status.DONE:
            done_on.setdefault(action_id, at)
        elif action_id in done_on and status != ActionItem.Status.DONE:
            done_on.pop(action_id)
    current_quarter = period.quarter.is_current()
    states = []
    for pk, body_id, due_on, current in actions:
        status = current if current_quarter else notes.get(pk, ActionItem.Status.OPEN)
        done_at = done_on.get(pk)
        states.append(
            (
                pk,
                body_id,
                due_on,
                status,
                timezone.localdate(done_at)
                if done_at and status == ActionItem.Status.DONE
                else None,
            )
        )
    return states


class ActionsProvider(Provider):
    key = "actions"
    title = _("Action items")
    figures = (
        Figure("actions_open", _("Action items open")),
        Figure("actions_overdue", _("Action items overdue")),
        Figure("actions_due", _("Action items due in the quarter")),
        Figure("actions_done_on_time", _("Done by their due day")),
        Figure("actions_done_on_time_share", _("Share done on time"), PERCENT),
    )
    tables = (
        TableSpec(
            "due",
            _("Action items due in the quarter"),
            (Column("label", _("Outcome")), Column("count", _("Action items"))),
            label_of={
                "on-time": _("Done by the due day"),
                "late": _("Done after the due day"),
                "dropped": _("Dropped"),
                "open": _("Still open"),
            },
        ),
    )

    def compute(self, period):
        states = action_states(period)
        as_of = period.as_of
        open_ = [s for s in states if s[3] not in CLOSED]
        overdue = [s for s in open_ if s[2] < as_of]
        due = [s for s in states if period.quarter.contains(s[2])]
        outcomes = {"on-time": 0, "late": 0, "dropped": 0, "open": 0}
        for _pk, _body, due_on, status, done_day in due:
            if status == ActionItem.Status.DONE:
                outcomes["on-time" if done_day and done_day <= due_on else "late"] += 1
            elif status == ActionItem.Status.DROPPED:
                outcomes["dropped"] += 1
            else:
                outcomes["open"] += 1
        return {
            "figures": {
                "actions_open": len(open_),
                "actions_overdue": len(overdue),
                "actions_due": len(due),
                "actions_done_on_time": outcomes["on-time"],
                "actions_done_on_time_share": share(outcomes["on-time"], len(due)),
            },
            "tables": {"due": [[key, count] for key, count in outcomes.items()]},
        }
