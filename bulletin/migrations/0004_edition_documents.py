"""Store each published edition's "new public documents" block (issue 7): the page read every
approval in the repository to find twenty documents. Editions published before this
migration get their block worked out here, as the page did: public approved documents not
withdrawn, last approved after the previous edition went out and by this one's publication,
newest first, at most twenty."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Max, Q

LIMIT = 20


def store_blocks(apps, schema_editor):
    Edition = apps.get_model("bulletin", "Edition")
    EditionDocument = apps.get_model("bulletin", "EditionDocument")
    Document = apps.get_model("repository", "Document")
    DocumentEvent = apps.get_model("repository", "DocumentEvent")
    editions = list(
        Edition.objects.filter(status="published", published_at__isnull=False).order_by(
            "published_at", "pk"
        )
    )
    for edition in editions:
        end = edition.published_at
        earlier = [e.published_at for e in editions if e.published_at < end]
        start = max(earlier) if earlier else None
        approvals = DocumentEvent.objects.filter(action="approved", at__lte=end)
        if start is not None:
            approvals = approvals.filter(at__gt=start)
        documents = (
            Document.objects.filter(
                visibility="public",
                public_status="approved",
                withdrawn_at__isnull=True,
                pk__in=approvals.values("document_id"),
            )
            .annotate(made_public_at=Max("events__at", filter=Q(events__action="approved")))
            .filter(made_public_at__lte=end)
        )
        if start is not None:
            documents = documents.filter(made_public_at__gt=start)
        rows = documents.order_by("-made_public_at", "-pk").values_list("pk", "made_public_at")
        EditionDocument.objects.bulk_create(
            EditionDocument(edition=edition, document_id=pk, made_public_at=at, position=n)
            for n, (pk, at) in enumerate(rows[:LIMIT])
        )
        Edition.objects.filter(pk=edition.pk).update(documents_stored=True)


class Migration(migrations.Migration):
    dependencies = [
        ("bulletin", "0003_subscriber_confirmation_sent"),
        ("repository", "0007_type_unindexed"),
    ]

    operations = [
        migrations.AddField(
            model_name="edition",
            name="documents_stored",
            field=models.BooleanField(default=False, verbose_name="documents block stored"),
        ),
        migrations.CreateModel(
            name="EditionDocument",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("made_public_at", models.DateTimeField(verbose_name="made public")),
                ("position", models.PositiveSmallIntegerField(verbose_name="position")),
                (
                    "document",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="bulletin_entries",
                        to="repository.document",
                    ),
                ),
                (
                    "edition",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="document_entries",
                        to="bulletin.edition",
                    ),
                ),
            ],
            options={
                "verbose_name": "edition document",
                "verbose_name_plural": "edition documents",
                "ordering": ["edition", "position"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("edition", "document"), name="bulletin_editiondocument_once"
                    )
                ],
            },
        ),
        migrations.RunPython(store_blocks, migrations.RunPython.noop, elidable=True),
    ]
