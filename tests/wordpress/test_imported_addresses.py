"""Old WordPress addresses of the Theme Unit Test export, imported once for this module
(without its uploads): the same page, or a 301 that ends on it.

The tests only read the site, or change rows inside their own transaction (undone
after each test); the addresses of other sites are in test_legacy.py.
"""

from urllib.parse import unquote

import pytest

from posts.models import Post, Redirect
from tests.wordpress.test_legacy import follow, old_links

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("imported_site"),
    pytest.mark.xdist_group(__name__),  # one worker: one build
]


def test_every_published_item_answers_at_its_old_link(imported_site, client):
    links = old_links(imported_site)
    assert len(links) == 56 + 21
    for wp_id, link in links:
        chain = follow(client, link)
        canonical = Post.objects.get(wp_id=wp_id).get_absolute_url()
        # One redirect, or none where the old link is already the address.
        statuses = [200] if unquote(link) == unquote(canonical) else [301, 200]
        assert [status for status, _ in chain] == statuses, (link, chain)
        assert unquote(chain[-1][1]) == unquote(canonical), (link, chain)


def test_attachments_without_media_lead_to_their_post(imported_site, client):
    """Imported without files: the attachment page leads to the post it belongs to."""
    response = client.get("/?attachment_id=611")
    assert (response.status_code, response["Location"]) == (301, "/post-format-gallery/")
    assert client.get("/2010/09/10/post-format-gallery/canola2/")["Location"] == (
        "/post-format-gallery/"
    )
    assert client.get("/?attachment_id=1686").status_code == 404  # attached to no post
    assert client.get("/?attachment_id=99999").status_code == 404
    # No file to lead to: the path is an unknown page (the slash is added first).
    response = client.get("/wp-content/uploads/2008/06/canola2.jpg")
    assert (response.status_code, response["Location"]) == (
        301,
        "/wp-content/uploads/2008/06/canola2.jpg/",
    )
    assert follow(client, "/wp-content/uploads/2008/06/canola2.jpg")[-1][0] == 404


def test_draft_and_scheduled_posts_stay_hidden(imported_site, client):
    for wp_id, link in old_links(imported_site, statuses=("draft", "future")):
        assert follow(client, link)[-1][0] == 404, link
        assert client.get(f"/?p={wp_id}").status_code == 404
    assert client.get("/2020/01/01/scheduled/").status_code == 404


def test_password_protected_post_body_is_not_public(imported_site, client):
    response = client.get(Post.objects.get(wp_id=1168).get_absolute_url())
    assert response.status_code == 200
    assert "should not be visible until the password is entered" not in response.text
    assert 'name="password"' in response.text
    assert "should not be visible" not in client.get("/feed/").text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("/?p=1178", "/markup-html-tags-and-formatting/"),
        ("/?page_id=155", "/about/page-with-comments/"),
        ("/?p=2", "/about/"),
        ("/index.php?p=1178", "/markup-html-tags-and-formatting/"),
        ("/?cat=57037077", "/category/parent-category/child-category-03/grandchild-category/"),
        ("/?tag=8bit", "/tag/8bit/"),
        ("/?tag=content", "/tag/content-2/"),
        ("/?feed=rss2", "/feed/"),
        ("/?feed=atom", "/feed/atom/"),
        ("/?cat=30849&feed=rss2", "/category/aciform/sub/feed/"),
    ],
)
def test_wordpress_query_addresses(imported_site, client, query, expected):
    response = client.get(query)
    assert (response.status_code, response["Location"]) == (301, expected)
    assert follow(client, expected)[-1][0] == 200


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/2013/01/11/markup-html-tags-and-formatting/", "/markup-html-tags-and-formatting/"),
        ("/2013/01/markup-html-tags-and-formatting/", "/markup-html-tags-and-formatting/"),
        ("/2013/01/11/markup-html-tags-and-formatting", "/markup-html-tags-and-formatting/"),
        ("/2018/11/02/block-category-formatting/", "/blocks-formatting/"),
        ("/feed/rss2/", "/feed/"),
        ("/feed/rss/", "/feed/"),
        ("/comments/feed/", "/feed/"),
        ("/wp-rss2.php", "/feed/"),
        ("/markup-html-tags-and-formatting/feed/", "/feed/"),
        ("/category/aciform/feed/rss2/", "/category/aciform/feed/"),
        ("/wp-sitemap.xml", "/sitemap.xml"),
        ("/wp-sitemap-posts-post-1.xml", "/sitemap.xml"),
        (
            "/index.php/2013/01/11/markup-html-tags-and-formatting/",
            "/2013/01/11/markup-html-tags-and-formatting/",
        ),
        (
            "/some/old/structure/markup-html-tags-and-formatting/",
            "/markup-html-tags-and-formatting/",
        ),
    ],
)
def test_wordpress_path_shapes(imported_site, client, path, expected):
    response = client.get(path)
    assert (response.status_code, response["Location"]) == (301, expected)
    assert follow(client, path)[-1][0] == 200


@pytest.mark.parametrize(
    "path",
    [
        "/?p=abc",
        "/?p=99999999999999999999999999",
        "/?p=-1",
        "/?cat=1,2",
        "/?tag=%00",
        "/?tag=" + "x" * 300,
        "/?author=1",
        "/?page_id=12345",
    ],
)
def test_odd_legacy_queries_are_404s_not_errors(imported_site, client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/?cat[]=1", "/?utm_source=x", "/?p="])
def test_other_home_queries_are_left_alone(imported_site, client, path):
    """Unknown parameters show the home page."""
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", ["/?s=iran", "/?s=iran&cat=57037077"])
def test_searches_go_to_the_search_page(imported_site, client, path):
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == "/search/?q=iran"


@pytest.mark.parametrize(
    "path",
    ["/%00/", "/a%00b/", "/" + "x" * 3000 + "/", "/2017/13/45/x/", "/feed/nothing/"],
)
def test_odd_paths_never_fail(imported_site, client, path):
    assert client.get(path).status_code == 404


def test_manual_redirect_overrides_query_rules(client):
    Redirect.objects.create(old_path="/?p=1178", target_url="/about/")
    assert client.get("/?p=1178")["Location"] == "/about/"
