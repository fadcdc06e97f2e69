"""SQLite: an FTS5 table keyed by the entry id, bm25 with the title weighted up.

Title-only and content-only searches are FTS5 column filters; the exact mode
matches phrases in the unstemmed columns. Suggestions read the FTS5
vocabulary (fts5vocab) and pick the closest word by edit distance.
"""

from django.db import connection
from django.db.models.expressions import RawSQL

from . import CONTENT, TITLE, SearchBackend

# bm25 weights of the columns: title, body, title_exact, body_exact.
COLUMN_WEIGHTS = "10.0, 1.0, 10.0, 1.0"
WRITE_BATCH = 500
JOINED = "{JOINED}"


def phrase(term):
    return '"' + " ".join(term.words) + '"'


def fts_query(query, fields):
    """The FTS5 MATCH expression: positive terms ANDed, negated ones NOT-ed, in the columns."""
    title, body = ("title_exact", "body_exact") if query.exact else ("title", "body")
    columns = {TITLE: title, CONTENT: body}
    column_filter = "{" + " ".join(columns[f] for f in sorted(fields)) + "}"
    positive = " AND ".join(phrase(term) for term in query.matching_terms if not term.negated)
    negative = " OR ".join(phrase(term) for term in query.matching_terms if term.negated)
    expression = f"{column_filter} : ({positive})"
    if negative:
        expression += f" NOT {column_filter} : ({negative})"
    return expression


class SQLiteBackend(SearchBackend):
    def write(self, entries, bulk=False):
        entries = list(entries)
        with connection.cursor() as cursor:
            for start in range(0, len(entries), WRITE_BATCH):
                batch = entries[start : start + WRITE_BATCH]
                ids = [entry_id for entry_id, _text in batch]
                cursor.execute(
                    f"DELETE FROM search_fts WHERE rowid IN ({', '.join(['%s'] * len(ids))})", ids
                )
                cursor.executemany(
                    "INSERT INTO search_fts (rowid, title, body, title_exact, body_exact) "
                    "VALUES (%s, %s, %s, %s, %s)",
                    [
                        (
                            entry_id,
                            text.title_stems,
                            text.body_stems,
                            text.title_words,
                            text.body_words,
                        )
                        for entry_id, text in batch
                    ],
                )

    def delete(self, entry_ids):
        entry_ids = list(entry_ids)
        if entry_ids:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"DELETE FROM search_fts WHERE rowid IN ({', '.join(['%s'] * len(entry_ids))})",
                    entry_ids,
                )

    def matching(self, candidates, query, fields):
        match = RawSQL(
            "SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [fts_query(query, fields)]
        )
        return candidates.filter(pk__in=match)

    def search(self, candidates, query, fields, newest_first, offset, limit):
        order = (
            "c.published_at DESC"
            if newest_first
            else f"bm25(search_fts, {COLUMN_WEIGHTS}), c.published_at DESC"
        )
        rows = self.run_joined(
            candidates,
            query,
            fields,
            f"SELECT c.id FROM {JOINED} ORDER BY {order}, c.id DESC LIMIT %s OFFSET %s",
            [limit, offset],
        )
        return [row[0] for row in rows]

    def count(self, candidates, query, fields, cap):
        rows = self.run_joined(
            candidates,
            query,
            fields,
            f"SELECT count(*) FROM (SELECT 1 FROM {JOINED} LIMIT %s)",
            [cap + 1],
        )
        return rows[0][0]

    def run_joined(self, candidates, query, fields, template, extra_params):
        """Run ``template``, whose {JOINED} is the FTS5 match joined to the candidates.

        One pass over the full-text index serves both the filter and bm25;
        the candidates (visibility, types, categories) join by primary key.
        CROSS JOIN makes SQLite start from the full-text matches: left to
        itself it may scan the visible entries and probe FTS5 for each one,
        forty times slower for common words.
        """
        candidate_sql, candidate_params = candidates.values(
            "id", "published_at"
        ).query.sql_with_params()
        sql = template.replace(
            JOINED,
            f"search_fts CROSS JOIN ({candidate_sql}) AS c ON c.id = search_fts.rowid "
            f"WHERE search_fts MATCH %s",
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*candidate_params, fts_query(query, fields), *extra_params])
            return cursor.fetchall()

    def similar_words(self, word, limit=5):
        if not word:
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                """SELECT term, sum(doc) FROM search_vocab
                WHERE col IN ('title_exact', 'body_exact')
                  AND term >= %s AND term < %s AND length(term) BETWEEN %s AND %s AND term <> %s
                GROUP BY term""",
                [word[0], chr(ord(word[0]) + 1), len(word) - 2, len(word) + 2, word],
            )
            scored = []
            for term, documents in cursor.fetchall():
                distance = edit_distance(word, term, limit=2)
                if distance <= 2:
                    scored.append((distance, -documents, term))
        return [term for _distance, _documents, term in sorted(scored)[:limit]]


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
