"""Work on content visitors cannot see leaves every cached page in place.

Regression: editing a draft's categories or tags emptied the whole page
cache, so every reader paid a cold cache and outsiders could tell when
editors were at work.
"""

import pytest

from posts.models import Post
from tests.factories import CategoryFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE = True


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            return change()

    return run


@pytest.fixture
def cached_pages(client, commit):
    """The home page, a category and a post, each in the cache."""
    news = CategoryFactory(name="News", slug="news")
    commit(lambda: PostFactory(title="Published", slug="published", categories=[news]))
    urls = ["/", "/category/news/", "/published/"]
    for url in urls:
        client.get(url)
    assert [client.get(url)["X-Cache"] for url in urls] == ["hit", "hit", "hit"]
    return urls


def test_a_drafts_categories_and_tags_leave_the_cache_alone(client, commit, cached_pages):
    rights = CategoryFactory(name="Rights", slug="rights")
    draft = commit(lambda: PostFactory(title="Draft", status="draft", published_at=None))

    commit(lambda: draft.categories.add(rights))
    commit(lambda: draft.tags.add("secret-plans"))
    commit(lambda: rights.posts.add(draft))  # from the category's side
    commit(lambda: draft.categories.clear())

    assert [client.get(url)["X-Cache"] for url in cached_pages] == ["hit", "hit", "hit"]


def test_a_published_posts_categories_refresh_what_shows_them(client, commit, cached_pages):
    post = Post.objects.get(slug="published")
    rights = CategoryFactory(name="Rights", slug="rights")

    commit(lambda: post.categories.add(rights))

    assert [client.get(url)["X-Cache"] for url in cached_pages] == ["miss", "miss", "miss"]


def test_a_published_posts_tags_refresh_its_page(client, commit, cached_pages):
    post = Post.objects.get(slug="published")

    commit(lambda: post.tags.add("iran"))

    assert client.get("/published/")["X-Cache"] == "miss"
