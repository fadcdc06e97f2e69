"""SQLite: the vocabulary as a WITHOUT ROWID table, keyed by the word itself.

A table with a text primary key otherwise stores each word twice, in the
table and in its automatic unique index: a tenth of the index's size at
10,000 posts. Django's migrations never rebuild it (the model is unchanged);
if a later migration alters the Word model, SQLite gets an ordinary table
again, which works the same and is only larger. PostgreSQL: nothing changes.
"""

from django.db import migrations

COLUMNS = (
    '"word" varchar(100) NOT NULL PRIMARY KEY, "stem" varchar(100) NOT NULL, '
    '"documents" integer unsigned NOT NULL CHECK ("documents" >= 0)'
)


def remake(suffix):
    return [
        f'CREATE TABLE "search_word_new" ({COLUMNS}){suffix}',
        'INSERT INTO "search_word_new" SELECT "word", "stem", "documents" FROM "search_word"',
        'DROP TABLE "search_word"',
        'ALTER TABLE "search_word_new" RENAME TO "search_word"',
        'CREATE INDEX "search_word_stem" ON "search_word" ("stem")',
    ]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0003_words_as_written")]

    operations = [
        migrations.RunPython(run(remake(" WITHOUT ROWID")), run(remake(""))),
    ]
