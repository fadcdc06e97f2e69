"""The full-text structures of each backend, beside the portable SearchEntry table.

PostgreSQL: tsvector columns (stemmed and exact, title and body separately so
that title-only and content-only searches are each answered by their own GIN
index), a compact rank vector (title and lead) so ranking many matches never
detoasts whole bodies, and a vocabulary table with a trigram index for
"Did you mean".
SQLite: two FTS5 tables keyed by the entry id, stemmed and exact (one table
with four columns would make every common word's doclist twice as long),
and an fts5vocab view of the exact one.
"""

from django.db import migrations

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """ALTER TABLE search_searchentry
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
POSTGRES_REVERSE = [
    "DROP TABLE IF EXISTS search_word",
    """ALTER TABLE search_searchentry
        DROP COLUMN IF EXISTS title_vector, DROP COLUMN IF EXISTS body_vector,
        DROP COLUMN IF EXISTS title_exact, DROP COLUMN IF EXISTS body_exact,
        DROP COLUMN IF EXISTS rank_vector""",
]

SQLITE = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body, tokenize = 'unicode61 remove_diacritics 0'
    )""",
    """CREATE VIRTUAL TABLE search_fts_exact USING fts5(
        title, body, tokenize = 'unicode61 remove_diacritics 0'
    )""",
    "CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_fts_exact, 'row')",
]
SQLITE_REVERSE = [
    "DROP TABLE IF EXISTS search_vocab",
    "DROP TABLE IF EXISTS search_fts_exact",
    "DROP TABLE IF EXISTS search_fts",
]

STATEMENTS = {"postgresql": (POSTGRES, POSTGRES_REVERSE), "sqlite": (SQLITE, SQLITE_REVERSE)}


def run(direction):
    def apply(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in STATEMENTS:
            raise RuntimeError(f"Search supports PostgreSQL and SQLite, not {vendor}.")
        for statement in STATEMENTS[vendor][direction]:
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(run(0), run(1))]
