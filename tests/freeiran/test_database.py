"""The planner's statistics are refreshed by the command for cron and after imports."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from tests.factories import PostFactory
from tests.wordpress.conftest import run_import, write_wxr, wxr_item

pytestmark = pytest.mark.django_db


def analysed_indexes_of_posts():
    """What the planner knows of the posts table: its analysed indexes (SQLite) or its
    analysed columns (PostgreSQL)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if not cursor.fetchone():
                return set()
            cursor.execute("SELECT idx FROM sqlite_stat1 WHERE tbl = 'posts_post'")
        else:
            cursor.execute("SELECT attname FROM pg_stats WHERE tablename = 'posts_post'")
        return {row[0] for row in cursor.fetchall()}


EXPECTED = {"sqlite": "post_listing_idx", "postgresql": "published_at"}


def test_optimize_db_refreshes_the_statistics():
    for number in range(3):
        PostFactory(title=f"Post {number}")
    assert EXPECTED[connection.vendor] not in analysed_indexes_of_posts()
    out = StringIO()
    call_command("optimize_db", stdout=out)
    assert out.getvalue().startswith(f"Statistics refreshed ({connection.vendor}) in ")
    assert EXPECTED[connection.vendor] in analysed_indexes_of_posts()


def test_an_import_leaves_the_tables_analysed(tmp_path):
    assert EXPECTED[connection.vendor] not in analysed_indexes_of_posts()
    run_import(write_wxr(tmp_path, wxr_item(1), wxr_item(2)), verbosity=0)
    assert EXPECTED[connection.vendor] in analysed_indexes_of_posts()
