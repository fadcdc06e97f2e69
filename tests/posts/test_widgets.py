"""The sidebar widgets are cached and refreshed as soon as content changes."""

import datetime

import pytest

from tests.factories import CategoryFactory, PostFactory

pytestmark = pytest.mark.django_db


def sidebar(client):
    return client.get("/").text.split('<aside class="sidebar"')[1]


def test_recent_posts_shows_the_five_latest_with_dates(client):
    for number in range(7):
        PostFactory(
            title=f"Post {number}",
            published_at=datetime.datetime(2024, 1, number + 1, 10, tzinfo=datetime.UTC),
        )
    html = sidebar(client)
    assert [f"Post {n}" in html for n in range(7)] == [False, False, True, True, True, True, True]
    assert "January 7, 2024" in html


def test_widgets_are_cached_between_requests(client, django_assert_max_num_queries):
    PostFactory(categories=[CategoryFactory()])
    client.get("/")
    with django_assert_max_num_queries(4):  # page count and posts, prefetches; no widget query
        client.get("/")


def test_widgets_refresh_when_a_post_is_published(client, django_capture_on_commit_callbacks):
    category = CategoryFactory(name="Human Rights", slug="human-rights")
    assert "Fresh news" not in sidebar(client)
    with django_capture_on_commit_callbacks(execute=True):
        PostFactory(title="Fresh news", categories=[category])
    html = sidebar(client)
    assert "Fresh news" in html
    assert 'Human Rights</a> <span class="count">(1)</span>' in html


def test_widgets_refresh_when_a_category_is_renamed(client, django_capture_on_commit_callbacks):
    category = CategoryFactory(name="Old name", slug="topic")
    PostFactory(categories=[category])
    assert "Old name" in sidebar(client)
    with django_capture_on_commit_callbacks(execute=True):
        category.name = "New name"
        category.save()
    assert "New name" in sidebar(client)


def test_categories_widget_is_a_nested_tree_counting_each_post_once(client):
    summit = CategoryFactory(name="Summit", slug="summit")
    year = CategoryFactory(name="2021", slug="y2021", parent=summit)
    CategoryFactory(name="Empty", slug="empty")
    PostFactory(categories=[summit, year])
    PostFactory(categories=[year])
    html = sidebar(client)
    assert 'Summit</a> <span class="count">(2)</span>' in html
    assert 'Summit</a> <span class="count">(2)</span>\n    <ul class="category-tree">' in html
    assert '2021</a> <span class="count">(2)</span>' in html
    assert "Empty" not in html
