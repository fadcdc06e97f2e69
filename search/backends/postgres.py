"""PostgreSQL: the words of the title and of the body in two tsvector columns with GIN indexes.

Each term is matched as ``title_words @@ t OR body_words @@ t`` (or one of
the two), so the planner combines the two GIN indexes with bitmap AND/OR:
title-only, content-only and both are all index scans. Words (alternatives
included) are answered by the index alone; only phrases are checked
against the stored vectors, once per candidate, in the window's query.

The window is ``ORDER BY published_at DESC LIMIT n`` over the candidates:
for a word in most entries the planner walks the date index backwards and
stops after n matches; for a rarer one it takes the GIN bitmap and sorts
the few matches. Relevance (``ts_rank``) is computed afterwards, for the
window's rows only, so no query ranks every match.
"""

from contextlib import contextmanager

from django.db import OperationalError, connection, transaction
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from psycopg.errors import QueryCanceled

from ..analysis import tsvector_literal
from ..models import Word
from . import CONTENT, ENTRY_FIELDS, TITLE, Match, SearchBackend, SearchTimeout

WRITE_BATCH = 200
COLUMNS = {TITLE: "title_words", CONTENT: "body_words"}
GIN_INDEXES = {"search_title_words": "title_words", "search_body_words": "body_words"}
# ts_rank's normalisation 1: divided by 1 + log(length), so a long text does
# not win by length alone.
RANK_NORMALISATION = 1
# A query whose rarest term the vocabulary counts in this share of the
# entries is first looked for newest first (see ``newest_scanned``)...
COMMON_SHARE = 0.4
# ... among this many times the window's size of the newest candidates.
SCANNED = 2
# Building a GIN index sorts every (word, entry) pair: a larger sort memory
# makes a full rebuild's index build several times faster.
BUILD_MEMORY = "512MB"


def quoted(word):
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery(pattern):
    """A pattern as tsquery text: alternatives with |, the places of a phrase with <->."""
    places = []
    for words in pattern.places:
        alternatives = " | ".join(quoted(word) for word in words)
        places.append(f"({alternatives})" if len(words) > 1 else alternatives)
    return " <-> ".join(places)


def condition(query, fields):
    """SQL (and parameters) true for the entries matching ``query`` in ``fields``."""
    columns = [COLUMNS[field] for field in (TITLE, CONTENT) if field in fields]
    clauses, params = [], []
    for pattern, negated in [(p, False) for p in query.positive] + [
        (p, True) for p in query.negative
    ]:
        either = " OR ".join(f"{column} @@ %s::tsquery" for column in columns)
        clauses.append(f"NOT ({either})" if negated else f"({either})")
        params.extend([tsquery(pattern)] * len(columns))
    return " AND ".join(clauses), params


def all_of(query):
    return " & ".join(f"({tsquery(pattern)})" for pattern in query.positive)


def newest_scanned(cursor, candidates, query, fields, size):
    """The newest ``size`` matches, looked for among the newest ``SCANNED * size``
    candidates only (walking the date index, checking each row); None if too few match.

    For words in most entries this stops early; a phrase of such words that
    is itself rare falls back to ``newest_matched``.
    """
    where, params = condition(query, fields)
    newest = candidates.order_by("-published_at", "-pk").annotate(
        hit=RawSQL(where, params, output_field=BooleanField())
    )
    sql, sql_params = newest.values("id", "hit")[: SCANNED * size].query.sql_with_params()
    cursor.execute(f"SELECT id FROM ({sql}) AS scanned WHERE hit LIMIT %s", [*sql_params, size])
    ids = [row[0] for row in cursor.fetchall()]
    return ids if len(ids) == size else None


def newest_matched(cursor, candidates, query, fields, size):
    """The newest ``size`` matches, from all matches (found with the GIN indexes)."""
    where, params = condition(query, fields)
    matched = candidates.filter(RawSQL(where, params, output_field=BooleanField()))
    sql, sql_params = matched.values("id", "published_at").query.sql_with_params()
    cursor.execute(
        f"""WITH matched AS MATERIALIZED ({sql})
        SELECT id FROM matched ORDER BY published_at DESC, id DESC LIMIT %s""",
        [*sql_params, size],
    )
    return [row[0] for row in cursor.fetchall()]


def upsert_sql(rows):
    """INSERT of ``rows`` entries with their words, updating those that exist; the words of
    an entry whose words fingerprint is unchanged are kept as they are stored."""
    row = "(" + ", ".join(["%s"] * len(ENTRY_FIELDS)) + ", %s::tsvector, %s::tsvector)"
    updates = [f"{name} = EXCLUDED.{name}" for name in ENTRY_FIELDS[2:]] + [
        f"{column} = CASE WHEN e.words_fingerprint = EXCLUDED.words_fingerprint "
        f"THEN e.{column} ELSE EXCLUDED.{column} END"
        for column in COLUMNS.values()
    ]
    return f"""INSERT INTO search_searchentry AS e
        ({", ".join(ENTRY_FIELDS)}, {", ".join(COLUMNS.values())})
        VALUES {", ".join([row] * rows)}
        ON CONFLICT (source, object_id) DO UPDATE SET {", ".join(updates)}
        RETURNING id"""


