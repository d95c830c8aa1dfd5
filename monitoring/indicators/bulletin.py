"""Bulletin submissions and decisions, editions, subscribers and unsubscribes."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bulletin.models import Edition, Submission, SubmissionEvent, Subscriber

from .base import Column, Figure, Provider, TableSpec


class BulletinProvider(Provider):
    key = "bulletin"
    title = _("Bulletin")
    figures = (
        Figure("submissions", _("Bulletin items submitted")),
        Figure("submissions_accepted", _("Items accepted")),
        Figure("editions_published", _("Editions published")),
        Figure("subscribers", _("Subscribers at the quarter's end")),
        Figure("new_subscribers", _("New subscribers")),
        Figure("unsubscribes", _("Unsubscribes")),
    )
    tables = (
        TableSpec(
            "submissions_by_kind",
            _("Bulletin items submitted, by kind"),
            (Column("label", _("Kind")), Column("count", _("Items"))),
            label_of=dict(Submission.Kind.choices),
        ),
    )

    def compute(self, period):
        start, end = period.start, period.end
        submitted = Submission.objects.filter(submitted_at__gte=start, submitted_at__lt=end)
        by_kind = {}
        for kind in submitted.values_list("kind", flat=True):
            by_kind[kind] = by_kind.get(kind, 0) + 1
        accepted = (
            SubmissionEvent.objects.filter(
                action=SubmissionEvent.Action.ACCEPTED, at__gte=start, at__lt=end
            )
            .values("submission")
            .distinct()
            .count()
        )
        confirmed = Q(confirmed_at__isnull=False, confirmed_at__lt=end)
        still = Q(unsubscribed_at__isnull=True) | Q(unsubscribed_at__gte=end)
        return {
            "figures": {
                "submissions": sum(by_kind.values()),
                "submissions_accepted": accepted,
                "editions_published": Edition.objects.filter(
                    published_at__gte=start, published_at__lt=end
                ).count(),
                "subscribers": Subscriber.objects.filter(confirmed & still).count(),
                "new_subscribers": Subscriber.objects.filter(
                    confirmed_at__gte=start, confirmed_at__lt=end
                ).count(),
                "unsubscribes": Subscriber.objects.filter(
                    unsubscribed_at__gte=start, unsubscribed_at__lt=end
                ).count(),
            },
            "tables": {
                "submissions_by_kind": [
                    [code, by_kind[code]] for code in Submission.Kind.values if code in by_kind
                ]
            },
        }
