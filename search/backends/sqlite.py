"""SQLite: one contentless FTS5 table of the words as written, its rows numbered by date.

- *Contentless*: FTS5 keeps the index and not a second copy of the text.
  SQLite before 3.43 cannot delete a row of such a table without the text
  it indexed, which is kept nowhere, so a rewritten entry gets a new row and
  the old one stays behind, matched by no entry, until
  ``rebuild_search_index --full`` (its summary counts them). Entries whose
  words and date did not change keep their row.
- *Numbered by date*: a row's number is its entry's minute of publication
  (since 1970), or the next minute free; ``search_fts_entry`` says which
  entry each row belongs to (none for a row left behind). FTS5 walks any
  query's matches in that order, so a window (the newest n matches) stops
  after n rows: a word in every entry costs what a rare one does. Minutes
  rather than seconds keep the gaps between rows, which FTS5 stores in every
  list of matches, to a byte or two; the window is then the newest to the
  minute, and the engine orders it exactly.
- Relevance is bm25 with the title weighted up, computed as FTS5 walks; the
  title tier is one more FTS5 query over the window's range of rows.
- A statement is stopped past its time by a progress handler.
"""

import itertools
import time
from contextlib import contextmanager

from django.db import OperationalError, connection
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length

from ..analysis import spaced
from ..models import Word
from . import CONTENT, TITLE, Match, SearchBackend, SearchTimeout

# bm25 weights of the columns: title, body.
COLUMN_WEIGHTS = "10.0, 1.0"
COLUMNS = {TITLE: "title", CONTENT: "body"}
WRITE_BATCH = 500
# Row numbers looked up at once beside each minute, and read at a time past them.
NEARBY = 4
SCAN = 100
# The progress handler runs every this many virtual-machine steps (well under a millisecond).
PROGRESS_STEPS = 20_000
# FTS5's merging of index segments: its defaults as the site writes, and none
# during a full rebuild (one merge at the end writes the index once, not
# level by level).
MERGING = {"automerge": 4, "crisismerge": 16}
BULK_MERGING = {"automerge": 0, "crisismerge": 64}
CREATE_FTS = """CREATE VIRTUAL TABLE search_fts USING fts5(
    title, body, content = '', tokenize = 'unicode61 remove_diacritics 0'
)"""


def phrase(words):
    return '"' + " ".join(words) + '"'


def alternatives(pattern):
    return "(" + " OR ".join(phrase(spelling) for spelling in pattern.spellings()) + ")"


def fts_query(query, fields):
    """The FTS5 MATCH expression: required terms ANDed, excluded ones NOT-ed, in the columns."""
    columns = "{" + " ".join(COLUMNS[field] for field in sorted(fields)) + "}"
    required = " AND ".join(alternatives(pattern) for pattern in query.positive)
    expression = f"{columns} : ({required})"
    if query.negative:
        excluded = " OR ".join(alternatives(pattern) for pattern in query.negative)
        expression += f" NOT {columns} : ({excluded})"
    return expression


def marks(values):
    """Placeholders for an IN list of ``values``."""
    return ", ".join(["%s"] * len(values))


def batched(values):
    return itertools.batched(values, WRITE_BATCH)


