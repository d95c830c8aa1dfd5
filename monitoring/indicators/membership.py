"""Member organisations and people, who was active, and membership applications."""

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from members.models import MembershipApplication, Organisation

from .base import DAYS, PERCENT, Column, Figure, Provider, TableSpec, median, share

NATIONAL = "national"

ACTIVITY_LABELS = {
    "signed-in": _("Signed in"),
    "attended": _("Attended a meeting"),
    "posted": _("Submitted a bulletin item"),
    "uploaded": _("Uploaded a document or a new version"),
}


class MembershipProvider(Provider):
    key = "membership"
    title = _("Membership and activity")
    figures = (
        Figure("member_organisations", _("Member organisations")),
        Figure("active_organisations", _("Active member organisations")),
        Figure("active_organisations_share", _("Share of organisations active"), PERCENT),
        Figure("people", _("People with member access")),
        Figure("active_people", _("Active people")),
        Figure("active_people_share", _("Share of people active"), PERCENT),
        Figure("new_organisations", _("New member organisations")),
        Figure("applications_submitted", _("Applications submitted")),
        Figure("applications_approved", _("Applications approved")),
        Figure("applications_declined", _("Applications declined")),
        Figure(
            "median_days_to_decision",
            _("Median days from submission to decision"),
            DAYS,
        ),
    )
    tables = (
        TableSpec(
            "activity",
            _("What active people did"),
            (Column("label", _("Activity")), Column("people", _("People"))),
            label_of=ACTIVITY_LABELS,
            note=_("A person who did several things counts once in each row."),
        ),
        TableSpec(
            "by_category",
            _("Member organisations by category"),
            (
                Column("label", _("Category")),
                Column("members", _("Members")),
                Column("active", _("Active")),
                Column("share", _("Share active"), PERCENT),
            ),
            label_of=dict(Organisation.Category.choices),
        ),
        TableSpec(
            "by_pillar",
            _("Member organisations by pillar"),
            (
                Column("label", _("Pillar")),
                Column("members", _("Members")),
                Column("active", _("Active")),
                Column("share", _("Share active"), PERCENT),
            ),
        ),
        TableSpec(
            "by_county",
            _("Member organisations by county covered"),
            (
                Column("label", _("County")),
                Column("members", _("Members")),
                Column("active", _("Active")),
                Column("share", _("Share active"), PERCENT),
            ),
            label_of={"national": _("Works nationally")},
            note=_("Organisations that work nationally are counted in their own row."),
        ),
        TableSpec(
            "active_organisations",
            _("Member organisations and their active people"),
            (
                Column("label", _("Organisation")),
                Column("people", _("People with access")),
                Column("active", _("Active people")),
            ),
            names=True,
        ),
    )

    def compute(self, period):
        members = period.member_organisations
        people = period.people
        active_people = period.active_people
        active_organisations = period.active_organisations

        # Applications: submitted, and decided, in the quarter.
        submitted = MembershipApplication.objects.filter(
            submitted_at__gte=period.start, submitted_at__lt=period.end
        ).count()
        decided = list(
            MembershipApplication.objects.filter(
                decided_at__gte=period.start,
                decided_at__lt=period.end,
                status__in=[
                    MembershipApplication.Status.APPROVED,
                    MembershipApplication.Status.DECLINED,
                ],
            )
            .annotate(took=F("decided_at") - F("submitted_at"))
            .values_list("status", "took")
        )
        days = [took.total_seconds() / 86400 for _status, took in decided if took is not None]

        new_organisations = Organisation.objects.filter(
            pk__in=list(members), date_joined__gte=period.quarter.first_day
        ).count()

        return {
            "figures": {
                "member_organisations": len(members),
                "active_organisations": len(active_organisations),
                "active_organisations_share": share(len(active_organisations), len(members)),
                "people": len(people),
                "active_people": len(active_people),
                "active_people_share": share(len(active_people), len(people)),
                "new_organisations": new_organisations,
                "applications_submitted": submitted,
                "applications_approved": sum(
                    1 for status, _took in decided if status == "approved"
                ),
                "applications_declined": sum(
                    1 for status, _took in decided if status == "declined"
                ),
                "median_days_to_decision": median(days),
            },
            "tables": {
                "activity": [[source, len(users)] for source, users in period.activity.items()],
                "by_category": self._by_category(members, active_organisations),
                "by_pillar": self._by_relation(
                    members, active_organisations, "pillars__name", "pillars__order"
                ),
                "by_county": self._by_county(members, active_organisations),
                "active_organisations": self._per_organisation(members, people, active_people),
            },
        }

    @staticmethod
    def _rows(counts, active, order):
        return [
            [label, counts[label], active.get(label, 0), share(active.get(label, 0), counts[label])]
            for label in order
        ]

    def _by_category(self, members, active_organisations):
        counts, active = {}, {}
        for pk, (_name, category) in members.items():
            counts[category] = counts.get(category, 0) + 1
            if pk in active_organisations:
                active[category] = active.get(category, 0) + 1
        order = [code for code in Organisation.Category.values if code in counts]
        return self._rows(counts, active, order)

    def _by_relation(self, members, active_organisations, field, order_field):
        counts, active, order = {}, {}, []
        pairs = (
            Organisation.objects.filter(pk__in=list(members))
            .exclude(**{f"{field}__isnull": True})
            .order_by(order_field, field)
            .values_list("pk", field)
        )
        for pk, label in pairs:
            if label not in counts:
                order.append(label)
                counts[label] = 0
            counts[label] += 1
            if pk in active_organisations:
                active[label] = active.get(label, 0) + 1
        return self._rows(counts, active, order)

    def _by_county(self, members, active_organisations):
        rows = self._by_relation(members, active_organisations, "counties__name", "counties__name")
        national = list(
            Organisation.objects.filter(pk__in=list(members), national_coverage=True).values_list(
                "pk", flat=True
            )
        )
        if national:
            active = sum(1 for pk in national if pk in active_organisations)
            rows.insert(0, [NATIONAL, len(national), active, share(active, len(national))])
        return rows

    @staticmethod
    def _per_organisation(members, people, active_people):
        access, active = {}, {}
        for user_id, organisation_id in people.items():
            if organisation_id in members:
                access[organisation_id] = access.get(organisation_id, 0) + 1
                if user_id in active_people:
                    active[organisation_id] = active.get(organisation_id, 0) + 1
        rows = [
            [name, access.get(pk, 0), active.get(pk, 0)]
            for pk, (name, _category) in members.items()
        ]
        return sorted(rows, key=lambda row: (-row[2], row[0]))
