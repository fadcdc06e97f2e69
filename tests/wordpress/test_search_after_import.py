"""An import leaves the search index up to date (protected bodies kept out: see
test_imported_content.py)."""

import pytest
from django.urls import reverse

from posts.models import Post
from search.models import SearchEntry
from tests.wordpress.conftest import run_import

pytestmark = pytest.mark.django_db


def test_imported_posts_are_findable_at_once(theme_unit_test, client):
    output = run_import(theme_unit_test)
    assert "Search index:" in output
    assert SearchEntry.objects.filter(source="posts.post").count() == Post.objects.count()
    response = client.get(reverse("search:results"), {"q": "Markup: Image Alignment"})
    titles = [entry.title for entry in response.context["results"].entries]
    assert "Markup: Image Alignment" in titles


def test_a_second_import_writes_no_search_entries(theme_unit_test):
    run_import(theme_unit_test, verbosity=0)
    second = run_import(theme_unit_test)
    assert "Search index: 0 entries written" in second
