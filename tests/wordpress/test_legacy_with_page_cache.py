"""Old WordPress home-page addresses keep redirecting once the home page is in the shared cache.

Regression: with Redis on, a cached ``/`` answered ``/?s=…``, ``/?p=…``,
``/?feed=rss2`` and the rest with the home page itself.
"""

import pytest
from django.core.cache import caches
from taggit.models import Tag

from tests.factories import CategoryFactory, PageFactory, PostFactory
from tests.media_gallery.factories import ImageFactory
from tests.redis_server import redis_url  # noqa: F401 (a fixture)
from wordpress.models import WordPressAttachment

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_page_cache(settings, redis_url):  # noqa: F811
    settings.CACHES = {
        "default": {
            "BACKEND": "pagecache.backends.ResilientRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "test",
        }
    }
    settings.PAGE_CACHE = True
    yield
    caches["default"].clear()


def test_wordpress_home_addresses_redirect_after_the_home_page_is_cached(
    client, shared_page_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post = PostFactory(title="Rally", slug="rally", wp_id=101)
        PageFactory(title="About", slug="about", wp_id=102)
        CategoryFactory(name="News", slug="news", wp_id=5)
        PostFactory(slug="tagged", tags=["iran"])
        WordPressAttachment.objects.create(
            wp_id=103, url="https://old.example.org/x.jpg", image=ImageFactory(title="Photo")
        )
    assert client.get("/")["X-Cache"] == "miss"
    assert client.get("/")["X-Cache"] == "hit"

    tag = Tag.objects.get(name="iran")
    photo = WordPressAttachment.objects.get(wp_id=103).image
    expected = {
        "/?s=iran": "/search/?q=iran",
        "/?p=101": post.get_absolute_url(),
        "/?page_id=102": "/about/",
        "/?cat=5": "/category/news/",
        f"/?tag={tag.slug}": f"/tag/{tag.slug}/",
        "/?feed=rss2": "/feed/",
        "/?attachment_id=103": photo.get_absolute_url(),
    }
    for old, new in expected.items():
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old