class PostgresBackend(SearchBackend):
    render = staticmethod(tsvector_literal)

    def save_entries(self, entries, analysed):
        """One statement writes each entry with its words: an UPDATE of the words after
        the INSERT would leave every row's first version behind as dead space."""
        pairs = list(zip(entries, analysed, strict=True))
        with connection.cursor() as cursor:
            for start in range(0, len(pairs), WRITE_BATCH):
                batch = pairs[start : start + WRITE_BATCH]
                params = [
                    value
                    for entry, text in batch
                    for value in (
                        *(getattr(entry, name) for name in ENTRY_FIELDS),
                        text.title,
                        text.body,
                    )
                ]
                cursor.execute(upsert_sql(len(batch)), params)
                # Rows come back in the order of VALUES, as Django's bulk_create relies on.
                for (entry, _text), (entry_id,) in zip(batch, cursor.fetchall(), strict=True):
                    entry.pk = entry_id
        return True

    def delete(self, entry_ids):
        """The words go with the entry rows themselves."""

    def start_full_rebuild(self):
        """Every entry is written afresh, into an empty table: rewriting each row would
        leave its old version behind as dead space."""
        with connection.cursor() as cursor:
            for name in GIN_INDEXES:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")
            cursor.execute("TRUNCATE search_searchentry_categories, search_searchentry")

    def finish_rebuild(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'search_searchentry'"
            )
            present = {row[0] for row in cursor.fetchall()}
            missing = {name: column for name, column in GIN_INDEXES.items() if name not in present}
            if missing:
                cursor.execute(
                    "SELECT set_config('maintenance_work_mem', %s, false)", [BUILD_MEMORY]
                )
                try:
                    for name, column in missing.items():
                        cursor.execute(
                            f"CREATE INDEX {name} ON search_searchentry USING gin ({column})"
                        )
                finally:
                    cursor.execute("RESET maintenance_work_mem")
            cursor.execute("ANALYZE search_searchentry")

    def matching(self, candidates, query, *, fields):
        if query.matches_nothing:
            return candidates.none()
        where, params = condition(query, fields)
        return candidates.filter(RawSQL(where, params, output_field=BooleanField()))

    def window(self, candidates, query, *, fields, size):
        if query.matches_nothing:
            return []
        with connection.cursor() as cursor:
            ids = None
            if self.common(cursor, query):
                ids = newest_scanned(cursor, candidates, query, fields, size)
            if ids is None:
                ids = newest_matched(cursor, candidates, query, fields, size)
            if not ids:
                return []
            everything = all_of(query)
            in_title = "FALSE" if TITLE not in fields else "title_words @@ %s::tsquery"
            scored = COLUMNS[CONTENT] if CONTENT in fields else COLUMNS[TITLE]
            cursor.execute(
                f"""SELECT id, kind, published_at, {in_title},
                    ts_rank({scored}, %s::tsquery, {RANK_NORMALISATION}),
                    ARRAY(SELECT category_id FROM search_searchentry_categories
                          WHERE searchentry_id = e.id)
                FROM search_searchentry AS e WHERE id = ANY(%s)""",
                [*([everything] if TITLE in fields else []), everything, ids],
            )
            return sorted(
                (Match(*row[:5], tuple(row[5])) for row in cursor.fetchall()),
                key=lambda match: (match.published_at, match.id),
                reverse=True,
            )

    def common(self, cursor, query):
        """Whether the vocabulary counts ``query``'s terms in most entries."""
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'search_searchentry'::regclass")
        return query.estimate >= COMMON_SHARE * cursor.fetchone()[0]

    @contextmanager
    def limits(self, timeout_ms):
        """The queries inside run in one transaction with ``statement_timeout`` set, and
        without sequential scans.

        The planner costs ``@@`` as cheap, not knowing that it reads each row's
        whole body vector, where the GIN index answers words without reading
        any: left to itself it scans the table for words in many entries.
        """
        if getattr(connection, "search_limits", False):
            yield
            return
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, true), "
                    "set_config('enable_seqscan', 'off', true)",
                    [str(timeout_ms)],
                )
                connection.search_limits = True
                try:
                    yield
                finally:
                    connection.search_limits = False
        except OperationalError as error:
            if isinstance(error.__cause__, QueryCanceled):
                raise SearchTimeout from error
            raise

    def completions(self, prefix, *, limit):
        words = Word.objects.filter(word__startswith=prefix).order_by("-documents", "word")
        return list(words.values_list("word", "documents")[:limit])

    def similar_words(self, word, *, limit=5):
        with connection.cursor() as cursor:
            cursor.execute(
                """SELECT word FROM search_word
                WHERE word %% %s AND word <> %s
                ORDER BY similarity(word, %s) DESC, documents DESC, word
                LIMIT %s""",
                [word, word, word, limit],
            )
            return [row[0] for row in cursor.fetchall()]
