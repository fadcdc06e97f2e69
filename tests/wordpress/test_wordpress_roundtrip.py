"""No lock-in, proven by WordPress itself: this site's export read back by the official
WordPress Importer into a WordPress that still holds its default content (so every item
gets a new id), then compared item by item from WordPress's database and front end.

Run alone with ``pytest -m wordpress_roundtrip``; skipped, naming what is missing, where
PHP, MariaDB or Debian's wordpress are not installed (CI installs them and requires it).
"""

import datetime
import os
import re
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.utils import timezone
from lxml import etree

from posts.models import Post
from tests.factories import CategoryFactory, PageFactory, PostFactory
from tests.media_gallery.factories import GalleryFactory, ImageFactory, VideoFactory
from tests.wordpress.wordpress_site import WordPress, mariadb, media_server, skip_without_wordpress
from wordpress.export_media import encoded_slug, wordpress_slug
from wordpress.exporter import CREDIT_META, STATUSES, export_wordpress

pytestmark = [pytest.mark.wordpress_roundtrip, pytest.mark.django_db]
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
IMG_SRC = re.compile(r'<img [^>]*?\bsrc="([^"]*)"')


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    """The MariaDB CI started (WORDPRESS_TEST_DB_SOCKET), or one of the test's own."""
    skip_without_wordpress()
    if socket_path := os.environ.get("WORDPRESS_TEST_DB_SOCKET"):
        yield Path(socket_path)
        return
    with mariadb(tmp_path_factory.mktemp("mariadb")) as socket_path:
        yield socket_path


@pytest.fixture
def wordpress(database, tmp_path):
    """A fresh WordPress holding its default content, its database dropped afterwards."""
    site = WordPress(tmp_path / "wordpress", database)
    yield site
    site.drop()


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def redirect(address):
    """The status and ``Location`` an address answers with, its redirect not followed."""
    try:
        with urllib.request.build_opener(NoRedirects).open(address, timeout=60) as response:
            return response.status, None
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Location"]


def every_kind_of_content():
    """A small site with each thing the export must carry."""
    now = timezone.now()
    parent_category = CategoryFactory(name="World", slug="world")
    child = CategoryFactory(name="Europe", slug="europe", parent=parent_category)
    credited = ImageFactory(title="Rally photo", credit="Jane Photographer / Free Iran desk")
    images = [credited, ImageFactory(title="Second photo"), ImageFactory(title="Third photo")]
    youtube = VideoFactory(title="Rally video")
    gallery = GalleryFactory(items=[images[2], youtube, images[0], images[1]])
    posts = [
        PostFactory(
            title="Illustrated post",
            slug="illustrated-post",
            body=f'<p>Before.</p><figure data-image="{images[1].pk}" data-size="half" '
            'data-align="left"><img alt="Marchers"><figcaption>Berlin, <em>2024</em></figcaption>'
            "</figure><p>After.</p>",
        ),
        PostFactory(
            title="Gallery post",
            slug="gallery-post",
            body="<p>Before.</p>",
            gallery=gallery,
            featured_image=credited,
            categories=[child],
            tags=["rally", "berlin"],
            excerpt="An excerpt.",
            sticky=True,
        ),
        PostFactory(
            title="Video post",
            slug="video-post",
            body='<p>Watch:</p><p class="video-placeholder"><a href="https://vimeo.com/76979871" '
            'rel="noopener noreferrer">https://vimeo.com/76979871</a></p>',
        ),
        PostFactory(
            title="Draft post", slug="draft-post", status=Post.Status.DRAFT, published_at=None
        ),
        PostFactory(title="Private post", slug="private-post", status=Post.Status.PRIVATE),
        PostFactory(title="Protected post", slug="protected-post", password="open sesame"),
        PostFactory(
            title="Scheduled post",
            slug="scheduled-post",
            status=Post.Status.SCHEDULED,
            published_at=now + datetime.timedelta(days=3),
        ),
        PostFactory(title="Long Persian slug", slug="آزادی-برای-ایران-" * 10 + "پایان"),
    ]
    about = PageFactory(title="About us", slug="about-us")
    posts += [about, PageFactory(title="Our team", slug="team", parent=about)]
    return posts, gallery


