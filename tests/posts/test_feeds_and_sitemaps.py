"""Feeds (RSS and Atom) and the XML sitemap list exactly the public content."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from tests.factories import CategoryFactory, PageFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def rss_items(response):
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return [(item.findtext("title"), item.findtext("link")) for item in channel.findall("item")]


@pytest.fixture
def content():
    now = timezone.now()
    summit = CategoryFactory(name="Summit", slug="summit")
    day = CategoryFactory(name="Day one", slug="day-one", parent=summit)
    writer = UserFactory(username="sara", first_name="Sara", last_name="Ahmadi")
    PostFactory(
        title="Newest",
        slug="newest",
        categories=[day],
        tags=["Paris"],
        author=writer,
        published_at=now - datetime.timedelta(hours=1),
        excerpt="Short summary.",
    )
    PostFactory(
        title="Older",
        slug="older",
        categories=[summit],
        published_at=now - datetime.timedelta(days=2),
    )
    PostFactory(
        title="Draft",
        slug="draft",
        categories=[day],
        status="draft",
        published_at=None,
        author=writer,
    )
    PageFactory(title="About", slug="about")


def test_site_feed_lists_posts_newest_first(client, content):
    response = client.get("/feed/")
    assert rss_items(response) == [
        ("Newest", "http://testserver/newest/"),
        ("Older", "http://testserver/older/"),
    ]
    item = ET.fromstring(response.content).find("channel/item")
    assert item.findtext("description") == "Short summary."
    assert {c.text for c in item.findall("category")} == {"Day one", "Paris"}
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Sara Ahmadi"


def test_atom_feed(client, content):
    response = client.get("/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")] == [
        "Newest",
        "Older",
    ]


def test_category_feed_includes_descendants(client, content):
    assert [t for t, _ in rss_items(client.get("/category/summit/feed/"))] == ["Newest", "Older"]
    assert [t for t, _ in rss_items(client.get("/category/summit/day-one/feed/"))] == ["Newest"]


def test_tag_and_author_feeds(client, content):
    assert [t for t, _ in rss_items(client.get("/tag/paris/feed/"))] == ["Newest"]
    assert [t for t, _ in rss_items(client.get("/author/sara-ahmadi/feed/"))] == ["Newest"]


@pytest.mark.parametrize("url", ["/category/nope/feed/", "/tag/nope/feed/", "/author/nope/feed/"])
def test_unknown_feeds_are_404(client, url):
    assert client.get(url).status_code == 404


def test_sitemap_index_and_sections(client, content):
    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [s.findtext(f"{SITEMAP}loc") for s in index.findall(f"{SITEMAP}sitemap")]
    assert sections == [
        "http://testserver/sitemap-posts.xml",
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-categories.xml",
        "http://testserver/sitemap-tags.xml",
        "http://testserver/sitemap-galleries.xml",
        "http://testserver/sitemap-images.xml",
        "http://testserver/sitemap-videos.xml",
    ]
    dated = [
        s.findtext(f"{SITEMAP}loc")
        for s in index.findall(f"{SITEMAP}sitemap")
        if s.findtext(f"{SITEMAP}lastmod")
    ]
    assert dated == sections[:4]  # the media sections are empty here: nothing to date

    def locations(section):
        root = ET.fromstring(client.get(f"/sitemap-{section}.xml").content)
        return [u.findtext(f"{SITEMAP}loc") for u in root.findall(f"{SITEMAP}url")]

    assert locations("posts") == ["http://testserver/newest/", "http://testserver/older/"]
    assert locations("pages") == ["http://testserver/about/"]
    assert locations("categories") == [
        "http://testserver/category/summit/",
        "http://testserver/category/summit/day-one/",
    ]
    assert locations("tags") == ["http://testserver/tag/paris/"]
