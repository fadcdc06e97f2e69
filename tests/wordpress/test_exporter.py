"""WXR export: a valid file that imports back into an empty site as the same content."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from lxml import etree
from taggit.models import Tag

from posts.html import sanitize_html
from posts.models import Category, Post, Redirect, WordPressAttachment
from posts.wordpress.exporter import cdata, export_content
from tests.factories import PostFactory
from tests.wordpress.conftest import run_import

pytestmark = pytest.mark.django_db

WP = "{http://wordpress.org/export/1.2/}"


def export(path, **options):
    out = StringIO()
    call_command(
        "export_wordpress", str(path), site_url="https://example.org", stdout=out, **options
    )
    return out.getvalue()


def snapshot():
    """Everything the round trip must keep, keyed by what survives it (slugs, usernames)."""
    posts = {}
    for post in Post.objects.select_related("author", "parent").prefetch_related(
        "categories", "tags"
    ):
        posts[(post.kind, post.slug)] = {
            "title": post.title,
            "path": post.path,
            # Sanitised once more: the sanitiser drops <tfoot> but keeps its rows, which a
            # second pass wraps in <tbody>; the round trip itself changes nothing.
            "body": sanitize_html(post.body),
            "excerpt": post.excerpt,
            "summary": post.summary,
            "status": post.status,
            "published_at": post.published_at,
            "sticky": post.sticky,
            "password": post.password,
            "menu_order": post.menu_order,
            "author": post.author.username,
            "parent": post.parent.slug if post.parent else None,
            "categories": sorted(c.path for c in post.categories.all()),
            "tags": sorted(t.slug for t in post.tags.all()),
        }
    categories = {c.path: (c.name, c.description) for c in Category.objects.all()}
    authors = {u.username: u.get_full_name() for u in get_user_model().objects.all()}
    tags = {t.slug: t.name for t in Tag.objects.all()}
    return posts, categories, authors, tags


def empty_the_site():
    Redirect.objects.all().delete()
    WordPressAttachment.objects.all().delete()
    Post.objects.all().delete()
    Category.objects.all().delete()
    Tag.objects.all().delete()
    get_user_model().objects.all().delete()


def test_round_trip_reproduces_the_content(imported, tmp_path):
    before = snapshot()
    path = tmp_path / "export.xml"
    assert "Exported 79 posts and pages" in export(path)
    empty_the_site()
    run_import(path, verbosity=0)
    after = snapshot()
    assert after[0].keys() == before[0].keys()
    for key, fields in before[0].items():
        assert after[0][key] == fields, key
    assert after[1:] == before[1:]


def test_export_is_valid_wxr(imported, tmp_path):
    path = tmp_path / "export.xml"
    export(path, verbosity=0)
    root = etree.parse(str(path)).getroot()
    channel = root.find("channel")
    assert channel.findtext(f"{WP}wxr_version") == "1.2"
    assert len(channel.findall(f"{WP}author")) == 2
    assert len(channel.findall(f"{WP}category")) == 68
    assert len(channel.findall(f"{WP}tag")) == 113
    items = channel.findall("item")
    assert len(items) == 79
    greek = next(i for i in items if i.findtext("title") == "Επίπεδο 3")
    assert greek.findtext(f"{WP}post_name") == "%ce%b5%cf%80%ce%af%cf%80%ce%b5%ce%b4%ce%bf-3"
    grandchild = next(
        c
        for c in channel.findall(f"{WP}category")
        if c.findtext(f"{WP}category_nicename") == "grandchild-category"
    )
    assert grandchild.findtext(f"{WP}category_parent") == "child-category-03"


def test_awkward_content_survives(tmp_path):
    PostFactory(title="Brackets ]]> and <tags>", slug="awkward", body="<p>a ]]> b \x01</p>")
    path = tmp_path / "export.xml"
    export(path, verbosity=0)
    item = etree.parse(str(path)).getroot().find("channel/item")
    assert item.findtext("title") == "Brackets ]]> and <tags>"
    assert "<p>a ]]&gt; b </p>" in item.findtext(
        "{http://purl.org/rss/1.0/modules/content/}encoded"
    )


def test_helpers():
    assert cdata("x ]]> y") == "<![CDATA[x ]]]]><![CDATA[> y]]>"
    assert export_content('<p>a</p><span id="more"></span><p>b</p>') == (
        "<!-- wp:html -->\n<p>a</p><!--more--><p>b</p>\n<!-- /wp:html -->"
    )
    assert export_content("") == ""


def test_export_needs_a_writable_place(tmp_path):
    with pytest.raises(CommandError, match="is not a directory"):
        export(tmp_path / "missing" / "export.xml")