def minute_of(published_at):
    """Where an entry's row would go: its minute since 1970 (None when undated)."""
    return None if published_at is None else max(int(published_at.timestamp()) // 60, 0)


def free_keys(cursor, minutes):
    """A free row number for each of ``minutes``: the minute itself, or the next one free.

    The rows in use are those of ``search_fts_entry`` (stale rows included);
    ``NEARBY`` candidates per minute are looked up at once, and a minute
    crowded past them is searched on its own. Undated entries (drafts: never
    shown to visitors) go below every other row, one after another.
    """
    dated = [minute for minute in minutes if minute is not None]
    candidates = sorted({minute + step for minute in dated for step in range(NEARBY)})
    cursor.execute("SELECT min(rowid) FROM search_fts_entry")
    lowest = min(cursor.fetchone()[0] or 0, 0)
    taken = set()
    for batch in itertools.batched(candidates, 5 * WRITE_BATCH):
        cursor.execute(f"SELECT rowid FROM search_fts_entry WHERE rowid IN ({marks(batch)})", batch)
        taken.update(row[0] for row in cursor.fetchall())
    keys = []
    for minute in minutes:
        if minute is None:
            lowest -= 1
            keys.append(lowest)
            continue
        key = next((minute + step for step in range(NEARBY) if minute + step not in taken), None)
        if key is None:
            key = first_free(cursor, minute + NEARBY, taken)
        taken.add(key)
        keys.append(key)
    return keys


def first_free(cursor, key, taken):
    """The first row number from ``key`` on, used neither by a row nor in ``taken``."""
    while True:
        cursor.execute(
            "SELECT rowid FROM search_fts_entry WHERE rowid >= %s ORDER BY rowid LIMIT %s",
            [key, SCAN],
        )
        used = {row[0] for row in cursor.fetchall()}
        while key in used or key in taken:
            key += 1
        # Past the last row read, the rows are unknown unless there were no more.
        if len(used) < SCAN or key <= max(used):
            return key


class SQLiteBackend(SearchBackend):
    render = staticmethod(spaced)

    def write(self, written):
        with connection.cursor() as cursor:
            current = {}
            for batch in batched([item.entry_id for item in written]):
                cursor.execute(
                    f"SELECT entry_id, rowid FROM search_fts_entry WHERE entry_id IN ({marks(batch)})",
                    batch,
                )
                current.update(cursor.fetchall())
            moved = [
                item
                for item in written
                if item.entry_id not in current or item.words_changed or item.date_changed
            ]
            for batch in batched([item.entry_id for item in moved if item.entry_id in current]):
                cursor.execute(
                    "UPDATE search_fts_entry SET entry_id = NULL "
                    f"WHERE entry_id IN ({marks(batch)})",
                    batch,
                )
            keys = free_keys(cursor, [minute_of(item.published_at) for item in moved])
            cursor.executemany(
                "INSERT INTO search_fts_entry (rowid, entry_id) VALUES (%s, %s)",
                [(key, item.entry_id) for key, item in zip(keys, moved, strict=True)],
            )
            cursor.executemany(
                "INSERT INTO search_fts (rowid, title, body) VALUES (%s, %s, %s)",
                [
                    (key, item.analysed.title, item.analysed.body)
                    for key, item in zip(keys, moved, strict=True)
                ],
            )

    def delete(self, entry_ids):
        """The entries' FTS5 rows stay behind, matched by no entry (see the module docstring)."""
        with connection.cursor() as cursor:
            for batch in batched(list(entry_ids)):
                cursor.execute(
                    "UPDATE search_fts_entry SET entry_id = NULL "
                    f"WHERE entry_id IN ({marks(batch)})",
                    batch,
                )

    def start_full_rebuild(self):
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS search_fts")
            cursor.execute(CREATE_FTS)
            # Segments are left unmerged until the end, then merged once ('optimize').
            for option, value in BULK_MERGING.items():
                cursor.execute(
                    "INSERT INTO search_fts (search_fts, rank) VALUES (%s, %s)", [option, value]
                )
            cursor.execute("DELETE FROM search_fts_entry")
            cursor.execute("UPDATE search_searchentry SET words_fingerprint = ''")

    def finish_rebuild(self):
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
            for option, value in MERGING.items():
                cursor.execute(
                    "INSERT INTO search_fts (search_fts, rank) VALUES (%s, %s)", [option, value]
                )
            cursor.execute("ANALYZE search_searchentry")

    def stale_rows(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM search_fts_entry WHERE entry_id IS NULL")
            return cursor.fetchone()[0]

    def matching(self, candidates, query, *, fields):
        if query.matches_nothing:
            return candidates.none()
        matched = RawSQL(
            "SELECT m.entry_id FROM search_fts "
            "JOIN search_fts_entry AS m ON m.rowid = search_fts.rowid "
            "WHERE search_fts MATCH %s",
            [fts_query(query, fields)],
        )
        return candidates.filter(pk__in=matched)

    def window(self, candidates, query, *, fields, size):
        """Matches newest first, scored by bm25, with the title tier from a second query.

        CROSS JOIN keeps SQLite walking FTS5 first, in rowid (date) order; the
        candidates' conditions are checked on each entry reached, by its key.
        """
        if query.matches_nothing:
            return []
        entries_sql, entries_params = candidates.values(
            "id", "kind", "published_at"
        ).query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"""SELECT e.id, e.kind, e.published_at, search_fts.rowid,
                    bm25(search_fts, {COLUMN_WEIGHTS}),
                    (SELECT group_concat(category_id) FROM search_searchentry_categories
                     WHERE searchentry_id = e.id)
                FROM search_fts
                CROSS JOIN search_fts_entry AS m ON m.rowid = search_fts.rowid
                CROSS JOIN ({entries_sql}) AS e ON e.id = m.entry_id
                WHERE search_fts MATCH %s
                ORDER BY search_fts.rowid DESC LIMIT %s""",
                [*entries_params, fts_query(query, fields), size],
            )
            rows = cursor.fetchall()
            in_title = set()
            if rows and TITLE in fields:
                cursor.execute(
                    "SELECT rowid FROM search_fts WHERE search_fts MATCH %s AND rowid >= %s",
                    [fts_query(query, {TITLE}), rows[-1][3]],
                )
                in_title = {row[0] for row in cursor.fetchall()}
        return [
            Match(
                entry_id,
                kind,
                published_at,
                fts_rowid in in_title,
                -bm25,
                tuple(map(int, categories.split(","))) if categories else (),
            )
            for entry_id, kind, published_at, fts_rowid, bm25, categories in rows
        ]

    @contextmanager
    def limits(self, timeout_ms):
        """A progress handler stops any statement inside once ``timeout_ms`` have passed."""
        if getattr(connection, "search_limits", False):
            yield
            return
        connection.ensure_connection()
        deadline = time.monotonic() + timeout_ms / 1000
        raw = connection.connection
        raw.set_progress_handler(lambda: time.monotonic() > deadline, PROGRESS_STEPS)
        connection.search_limits = True
        try:
            yield
        except OperationalError as error:
            if "interrupted" in str(error):
                raise SearchTimeout from error
            raise
        finally:
            raw.set_progress_handler(None, 0)
            connection.search_limits = False

    def completions(self, prefix, *, limit):
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        words = Word.objects.filter(word__gte=prefix, word__lt=upper)
        return list(words.order_by("-documents", "word").values_list("word", "documents")[:limit])

    def similar_words(self, word, *, limit=5):
        if not word:
            return []
        candidates = (
            Word.objects.filter(word__gte=word[0], word__lt=chr(ord(word[0]) + 1))
            .annotate(length=Length("word"))
            .filter(length__range=(len(word) - 2, len(word) + 2))
            .exclude(word=word)
        )
        scored = []
        for candidate, documents in candidates.values_list("word", "documents"):
            distance = edit_distance(word, candidate, limit=2)
            if distance <= 2:
                scored.append((distance, -documents, candidate))
        return [candidate for _distance, _documents, candidate in sorted(scored)[:limit]]


def edit_distance(a, b, limit):
    """Levenshtein distance, giving up (returning limit + 1) once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]
