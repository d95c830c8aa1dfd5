"""A GIN index of the ranking vector (title and tags), PostgreSQL's: a broad search reads
its page from the documents whose heading holds a wanted word (``search.HeadingFirst``)."""

from django.db import migrations

INDEX = "repository_document_heading_vector"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON repository_document USING gin (heading_vector)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("repository", "0007_type_unindexed")]

    operations = [migrations.RunPython(create, drop)]
