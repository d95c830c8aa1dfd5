"""pg_trgm and a trigram index on titles, for typo tolerance in search (PostgreSQL only;
SQLite searches with a plain word match and needs neither)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "repository_document_title_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON repository_document "
            "USING gin (title gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("repository", "0001_documents")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_index, drop_index),
    ]
