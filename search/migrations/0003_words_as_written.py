"""The index stores words as written, once, with a vocabulary of their stems.

PostgreSQL: the five tsvector columns (stemmed and exact, title and body,
rank) become two, ``title_words`` and ``body_words``, each with a GIN index.
SQLite: the two FTS5 tables (stemmed and exact, each with its own copy of
the text) become one contentless table whose rows are numbered by date,
with ``search_fts_entry`` saying which entry each row belongs to, if any
(see backends/sqlite.py).
Both: the entry no longer copies the body text (snippets read the
source), and ``search_word`` (a model now) holds every indexed word with its
stem, for expanding stemmed queries and prefixes.

The new structures start empty: run ``manage.py rebuild_search_index``.
Reversing restores the old structures, empty too.
"""

from django.db import migrations, models

POSTGRES = [
    "DROP TABLE search_word",
    """ALTER TABLE search_searchentry
        DROP COLUMN title_vector, DROP COLUMN body_vector,
        DROP COLUMN title_exact, DROP COLUMN body_exact, DROP COLUMN rank_vector,
        ADD COLUMN title_words tsvector NOT NULL DEFAULT ''::tsvector,
        ADD COLUMN body_words tsvector NOT NULL DEFAULT ''::tsvector""",
    "CREATE INDEX search_title_words ON search_searchentry USING gin (title_words)",
    "CREATE INDEX search_body_words ON search_searchentry USING gin (body_words)",
    # pglz leaves a tsvector uncompressed (it saves under its 25% threshold);
    # lz4, where the server has it, saves a tenth of the largest column.
    """DO $$ BEGIN
        ALTER TABLE search_searchentry ALTER COLUMN body_words SET COMPRESSION lz4;
    EXCEPTION WHEN feature_not_supported THEN NULL;
    END $$""",
]
POSTGRES_REVERSE = [
    """ALTER TABLE search_searchentry
        DROP COLUMN title_words, DROP COLUMN body_words,
        ADD COLUMN title_vector tsvector NOT NULL DEFAULT ''::tsvector,
        ADD COLUMN body_vector tsvector NOT NULL DEFAULT ''::tsvector,
        ADD COLUMN title_exact tsvector NOT NULL DEFAULT ''::tsvector,
        ADD COLUMN body_exact tsvector NOT NULL DEFAULT ''::tsvector,
        ADD COLUMN rank_vector tsvector NOT NULL DEFAULT ''::tsvector""",
    "CREATE INDEX search_title_vector ON search_searchentry USING gin (title_vector)",
    "CREATE INDEX search_body_vector ON search_searchentry USING gin (body_vector)",
    "CREATE INDEX search_title_exact ON search_searchentry USING gin (title_exact)",
    "CREATE INDEX search_body_exact ON search_searchentry USING gin (body_exact)",
    "CREATE TABLE search_word (word text PRIMARY KEY, documents integer NOT NULL DEFAULT 1)",
    "CREATE INDEX search_word_trigram ON search_word USING gin (word gin_trgm_ops)",
]

SQLITE = [
    "DROP TABLE search_vocab",
    "DROP TABLE search_fts_exact",
    "DROP TABLE search_fts",
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body, content = '', tokenize = 'unicode61 remove_diacritics 0'
    )""",
    "CREATE TABLE search_fts_entry (rowid INTEGER PRIMARY KEY, entry_id INTEGER UNIQUE)",
]
SQLITE_REVERSE = [
    "DROP TABLE search_fts_entry",
    "DROP TABLE search_fts",
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body, tokenize = 'unicode61 remove_diacritics 0'
    )""",
    """CREATE VIRTUAL TABLE search_fts_exact USING fts5(
        title, body, tokenize = 'unicode61 remove_diacritics 0'
    )""",
    "CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_fts_exact, 'row')",
]

# The vocabulary's extras on PostgreSQL: trigrams for "Did you mean".
POSTGRES_WORDS = [
    "CREATE INDEX search_word_trigram ON search_word USING gin (word gin_trgm_ops)",
]
POSTGRES_WORDS_REVERSE = ["DROP INDEX search_word_trigram"]

STRUCTURES = {"postgresql": (POSTGRES, POSTGRES_REVERSE), "sqlite": (SQLITE, SQLITE_REVERSE)}
WORDS = {"postgresql": (POSTGRES_WORDS, POSTGRES_WORDS_REVERSE), "sqlite": ([], [])}


def run(statements, direction):
    def apply(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements:
            raise RuntimeError(f"Search supports PostgreSQL and SQLite, not {vendor}.")
        for statement in statements[vendor][direction]:
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0002_backend_structures")]

    operations = [
        migrations.RunPython(run(STRUCTURES, 0), run(STRUCTURES, 1)),
        # A default first, so that reversing can add the column back to a full table.
        migrations.AlterField(
            model_name="searchentry",
            name="body",
            field=models.TextField(default="", help_text="Plain text, for snippets."),
        ),
        migrations.RemoveField(model_name="searchentry", name="body"),
        migrations.AddField(
            model_name="searchentry",
            name="words_fingerprint",
            field=models.CharField(
                blank=True,
                default="",
                help_text="Hash of the indexed words alone: unchanged words are not written again.",
                max_length=32,
            ),
        ),
        migrations.CreateModel(
            name="Word",
            fields=[
                ("word", models.CharField(max_length=100, primary_key=True, serialize=False)),
                ("stem", models.CharField(max_length=100)),
                ("documents", models.PositiveIntegerField(default=0)),
            ],
            options={
                "verbose_name": "indexed word",
                "verbose_name_plural": "indexed words",
                "indexes": [models.Index(fields=["stem"], name="search_word_stem")],
            },
        ),
        migrations.RunPython(run(WORDS, 0), run(WORDS, 1)),
    ]
