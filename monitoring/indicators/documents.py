"""Documents shared, made public, and downloaded.

The repository counts downloads per document in total, not by date. The total is read when
a quarter is first computed (the current quarter, or the scheduled run just after a quarter
closes) and kept by later versions of that quarter; a quarter's downloads are the difference
between its reading and the previous quarter's."""

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from repository.models import Document, DocumentEvent, DocumentVersion

from .base import Column, Figure, Provider, TableSpec


class DocumentsProvider(Provider):
    key = "documents"
    title = _("Documents")
    figures = (
        Figure("documents_shared", _("Documents shared")),
        Figure("new_versions", _("New versions of documents")),
        Figure("made_public", _("Documents made public")),
        Figure("downloads_reading", _("Downloads counted since the start (reading)")),
        Figure(
            "downloads",
            _("Downloads in the quarter"),
            help=_("The difference between this quarter's reading and the previous one's."),
        ),
    )
    tables = (
        TableSpec(
            "by_visibility",
            _("Documents shared, by who may see them"),
            (Column("label", _("Audience")), Column("count", _("Documents"))),
            label_of=dict(Document.Visibility.choices),
        ),
        TableSpec(
            "by_type",
            _("Documents shared, by type"),
            (Column("label", _("Type")), Column("count", _("Documents"))),
            label_of=dict(Document.Type.choices),
        ),
    )

    def compute(self, period):
        previous_reading = period.readings.get("previous")
        own_reading = period.readings.get("own")
        shared = Document.objects.filter(created_at__gte=period.start, created_at__lt=period.end)
        by_visibility = dict(
            shared.values_list("visibility").annotate(n=Count("pk")).values_list("visibility", "n")
        )
        by_type = dict(shared.values_list("type").annotate(n=Count("pk")).values_list("type", "n"))
        in_quarter = Q(at__gte=period.start, at__lt=period.end)
        made_public = (
            DocumentEvent.objects.filter(in_quarter, action=DocumentEvent.Action.APPROVED)
            .values("document")
            .distinct()
            .count()
        )
        new_versions = DocumentVersion.objects.filter(
            number__gt=1, uploaded_at__gte=period.start, uploaded_at__lt=period.end
        ).count()
        if own_reading is None:
            own_reading = Document.objects.aggregate(total=Sum("download_count"))["total"] or 0
        downloads = None
        if previous_reading is not None:
            downloads = max(own_reading - previous_reading, 0)
        return {
            "figures": {
                "documents_shared": sum(by_visibility.values()),
                "new_versions": new_versions,
                "made_public": made_public,
                "downloads_reading": own_reading,
                "downloads": downloads,
            },
            "tables": {
                "by_visibility": [
                    [code, by_visibility[code]]
                    for code in Document.Visibility.values
                    if code in by_visibility
                ],
                "by_type": [
                    [code, by_type[code]] for code in Document.Type.values if code in by_type
                ],
            },
        }