def test_wordpress_reads_our_export_back_with_nothing_lost(wordpress, tmp_path, media_root):
    posts, gallery = every_kind_of_content()
    with media_server(media_root) as port:
        wordpress.env["MEDIA_PORT"] = str(port)
        export = tmp_path / "export.xml"
        with export.open("wb") as out:
            export_wordpress(out, f"http://127.0.0.1:{port}")
        log = wordpress.import_file(export)
    assert "All done." in log, log
    site = wordpress.dump()
    items = {(row["post_type"], row["post_title"]): row for row in site["items"]}
    by_id = {row["ID"]: row for row in site["items"]}
    # WordPress kept its own content, so every imported item has a new id.
    assert ("post", "Hello world!") in items
    assert ("page", "Sample Page") in items

    exported = {
        item.findtext("title"): item for item in etree.parse(str(export)).getroot().iter("item")
    }
    old_to_new = {
        item.findtext("{http://wordpress.org/export/1.2/}attachment_url"): items[
            ("attachment", title)
        ]["url"]
        for title, item in exported.items()
        if item.findtext("{http://wordpress.org/export/1.2/}post_type") == "attachment"
    }

    for post in posts:
        row = items[(post.kind, post.title)]
        assert row["post_name"] == wordpress_slug(post.slug)
        assert row["post_status"] == STATUSES[post.status]
        expected_date = (
            f"{post.published_at.astimezone(datetime.UTC):%Y-%m-%d %H:%M:%S}"
            if post.published_at
            else "0000-00-00 00:00:00"
        )
        assert row["post_date_gmt"] == expected_date, post.title
        assert row["post_password"] == post.password
        body = exported[post.title].findtext(CONTENT)
        for old, new in old_to_new.items():
            body = body.replace(old, new)
        assert row["post_content"] == body, post.title  # identical but for media addresses
        assert row["post_excerpt"] == post.excerpt
        categories = sorted(c.slug for c in post.categories.all())
        if post.kind == Post.Kind.POST and not categories:
            categories = ["uncategorized"]  # WordPress files every post under a category
        assert {taxonomy: sorted(slugs) for taxonomy, slugs in row["terms"].items()} == {
            "category": categories,
            "post_tag": sorted(t.slug for t in post.tags.all()),
        }
        parent = by_id[row["post_parent"]]["post_title"] if row["post_parent"] != "0" else None
        assert parent == (post.parent.title if post.parent else None)
        assert (int(row["ID"]) in site["sticky"]) == post.sticky
        thumbnail = row["meta"].get("_thumbnail_id")
        featured = by_id[thumbnail[0]]["post_title"] if thumbnail else None
        assert featured == (post.featured_image.title if post.featured_image else None)

    long_slug = items[("post", "Long Persian slug")]
    assert len(long_slug["post_name"]) <= 200
    assert posts[-3].slug.startswith(unquote(long_slug["post_name"], errors="strict"))

    gallery_post = items[("post", "Gallery post")]
    titles_by_url = {row["url"]: row["post_title"] for row in site["items"] if row["url"]}
    shown = [titles_by_url.get(src, src) for src in IMG_SRC.findall(gallery_post["post_content"])]
    assert shown == ["Third photo", "Rally photo", "Second photo"]  # the gallery's order
    video = gallery.items.get(video__isnull=False).video
    assert f"</figure></figure>\n{video.url}" in gallery_post["post_content"]  # after the images
    assert gallery_post["post_content"].startswith("<!-- wp:html -->\n<p>Before.</p>\n")
    categories = {(t["slug"], t["parent"]) for t in site["terms"] if t["taxonomy"] == "category"}
    assert {("world", ""), ("europe", "world")} <= categories  # the tree
    assert "\nhttps://vimeo.com/76979871\n" in items[("post", "Video post")]["post_content"]
    photo = items[("attachment", "Rally photo")]
    assert photo["meta"][CREDIT_META] == ["Jane Photographer / Free Iran desk"]
    assert photo["meta"]["_wp_attachment_image_alt"] == ["What Rally photo shows"]

    illustrated = items[("post", "Illustrated post")]
    assert [titles_by_url.get(src) for src in IMG_SRC.findall(illustrated["post_content"])] == [
        "Second photo"
    ]

    with wordpress.front_end() as url:
        # A library image placed in a body: WordPress shows it, with its caption.
        with urllib.request.urlopen(f"{url}/?p={illustrated['ID']}", timeout=60) as response:
            page = response.read().decode()
        figure = page.split('<figure class="wp-block-image size-medium alignleft">', 1)[1]
        assert IMG_SRC.search(figure)[1] == IMG_SRC.findall(illustrated["post_content"])[0]
        assert '<figcaption class="wp-element-caption">Berlin, <em>2024</em></figcaption>' in figure
        with urllib.request.urlopen(f"{url}/?p={gallery_post['ID']}", timeout=60) as response:
            page = response.read().decode()
        # The page shows the featured image, then the gallery's images in its order.
        shown_gallery = page.split('class="wp-block-gallery', 1)[1].split("</figure></figure>")[0]
        sources = IMG_SRC.findall(shown_gallery)
        assert sources == IMG_SRC.findall(gallery_post["post_content"])
        with urllib.request.urlopen(sources[0], timeout=60) as response:
            first = gallery.items.order_by("sort_order")[0].image
            assert response.read() == first.file.read()
        # The long slug's whole address, as links to it were written, leads to the post.
        day = long_slug["post_date"][:10].replace("-", "/")
        old_address = f"{url}/{day}/{encoded_slug(posts[-3].slug).upper()}/"
        assert redirect(old_address) == (301, f"{url}/{day}/{long_slug['post_name']}/")
