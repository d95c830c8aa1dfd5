"""Meetings held by kind, and attendance: overall and per organisation."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from committees.models import Meeting, Registration

from .base import PERCENT, Column, Figure, Provider, TableSpec, share


class MeetingsProvider(Provider):
    key = "meetings"
    title = _("Meetings and attendance")
    figures = (
        Figure("meetings_held", _("Meetings held")),
        Figure("meetings_cancelled", _("Meetings cancelled")),
        Figure("attendances", _("Attendances recorded")),
        Figure(
            "attendance_rate",
            _("Attendance rate"),
            PERCENT,
            _("Of the confirmed registrations for meetings held, the share that attended."),
        ),
    )
    tables = (
        TableSpec(
            "by_kind",
            _("Meetings by kind"),
            (
                Column("label", _("Kind")),
                Column("held", _("Held")),
                Column("cancelled", _("Cancelled")),
                Column("attended", _("Attendances")),
            ),
            label_of=dict(Meeting.Kind.choices),
        ),
        TableSpec(
            "attendance_by_organisation",
            _("Attendance rate per organisation"),
            (
                Column("label", _("Organisation")),
                Column("registered", _("Confirmed registrations")),
                Column("attended", _("Attended")),
                Column("rate", _("Attendance rate"), PERCENT),
            ),
            names=True,
            note=_("Registrations of the organisation's people for the meetings held."),
        ),
    )

    def compute(self, period):
        in_quarter = Q(starts_at__gte=period.start, starts_at__lt=period.end)
        by_kind = {
            kind: (held, cancelled)
            for kind, held, cancelled in Meeting.objects.filter(in_quarter)
            .values_list("kind")
            .annotate(
                held=Count("pk", filter=Q(status=Meeting.Status.HELD)),
                cancelled=Count("pk", filter=Q(status=Meeting.Status.CANCELLED)),
            )
            .values_list("kind", "held", "cancelled")
        }
        registrations = list(
            Registration.objects.filter(
                status=Registration.Status.CONFIRMED,
                meeting__status=Meeting.Status.HELD,
                meeting__starts_at__gte=period.start,
                meeting__starts_at__lt=period.end,
            ).values_list("user_id", "meeting__kind", "attended")
        )
        attended_by_kind = {}
        registered = {}
        attended = {}
        for user_id, kind, came in registrations:
            if came:
                attended_by_kind[kind] = attended_by_kind.get(kind, 0) + 1
            organisation_id = period.people.get(user_id)
            if organisation_id in period.member_organisations:
                registered[organisation_id] = registered.get(organisation_id, 0) + 1
                if came:
                    attended[organisation_id] = attended.get(organisation_id, 0) + 1
        total_attended = sum(1 for _user, _kind, came in registrations if came)
        names = period.member_organisations
        per_organisation = sorted(
            (
                [
                    names[pk][0],
                    count,
                    attended.get(pk, 0),
                    share(attended.get(pk, 0), count),
                ]
                for pk, count in registered.items()
            ),
            key=lambda row: (-(row[3] or 0), row[0]),
        )
        return {
            "figures": {
                "meetings_held": sum(held for held, _c in by_kind.values()),
                "meetings_cancelled": sum(cancelled for _h, cancelled in by_kind.values()),
                "attendances": total_attended,
                "attendance_rate": share(total_attended, len(registrations)),
            },
            "tables": {
                "by_kind": [
                    [
                        kind,
                        by_kind[kind][0],
                        by_kind[kind][1],
                        attended_by_kind.get(kind, 0),
                    ]
                    for kind in Meeting.Kind.values
                    if kind in by_kind
                ],
                "attendance_by_organisation": per_organisation,
            },
        }
