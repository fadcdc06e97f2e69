"""Every search is bounded: counts and facets say when they stop, slow searches are stopped."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from search import engine
from search.backends import get_backend
from tests.factories import CategoryFactory
from tests.search.conftest import search_for

pytestmark = pytest.mark.django_db

RESULTS = reverse("search:results")


@pytest.fixture
def rallies(publish):
    rights = CategoryFactory(name="Human Rights", slug="rights")
    for number in range(5):
        publish(
            title=f"Rally {number}",
            categories=[rights],
            published_at=timezone.now() - datetime.timedelta(days=number + 1),
        )
    return rights


def test_past_the_cap_the_count_and_facets_say_so(client, rallies, monkeypatch):
    """With more matches than the cap, the page says "More than" and each facet "N+"."""
    monkeypatch.setattr(engine, "RESULT_CAP", 3)
    response = client.get(RESULTS, {"q": "rally"})
    html = response.text
    assert "More than 3 results" in html
    assert '<a href="?q=rally&amp;type=post">Posts</a> <span class="count">(3+)</span>' in html
    assert f'<a href="?q=rally&amp;category={rallies.pk}">Human Rights</a> ' in html
    assert "Counted among the 3 newest results." in html
    facets = response.context["facets"]
    assert facets["capped"]
    assert facets["kinds"][0] == ("post", "Posts", 5)


def test_under_the_cap_counts_are_exact(client, rallies):
    html = client.get(RESULTS, {"q": "rally"}).text
    assert "5 results" in html
    assert '<span class="count">(5)</span>' in html
    assert "Counted among" not in html


def test_the_newest_matches_are_the_ones_ranked(rallies, monkeypatch):
    """Ranking reads the newest RANKED matches: an older title match does not reach them."""
    monkeypatch.setattr(engine, "RANKED", 2)
    monkeypatch.setattr(engine, "RESULT_CAP", 1)
    assert [e.title for e in search_for("rally").results.entries] == ["Rally 0", "Rally 1"]


@pytest.fixture
def slow_searches(settings, monkeypatch):
    """Every search runs one statement that would take far longer than the time allowed."""
    settings.SEARCH_TIMEOUT_MS = 50
    slow = (
        "SELECT pg_sleep(30)"
        if connection.vendor == "postgresql"
        else "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) "
        "SELECT count(*) FROM n"
    )
    backend = type(get_backend())
    window = backend.window

    def slow_window(self, *args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute(slow)
        return window(self, *args, **kwargs)

    monkeypatch.setattr(backend, "window", slow_window)


def test_a_search_past_its_time_asks_to_refine_it(client, rallies, slow_searches):
    response = client.get(RESULTS, {"q": "rally"})
    assert response.status_code == 503
    assert "This search took too long. Please refine it" in response.text
    assert "<h1>Search results for “rally”</h1>" in response.text


def test_live_search_past_its_time_answers_with_nothing(client, rallies, slow_searches):
    response = client.get(reverse("search:live"), {"q": "rally"})
    assert response.status_code == 503
    assert response.json()["results"] == []
    assert "took too long" in response.json()["error"]


def test_the_connection_works_after_a_stopped_search(client, rallies, slow_searches, monkeypatch):
    client.get(RESULTS, {"q": "rally"})
    monkeypatch.undo()
    assert len(search_for("rally").results.entries) == 5


def test_a_page_reads_its_matches_once(publish, django_assert_max_num_queries):
    """Count, ranking and facets come from one window: queries do not grow with matches."""
    for number in range(30):
        publish(title=f"Summit {number}", body="<p>The people of Iran.</p>")
    search_for('"people of iran"')  # warm the category tree
    with django_assert_max_num_queries(11) as captured:
        page = search_for("people of Iran", exact=True)
    assert page.results.total == 30
    windows = [q["sql"] for q in captured.captured_queries if reads_words(q["sql"])]
    # SQLite: the window and its title tier. PostgreSQL: the newest candidates
    # scanned (too few of which match here), then all matches, then the window's scores.
    assert len(windows) <= 3, windows


def reads_words(sql):
    """Whether a query reads the index's words (FTS5's table, or the tsvector columns)."""
    return "search_fts MATCH" in sql or "_words @@" in sql
