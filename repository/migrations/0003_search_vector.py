"""What search reads, stored: two search vectors (one that finds documents, with a GIN index,
and a small one that ranks them), the tag names as text, and the ids of the many-to-many
facets, so that search reads indexed columns instead of computing the vector of every
document per query, and facet counts read the matching rows instead of joining whole
tables. The vectors and their index are PostgreSQL's (SQLite keeps its plain word match);
both databases get tag names and facet ids filled. The index of every public status gives
way to one of pending documents, which is what the approval queue reads."""

import django.contrib.postgres.search
from django.db import migrations, models

INDEX = "repository_document_search_vector"

# The weighted vectors, as repository.search.stored_vectors builds them (written out here so
# that the migration does not change when the app's code does).
HEADING = """
    setweight(to_tsvector('simple', coalesce(title, '')), 'A')
    || setweight(to_tsvector('simple', coalesce(summary, '')), 'B')
    || setweight(to_tsvector('simple', coalesce(tag_names, '')), 'C')
"""
TEXT = "setweight(to_tsvector('simple', left(coalesce(text, ''), 200000)), 'D')"
VECTORS = f"heading_vector = {HEADING}, search_vector = {HEADING} || {TEXT}"
FILL_VECTORS = "UPDATE repository_document SET " + VECTORS  # noqa: S608 - constants only


FACETS = {  # facet: (many-to-many field, column of the related row)
    "topic": ("topics", "workinggroup_id"),
    "pillar": ("pillars", "pillar_id"),
    "county": ("counties", "county_id"),
    "publisher": ("publishers", "organisation_id"),
}


def fill(apps, schema_editor):
    Document = apps.get_model("repository", "Document")
    names, facets = {}, {}
    for document_id, name in Document.tags.through.objects.order_by("tag__name").values_list(
        "document_id", "tag__name"
    ):
        names.setdefault(document_id, []).append(name)
    for facet, (relation, column) in FACETS.items():
        through = getattr(Document, relation).through.objects.order_by(column)
        for document_id, related_id in through.values_list("document_id", column):
            facets.setdefault(document_id, {}).setdefault(facet, []).append(related_id)
    for document in Document.objects.only("pk").iterator():
        document.tag_names = " ".join(names.get(document.pk, []))
        document.facet_ids = {facet: [] for facet in FACETS} | facets.get(document.pk, {})
        document.save(update_fields=["tag_names", "facet_ids"])
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FILL_VECTORS)
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON repository_document USING gin (search_vector)"
        )


def empty(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("repository", "0002_search_index")]

    operations = [
        migrations.AddField(
            model_name="document",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="document",
            name="heading_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="document",
            name="tag_names",
            field=models.TextField(blank=True, editable=False, verbose_name="tag names"),
        ),
        migrations.AddField(
            model_name="document",
            name="facet_ids",
            field=models.JSONField(
                blank=True, default=dict, editable=False, verbose_name="facet ids"
            ),
        ),
        migrations.AlterField(
            model_name="document",
            name="public_status",
            field=models.CharField(
                choices=[
                    ("not-requested", "Not requested"),
                    ("pending", "Waiting for approval"),
                    ("approved", "Approved"),
                    ("refused", "Refused"),
                ],
                default="not-requested",
                max_length=16,
                verbose_name="public status",
            ),
        ),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(
                condition=models.Q(("public_status", "pending")),
                fields=["created_at"],
                name="repository_document_pending",
            ),
        ),
        migrations.RunPython(fill, empty),
    ]
