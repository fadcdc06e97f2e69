"""The planner's statistics are refreshed by the command for cron and after imports."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from posts.models import Post
from tests.factories import PostFactory
from tests.wordpress.conftest import run_import, write_wxr, wxr_item

pytestmark = pytest.mark.django_db


def rows_the_planner_counts():
    """How many rows of the posts table the planner's statistics count: the rows of
    the listing index (SQLite's sqlite_stat1) or of the table (PostgreSQL's
    reltuples); None before any statistics. Statistics an earlier test left
    behind count the rows committed then, never this test's own."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if not cursor.fetchone():
                return None
            cursor.execute(
                "SELECT stat FROM sqlite_stat1 WHERE tbl = 'posts_post' AND idx = 'post_listing_idx'"
            )
            row = cursor.fetchone()
            return int(row[0].split()[0]) if row else None
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'posts_post'::regclass")
        rows = cursor.fetchone()[0]
        return None if rows < 0 else int(rows)


def test_optimize_db_refreshes_the_statistics():
    for number in range(3):
        PostFactory(title=f"Post {number}")
    assert rows_the_planner_counts() != Post.objects.count()
    out = StringIO()
    call_command("optimize_db", stdout=out)
    assert out.getvalue().startswith(f"Statistics refreshed ({connection.vendor}) in ")
    assert rows_the_planner_counts() == Post.objects.count()


def test_an_import_leaves_the_tables_analysed(tmp_path):
    run_import(write_wxr(tmp_path, wxr_item(1), wxr_item(2)), verbosity=0)
    assert Post.objects.count() == 2
    assert rows_the_planner_counts() == 2
