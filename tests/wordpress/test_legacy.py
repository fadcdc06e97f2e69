"""Old WordPress addresses keep working: the same page, or a 301 that ends on it.

Those of the imported Theme Unit Test site that only read it are in
test_imported_addresses.py and test_imported_with_media.py.
"""

from urllib.parse import unquote_to_bytes, urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse
from lxml import etree

from posts.models import AuthorProfile, Category, Post, Redirect
from tests.factories import CategoryFactory, PageFactory, PostFactory
from tests.media_gallery import samples
from tests.wordpress.conftest import run_import, write_wxr, wxr_attachment, wxr_item
from wordpress.models import WordPressAttachment

pytestmark = pytest.mark.django_db

WP = "{https://wordpress.org/export/1.2/}"


def follow(client, path, **extra):
    """The chain of (status, path) a browser goes through, ending on a non-redirect."""
    chain = []
    for _ in range(5):
        # PATH_INFO as a server passes it on (bytes as latin-1): the client would read
        # "//greek/…" as a host name.
        path_info = unquote_to_bytes(urlsplit(path).path).decode("iso-8859-1")
        response = client.get(path, PATH_INFO=path_info, **extra)
        chain.append((response.status_code, path))
        if response.status_code not in (301, 302):
            return chain
        path = response["Location"]
    raise AssertionError(f"redirect loop: {chain}")


def old_links(path, statuses=("publish",), post_types=("post", "page")):
    """(wp id, path and query of <link>) of the items of ``post_types`` in a WXR file."""
    links = []
    for _, item in etree.iterparse(str(path), tag="item"):
        if (
            item.findtext(f"{WP}post_type") in post_types
            and item.findtext(f"{WP}status") in statuses
        ):
            parts = urlsplit(item.findtext("link"))
            links.append(
                (
                    int(item.findtext(f"{WP}post_id")),
                    parts.path + (f"?{parts.query}" if parts.query else ""),
                )
            )
        item.clear()
    return links


def test_uploaded_files_lead_to_the_media_files(imported_with_media, client, storage_files):
    canola = WordPressAttachment.objects.get(wp_id=611).image
    response = client.get("/wp-content/uploads/2008/06/canola2.jpg")
    # Temporary: which file answers may change (below), so nobody keeps the answer for good.
    assert (response.status_code, response["Location"]) == (302, canola.file.url)
    assert response["Cache-Control"] == "public, max-age=3600"
    assert canola.file.name in storage_files()
    # WordPress's sizes lead to the nearest rendition once they are made (the original before).
    assert client.get("/wp-content/uploads/2008/06/canola2-300x225.jpg")["Location"] == (
        canola.file.url
    )
    call_command("regenerate_renditions", image_ids=[canola.pk], verbosity=0)
    renditions = {(r.spec, r.format): r.file.url for r in canola.renditions.all()}
    assert (
        client.get("/wp-content/uploads/2008/06/canola2-300x225.jpg")["Location"]
        == (renditions[("width-300", "jpeg")])
    )
    assert (
        client.get("/wp-content/uploads/2008/06/canola2-150x150.jpg")["Location"]
        == (renditions[("fill-150x150", "jpeg")])
    )
    video = WordPressAttachment.objects.get(wp_id=1690).video
    response = client.get("/wp-content/uploads/2013/12/2014-slider-mobile-behavior.mov")
    assert response["Location"] == video.file.url
    assert follow(client, "/wp-content/uploads/2008/06/unknown.jpg")[-1][0] == 404
    # An editor's redirect comes first, as for every old address.
    Redirect.objects.create(
        old_path="/wp-content/uploads/2008/06/canola2.jpg", target_url="/about/"
    )
    response = client.get("/wp-content/uploads/2008/06/canola2.jpg")
    assert (response.status_code, response["Location"]) == (301, "/about/")


def test_big_images_wordpress_scaled_answer_for_their_original_name(tmp_path, client):
    """WordPress 5.3+ keeps x-scaled.jpg as the attached file; posts link x.jpg and x-WxH.jpg."""
    uploads = tmp_path / "uploads"
    (uploads / "2020/01").mkdir(parents=True)
    (uploads / "2020/01/rally-scaled.jpg").write_bytes(samples.jpeg(seed=5))
    attachment = wxr_attachment(
        31, "2020/01/rally-scaled.jpg", meta={"_wp_attached_file": "2020/01/rally-scaled.jpg"}
    )
    run_import(write_wxr(tmp_path, attachment), uploads_dir=str(uploads), verbosity=0)
    image = WordPressAttachment.objects.get(wp_id=31).image
    for name in ("rally.jpg", "rally-scaled.jpg", "rally-1024x768.jpg"):
        assert client.get(f"/wp-content/uploads/2020/01/{name}")["Location"] == image.file.url


