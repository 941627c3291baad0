"""PostgreSQL only: the trigram extension and the indexes full-text search and "did you mean" use.

pg_trgm is a trusted extension, so the database owner may create it. On SQLite these steps do nothing
(the simple search needs no index).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = [
    (
        "CREATE INDEX IF NOT EXISTS searchdocument_vector_gin ON publications_searchdocument USING gin (vector)",
        "DROP INDEX IF EXISTS searchdocument_vector_gin",
    ),
    (
        "CREATE INDEX IF NOT EXISTS searchterm_word_trgm ON publications_searchterm USING gin (word gin_trgm_ops)",
        "DROP INDEX IF EXISTS searchterm_word_trgm",
    ),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for create, _drop in INDEXES:
            schema_editor.execute(create)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for _create, drop in INDEXES:
            schema_editor.execute(drop)


class Migration(migrations.Migration):
    dependencies = [("publications", "0001_initial")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
