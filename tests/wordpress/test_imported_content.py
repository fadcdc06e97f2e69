"""The Theme Unit Test export, imported once for this module: what lands where.

The tests only read the site; those that import again or change it are in
test_importer.py and test_search_after_import.py.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from posts.models import MORE_MARKER, AuthorProfile, Category, Post, Redirect
from search.models import SearchEntry
from wordpress.models import WordPressAttachment

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("imported_site"),
    pytest.mark.xdist_group(__name__),  # one worker: one build
]


def test_theme_unit_test_counts(imported_site):
    """58 posts (56 published, a draft, one scheduled for 2030), 21 pages, 68 categories."""
    posts = Post.objects.posts()
    assert posts.count() == 58
    assert posts.filter(status="published").count() == 56
    assert posts.filter(status="draft").count() == 1
    scheduled = posts.get(status="scheduled")
    assert scheduled.published_at.year == 2030
    assert Post.objects.pages().count() == 21
    assert Category.objects.count() == 68
    # 110 declared tags, plus three that items use without declaring ("content" is the
    # declared "content-2" under another slug: one tag, and its old page redirects).
    assert Tag.objects.count() == 113
    assert set(
        Tag.objects.filter(slug__in=["columns", "sample", "test-tag"]).values_list(
            "slug", flat=True
        )
    ) == {"columns", "sample", "test-tag"}
    assert Redirect.objects.get(old_path="/tag/content/").target_url == "/tag/content-2/"
    assert WordPressAttachment.objects.count() == 37
    assert Post.objects.filter(wp_thumbnail_id__isnull=False).count() == 6


def test_category_tree(imported_site):
    """Parents by slug, three levels, repeated names kept apart."""
    grandchild = Category.objects.get(slug="grandchild-category")
    assert grandchild.path == "parent-category/child-category-03/grandchild-category"
    assert [c.slug for c in grandchild.ancestors()] == ["parent-category", "child-category-03"]
    assert max(c.depth for c in Category.objects.all()) == 2
    foo_a = Category.objects.filter(name="Foo A").order_by("slug")
    assert [c.path for c in foo_a] == ["foo-a", "foo-parent/foo-a-foo-parent"]
    assert Category.objects.get(slug="child-2").path == "parent/child-1/child-2"
    assert Category.objects.get(slug="block").description == (
        "<p>Items in the block category have been created with the block editor.</p>"
    )
    post = Post.objects.get(wp_id=1152)  # Edge Case: Many Categories
    assert post.categories.count() == 63


def test_pages_with_parents_order_and_greek_slugs(imported_site):
    level_3 = Post.objects.pages().get(slug="level-3")
    assert level_3.path == "level-1/level-2/level-3"
    assert level_3.parent.slug == "level-2"
    assert Post.objects.pages().get(slug="level-1").menu_order == 5
    greek = Post.objects.pages().get(wp_id=1813)
    assert greek.slug == "επίπεδο-3"
    assert greek.path == "greek/επίπεδο-2/επίπεδο-3"


def test_post_fields(imported_site):
    sticky = Post.objects.get(sticky=True)
    assert sticky.wp_id == 1241
    untitled = Post.objects.get(wp_id=1169)
    assert untitled.title == ""
    assert untitled.slug == "edge-case-no-title"
    assert Post.objects.get(wp_id=1173).title == "Markup: Title With Markup"
    draft = Post.objects.get(wp_id=1164)
    assert (draft.slug, draft.published_at.year) == ("draft", 2013)
    post = Post.objects.get(wp_id=1178)
    assert post.published_at.isoformat() == "2013-01-12T03:22:19+00:00"
    assert post.author.username == "themedemos"
    assert (
        post.wp_url
        == "https://wpthemetestdata.wordpress.com/2013/01/11/markup-html-tags-and-formatting/"
    )
    excerpt = Post.objects.get(wp_id=993)
    assert excerpt.excerpt.startswith("This is a user-defined post excerpt. It <em>should</em>")
    assert excerpt.summary.startswith("This is a user-defined post excerpt. It should be")
    more = Post.objects.get(wp_id=996)
    assert MORE_MARKER in more.body
    assert more.summary.startswith("This content is before the more tag")
    assert "after the more tag" not in more.summary


def test_authors_are_inactive_accounts_keeping_their_byline(imported_site):
    buster = get_user_model().objects.get(username="themedemos")
    assert (buster.get_full_name(), buster.is_active, buster.has_usable_password()) == (
        "Theme Buster",
        False,
        False,
    )
    assert get_user_model().objects.count() == 2  # ">themereviewteam" is themereviewteam


def test_authors_keep_their_wordpress_addresses(imported_site, client):
    """WordPress's author slug (its nicename, made from the login) is the slug here, so the
    old /author/<nicename>/ links answer as they did: WordPress published them already."""
    profiles = AuthorProfile.objects.order_by("slug").values_list("user__username", "slug")
    assert list(profiles) == [("themedemos", "themedemos"), ("themereviewteam", "themereviewteam")]
    response = client.get("/author/themedemos/")
    assert response.status_code == 200
    assert "<h1>Posts by Theme Buster</h1>" in response.text


def test_password_protected_body_is_kept_but_summary_is_not(imported_site):
    protected = Post.objects.get(wp_id=1168)
    assert protected.password == "enter"
    assert "should not be visible" in protected.body
    assert protected.summary == ""


def test_content_is_converted_and_sanitised(imported_site):
    caption = Post.objects.get(wp_id=1163).body
    assert '<figure id="attachment_754" class="wp-caption alignnone">' in caption
    assert (
        '<figcaption class="wp-caption-text">Bell on wharf in San Francisco</figcaption>' in caption
    )
    youtube = Post.objects.get(wp_id=1161).body
    assert youtube.startswith(
        '<p class="video-placeholder"><a href="https://www.youtube.com/watch?v=SQEQr7c0-dw"'
    )
    for post in Post.objects.all():
        assert "<!--" not in post.body
        assert "<script" not in post.body
        assert "style=" not in post.body
    assert "[simple boat]" in Post.objects.get(body__contains="[simple boat]").body


def test_attachment_stash_keeps_what_the_media_step_needs(imported_site):
    attachment = WordPressAttachment.objects.get(file_path="2008/06/canola2.jpg")
    assert attachment.url == "https://wpthemetestdata.files.wordpress.com/2008/06/canola2.jpg"
    assert attachment.title == "canola2"
    assert attachment.parent_wp_id == 555  # Post Format: Gallery
    assert attachment.published_at < timezone.now()


def test_a_protected_body_is_not_searchable(imported_site, client):
    protected = Post.objects.get(wp_id=1168)
    assert "should not be visible" in protected.body
    response = client.get(reverse("search:results"), {"q": '"should not be visible"'})
    assert protected.title not in [entry.title for entry in response.context["results"].entries]
    assert SearchEntry.objects.get(source="posts.post", object_id=protected.pk).body == ""