def test_author_addresses(tmp_path, client):
    """WordPress's addresses of an author lead to their archive by slug, never by login."""
    run_import(write_wxr(tmp_path, wxr_item(1)), verbosity=0)
    response = client.get("/?author=7")
    assert (response.status_code, response["Location"]) == (301, "/author/s-ahmadi/")
    assert client.get("/?author=7&feed=rss2")["Location"] == "/author/s-ahmadi/feed/"
    assert client.get("/author/s-ahmadi/").status_code == 200
    assert client.get("/author/s.ahmadi/").status_code == 404


def test_author_addresses_follow_a_change_of_slug(tmp_path, client):
    run_import(write_wxr(tmp_path, wxr_item(1)), verbosity=0)
    profile = AuthorProfile.objects.get(user__username="s.ahmadi")
    profile.slug = "sara"
    profile.save()
    assert client.get("/?author=7")["Location"] == "/author/sara/"
    assert client.get("/author/s-ahmadi/")["Location"] == "/author/sara/"


def test_an_author_address_reveals_no_author_without_public_posts(tmp_path, client):
    run_import(write_wxr(tmp_path, wxr_item(1, status="draft")), verbosity=0)
    assert client.get("/?author=7").status_code == 404


def test_renamed_slug_keeps_the_old_address(client):
    post = PostFactory(slug="first-name")
    post.slug = "second-name"
    post.save()
    post.slug = "third-name"
    post.save()
    assert client.get("/first-name/")["Location"] == "/third-name/"
    assert client.get("/second-name/")["Location"] == "/third-name/"
    assert Redirect.objects.get(old_path="/first-name/").origin == Redirect.Origin.MOVED
    post.slug = "first-name"
    post.save()
    assert client.get("/first-name/").status_code == 200
    assert not Redirect.objects.filter(old_path="/first-name/").exists()


def test_renamed_page_slug_redirects_rather_than_guessing(client):
    about = PageFactory(slug="about")
    PageFactory(slug="team", parent=about)
    services = PageFactory(slug="services")
    other = PageFactory(slug="crew", parent=services)
    other.slug = "staff"
    other.save()
    assert client.get("/services/crew/")["Location"] == "/services/staff/"


def test_redirects_lead_only_to_published_content(client):
    draft = PostFactory(slug="secret-plans", status="draft")
    Redirect.objects.create(old_path="/old-secret/", post=draft)
    assert client.get("/old-secret/").status_code == 404
    Redirect.objects.create(old_path="/old-news/", category=CategoryFactory(slug="news"))
    assert client.get("/old-news/")["Location"] == "/category/news/"
    Redirect.objects.create(old_path="/donate-now/", target_url="https://donate.example.org/")
    assert client.get("/donate-now/")["Location"] == "https://donate.example.org/"


def test_posts_only_redirect_to_themselves_once(client):
    PostFactory(slug="loop")
    Redirect.objects.create(old_path="/loop/", post=Post.objects.get(slug="loop"))
    assert client.get("/loop/").status_code == 200
    Category.objects.all().delete()
    assert reverse("posts:feed") == "/feed/"


def test_index_php_keeps_its_query(client):
    assert client.get("/index.php?s=iran")["Location"] == "/?s=iran"
    assert client.get("/index.php")["Location"] == "/"


def test_persian_slugs_with_zero_width_non_joiner(client):
    """WordPress keeps the ZWNJ of Persian titles in slugs; old links must still resolve."""
    PostFactory(slug="می\u200cشود", title="می‌شود", language="fa")
    response = client.get("/2019/05/می\u200cشود/")
    assert response.status_code == 301
    assert follow(client, response["Location"])[-1][0] == 200


def test_date_permalink_exported_without_its_slash_leads_to_the_post(tmp_path, client):
    """The date-permalink rule answers an old link with or without its trailing slash,
    so the import stores no redirect for one exported without it."""
    link = "https://old.example.org/2017/07/01/post-1"
    run_import(write_wxr(tmp_path, wxr_item(1, link=link)), verbosity=0)
    assert not Redirect.objects.filter(post__wp_id=1).exists()
    for path in ("/2017/07/01/post-1", "/2017/07/01/post-1/"):
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (301, "/post-1/")
        assert follow(client, path)[-1] == (200, "/post-1/")
