"""Stored search vectors, the one that finds documents with a GIN index and a small one that
ranks them, and the tag names kept as text beside them, so that search reads indexed columns
instead of computing the vector of every document per query. The index and the vectors are
PostgreSQL's (SQLite keeps its plain word match); both databases get the tag names filled."""

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


def fill(apps, schema_editor):
    Document = apps.get_model("repository", "Document")
    Through = Document.tags.through
    names = {}
    for document_id, name in Through.objects.order_by("tag__name").values_list(
        "document_id", "tag__name"
    ):
        names.setdefault(document_id, []).append(name)
    for document_id, tag_names in names.items():
        Document.objects.filter(pk=document_id).update(tag_names=" ".join(tag_names))
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
        migrations.RunPython(fill, empty),
    ]
