"""Narrow rows for search, and indexes for the list's orders and the counting sample.

A search for a common word reads tens of thousands of rows. They were 1.9 KB each (the
summary and a ranking vector holding the summary's words sat in the row): 188 MB at 100,000
documents, more than PostgreSQL's buffers. Now the ranking vector holds the title and tags
only and stays in the row (storage MAIN), and the summary, title and other long text go to
the TOAST table from 128 bytes on (toast_tuple_target), so that a row search reads is about
a quarter of that. The ids of facets stay in the row too: counts read them.

An expression index on ``id % 20`` finds the sample that broad searches and the unfiltered
list are counted on (``repository.search.counts``), and a GIN index of the sample's vectors
finds the sample's matches without reading the vectors of the rest; two indexes serve
the list's "newest" and "most downloaded" orders a page at a time (the first, with NULLS
LAST, PostgreSQL's only)."""

import django.db.models.functions.math
from django.db import migrations, models

# The narrow ranking vector, as repository.search.stored_vectors builds it (written out here
# so that the migration does not change when the app's code does). Rewriting it rewrites every
# row, which moves the long values out of the rows under the new storage settings.
SAMPLE_INDEX = "repository_document_sample_search"
NEWEST_INDEX = "repository_document_newest"
STORAGE = [
    "ALTER TABLE repository_document SET (toast_tuple_target = 128)",
    "ALTER TABLE repository_document ALTER COLUMN summary SET STORAGE EXTERNAL",
    "ALTER TABLE repository_document ALTER COLUMN heading_vector SET STORAGE MAIN",
    "ALTER TABLE repository_document ALTER COLUMN facet_ids SET STORAGE MAIN",
    """UPDATE repository_document SET heading_vector =
        setweight(to_tsvector('simple', coalesce(title, '')), 'A')
        || setweight(to_tsvector('simple', coalesce(tag_names, '')), 'C')
    WHERE heading_vector IS NOT NULL""",
    f"CREATE INDEX IF NOT EXISTS {SAMPLE_INDEX} ON repository_document USING gin (search_vector)"
    " WHERE mod(id, 20) = 0",
    f"CREATE INDEX IF NOT EXISTS {NEWEST_INDEX} ON repository_document"
    " (published_on DESC NULLS LAST, created_at DESC, id DESC)",
]
UNDO = [
    f"DROP INDEX IF EXISTS {SAMPLE_INDEX}",
    f"DROP INDEX IF EXISTS {NEWEST_INDEX}",
    "ALTER TABLE repository_document RESET (toast_tuple_target)",
    "ALTER TABLE repository_document ALTER COLUMN summary SET STORAGE EXTENDED",
    "ALTER TABLE repository_document ALTER COLUMN heading_vector SET STORAGE EXTENDED",
    "ALTER TABLE repository_document ALTER COLUMN facet_ids SET STORAGE EXTENDED",
    """UPDATE repository_document SET heading_vector =
        setweight(to_tsvector('simple', coalesce(title, '')), 'A')
        || setweight(to_tsvector('simple', coalesce(summary, '')), 'B')
        || setweight(to_tsvector('simple', coalesce(tag_names, '')), 'C')
    WHERE heading_vector IS NOT NULL""",
]


def narrow(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in STORAGE:
            schema_editor.execute(statement)


def widen(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in UNDO:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("repository", "0005_meeting_documents")]

    operations = [
        migrations.RunPython(narrow, widen),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(
                django.db.models.functions.math.Mod("id", 20), name="repository_document_sample"
            ),
        ),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(
                models.OrderBy(models.F("download_count"), descending=True),
                models.OrderBy(models.F("created_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                name="repository_document_downloads",
            ),
        ),
    ]
