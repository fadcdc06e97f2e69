"""PostgreSQL: tsvector columns with GIN indexes, ts_rank on a compact vector.

Each term is matched as ``title_vector @@ t OR body_vector @@ t`` (or one of
the two), so the planner combines the per-column GIN indexes with bitmap
AND/OR: title-only, content-only and both are all index scans, and no query
needs a weight-restricted recheck of whole bodies. Ranking uses
``rank_vector`` (title weighted A, the first 60 words weighted B), small
enough to stay inline: ranking tens of thousands of matches never detoasts
full vectors, which is what makes a naive ``ORDER BY ts_rank_cd`` slow.

For words in most posts the planner prefers a sequential scan, not knowing
that evaluating ``@@`` on each row detoasts its whole body vector while the
GIN index answers plain words without rechecking any row. Searches run with
``enable_seqscan`` off for their own transaction (``planning``).
"""

from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import BooleanField, FloatField
from django.db.models.expressions import RawSQL

from . import CONTENT, TITLE, SearchBackend

WRITE_BATCH = 200


def tsquery(term):
    """A term as tsquery text: quoted words, joined by <-> when it is a phrase."""
    return " <-> ".join(f"'{word}'" for word in term.words)


class PostgresBackend(SearchBackend):
    @contextmanager
    def planning(self):
        """Plan the queries inside without sequential scans (see the module docstring).

        Re-entrant: a view wraps a whole request's searches in one block, and
        the calls inside it add no statements of their own.
        """
        if getattr(connection, "search_planning", False):
            yield
            return
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            connection.search_planning = True
            try:
                yield
            finally:
                connection.search_planning = False

    @contextmanager
    def bulk_writing(self):
        """Let GIN insertions queue in a 64 MB pending list (not 4 MB) for the session:
        merged in fewer, larger passes, a rebuild takes a sixth less time."""
        with connection.cursor() as cursor:
            cursor.execute("SET gin_pending_list_limit = '64MB'")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET gin_pending_list_limit")

    def write(self, entries, *, bulk=False):
        entries = list(entries)
        with connection.cursor() as cursor:
            for start in range(0, len(entries), WRITE_BATCH):
                batch = entries[start : start + WRITE_BATCH]
                rows = ", ".join(["(%s::bigint, %s, %s, %s, %s, %s)"] * len(batch))
                params = [
                    value
                    for entry_id, text in batch
                    for value in (
                        entry_id,
                        text.title_stems,
                        text.body_stems,
                        text.title_words,
                        text.body_words,
                        text.lead_stems,
                    )
                ]
                cursor.execute(
                    f"""UPDATE search_searchentry AS e SET
                        title_vector = to_tsvector('simple', v.title_stems),
                        body_vector = to_tsvector('simple', v.body_stems),
                        title_exact = to_tsvector('simple', v.title_words),
                        body_exact = to_tsvector('simple', v.body_words),
                        rank_vector = setweight(to_tsvector('simple', v.title_stems), 'A')
                            || setweight(to_tsvector('simple', v.lead_stems), 'B')
                    FROM (VALUES {rows}) AS v(id, title_stems, body_stems, title_words,
                                              body_words, lead_stems)
                    WHERE e.id = v.id""",
                    params,
                )
            if not bulk and entries:
                vocabulary = {
                    word
                    for _entry_id, text in entries
                    for word in f"{text.title_words} {text.body_words}".split()
                }
                cursor.execute(
                    """INSERT INTO search_word (word)
                    SELECT unnest(%s::text[]) ON CONFLICT (word) DO NOTHING""",
                    [sorted(vocabulary)],
                )

    def delete(self, entry_ids):
        """The words go with the entry rows themselves."""

    def matching(self, candidates, query, *, fields):
        title, body = (
            ("title_exact", "body_exact") if query.exact else ("title_vector", "body_vector")
        )
        columns = [column for field, column in ((TITLE, title), (CONTENT, body)) if field in fields]
        clauses, params = [], []
        for term in query.matching_terms:
            either = " OR ".join(f"{column} @@ to_tsquery('simple', %s)" for column in columns)
            clauses.append(f"NOT ({either})" if term.negated else f"({either})")
            params.extend([tsquery(term)] * len(columns))
        return candidates.filter(RawSQL(" AND ".join(clauses), params, output_field=BooleanField()))

    def search(self, candidates, query, *, fields, newest_first, offset, limit):
        """Matches newest first, or by relevance in two tiers.

        Entries with every word in the title come first (ranked among
        themselves), then the others. The title tier is answered from the
        small title index, so a common word ranks the few thousand entries
        with it in the title, not the tens of thousands with it anywhere,
        unless a page reaches past them.
        """
        matching = self.matching(candidates, query, fields=fields)
        with self.planning():
            if newest_first:
                ordered = matching.order_by("-published_at", "-pk")
                return list(ordered.values_list("pk", flat=True)[offset : offset + limit])
            if fields == {CONTENT}:
                return self.ranked(matching, query, offset, limit)
            in_title = self.matching(candidates, query, fields=frozenset({TITLE}))
            found = self.ranked(in_title, query, offset, limit)
            if len(found) == limit or fields == {TITLE}:
                return found
            title_total = in_title.count()
            rest = matching.exclude(pk__in=in_title.values("pk"))
            start = max(0, offset - title_total)
            return found + self.ranked(rest, query, start, limit - len(found))

    def ranked(self, matching, query, offset, limit):
        positive = " & ".join(f"({tsquery(term)})" for term in query.terms if not term.negated)
        score = RawSQL(
            "ts_rank(rank_vector, to_tsquery('simple', %s))", [positive], output_field=FloatField()
        )
        ordered = matching.alias(score=score).order_by("-score", "-published_at", "-pk")
        return list(ordered.values_list("pk", flat=True)[offset : offset + limit])

    def count(self, candidates, query, *, fields, cap):
        with self.planning():
            return self.matching(candidates, query, fields=fields).values("pk")[: cap + 1].count()

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

    def refresh_vocabulary(self):
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE search_word")
            cursor.execute(
                """INSERT INTO search_word (word, documents)
                SELECT word, ndoc FROM ts_stat(
                    'SELECT title_exact || body_exact FROM search_searchentry')"""
            )
