"""On PostgreSQL, title-only, content-only and both are each answered from a GIN index."""

import pytest
from django.db import connection

from search.backends import get_backend
from search.models import SearchEntry
from search.query import parse
from search.vocabulary import expand

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL query plans"),
]


def plan(fields, exact=False):
    # All entries as candidates: the visibility index would be the tiny test
    # table's cheapest path, and the question here is the text condition.
    matching = get_backend().matching(
        SearchEntry.objects.all(),
        expand(parse("free iran", exact=exact)),
        fields=frozenset(fields),
    )
    sql, params = matching.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        # A test table is tiny, so the planner would rightly scan it; forbidding
        # sequential scans shows which index answers the query at scale.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("fields", "exact", "indexes"),
    [
        ({"title"}, False, ["search_title_words"]),
        ({"content"}, False, ["search_body_words"]),
        ({"title", "content"}, False, ["search_title_words", "search_body_words"]),
        ({"title", "content"}, True, ["search_title_words", "search_body_words"]),
    ],
)
def test_each_field_choice_uses_its_index(publish, fields, exact, indexes):
    publish(title="Free Iran")
    explained = plan(fields, exact)
    assert "Seq Scan on search_searchentry" not in explained, explained
    for index in indexes:
        assert f"Bitmap Index Scan on {index}" in explained, explained
