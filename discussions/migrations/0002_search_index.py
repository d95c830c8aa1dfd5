"""The GIN index of the threads' search vector, on PostgreSQL (SQLite keeps its plain word
match and never reads the vector)."""

from django.db import migrations

INDEX = "discussions_thread_search_vector"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON discussions_thread USING gin (search_vector)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("discussions", "0001_threads")]

    operations = [migrations.RunPython(create, drop)]
