"""SQLite: FTS5 tables keyed by the entry id, bm25 with the title weighted up.

``search_fts`` holds the stemmed words and ``search_fts_exact`` the words as
written (for the exact mode). Title-only and content-only searches are FTS5
column filters. Suggestions read the exact table's vocabulary (fts5vocab)
and pick the closest word by edit distance.
"""

from django.db import connection
from django.db.models.expressions import RawSQL

from . import CONTENT, TITLE, SearchBackend

# bm25 weights of the columns: title, body.
COLUMN_WEIGHTS = "10.0, 1.0"
WRITE_BATCH = 500
MATCHED = "{MATCHED}"


def phrase(term):
    return '"' + " ".join(term.words) + '"'


def table(query):
    return "search_fts_exact" if query.exact else "search_fts"


def fts_query(query, fields):
    """The FTS5 MATCH expression: positive terms ANDed, negated ones NOT-ed, in the columns."""
    columns = {TITLE: "title", CONTENT: "body"}
    column_filter = "{" + " ".join(columns[f] for f in sorted(fields)) + "}"
    positive = " AND ".join(phrase(term) for term in query.matching_terms if not term.negated)
    negative = " OR ".join(phrase(term) for term in query.matching_terms if term.negated)
    expression = f"{column_filter} : ({positive})"
    if negative:
        expression += f" NOT {column_filter} : ({negative})"
    return expression


class SQLiteBackend(SearchBackend):
    def write(self, entries, *, bulk=False):
        entries = list(entries)
        with connection.cursor() as cursor:
            for start in range(0, len(entries), WRITE_BATCH):
                batch = entries[start : start + WRITE_BATCH]
                delete_rows(cursor, [entry_id for entry_id, _text in batch])
                cursor.executemany(
                    "INSERT INTO search_fts (rowid, title, body) VALUES (%s, %s, %s)",
                    [(entry_id, text.title_stems, text.body_stems) for entry_id, text in batch],
                )
                cursor.executemany(
                    "INSERT INTO search_fts_exact (rowid, title, body) VALUES (%s, %s, %s)",
                    [(entry_id, text.title_words, text.body_words) for entry_id, text in batch],
                )

    def delete(self, entry_ids):
        with connection.cursor() as cursor:
            delete_rows(cursor, list(entry_ids))

    def matching(self, candidates, query, *, fields):
        name = table(query)
        match = RawSQL(
            f"SELECT rowid FROM {name} WHERE {name} MATCH %s", [fts_query(query, fields)]
        )
        return candidates.filter(pk__in=match)

    def search(self, candidates, query, *, fields, newest_first, offset, limit):
        order = (
            "e.published_at DESC"
            if newest_first
            else f"bm25({table(query)}, {COLUMN_WEIGHTS}), e.published_at DESC"
        )
        rows = self.run_matched(
            candidates,
            query,
            fields,
            f"SELECT e.id FROM {MATCHED} ORDER BY {order}, e.id DESC LIMIT %s OFFSET %s",
            [limit, offset],
        )
        return [row[0] for row in rows]

    def count(self, candidates, query, *, fields, cap):
        rows = self.run_matched(
            candidates,
            query,
            fields,
            f"SELECT count(*) FROM (SELECT 1 FROM {MATCHED} LIMIT %s)",
            [cap + 1],
        )
        return rows[0][0]

    def run_matched(self, candidates, query, fields, template, extra_params):
        """Run ``template``, whose {MATCHED} is the FTS5 matches among the candidates.

        One pass over the full-text index serves both the filter and bm25.
        CROSS JOIN makes SQLite start from the full-text matches (left to
        itself it may scan the visible entries and probe FTS5 for each one,
        forty times slower for common words); the candidates (visibility,
        types, categories) are an ``IN`` list, built once and probed by key,
        whatever their own query looks like.
        """
        candidate_sql, candidate_params = candidates.values("id").query.sql_with_params()
        name = table(query)
        sql = template.replace(
            MATCHED,
            f"{name} CROSS JOIN search_searchentry AS e ON e.id = {name}.rowid "
            f"WHERE {name} MATCH %s AND e.id IN ({candidate_sql})",
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [fts_query(query, fields), *candidate_params, *extra_params])
            return cursor.fetchall()

    def similar_words(self, word, *, limit=5):
        if not word:
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                """SELECT term, doc FROM search_vocab
                WHERE term >= %s AND term < %s AND length(term) BETWEEN %s AND %s AND term <> %s""",
                [word[0], chr(ord(word[0]) + 1), len(word) - 2, len(word) + 2, word],
            )
            scored = []
            for term, documents in cursor.fetchall():
                distance = edit_distance(word, term, limit=2)
                if distance <= 2:
                    scored.append((distance, -documents, term))
        return [term for _distance, _documents, term in sorted(scored)[:limit]]


def delete_rows(cursor, entry_ids):
    if entry_ids:
        placeholders = ", ".join(["%s"] * len(entry_ids))
        for name in ("search_fts", "search_fts_exact"):
            cursor.execute(f"DELETE FROM {name} WHERE rowid IN ({placeholders})", entry_ids)


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
