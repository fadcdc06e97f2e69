"""Real WordPress exports (from ../shared/fixtures) and small hand-written ones."""

import textwrap
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

REPOSITORY = Path(__file__).resolve().parents[2]
FIXTURES = REPOSITORY / ".." / "shared" / "fixtures"
THEME_UNIT_TEST = "themeunittestdata.wordpress.xml"
BLOCK_TEST = "64-block-test-data.xml"


def fixture_file(name):
    path = FIXTURES / name
    if not path.is_file():
        pytest.skip(f"../shared/fixtures/{name} is absent")
    return path


@pytest.fixture
def theme_unit_test():
    return fixture_file(THEME_UNIT_TEST)


@pytest.fixture
def block_test():
    return fixture_file(BLOCK_TEST)


def run_import(path, *args, **options):
    """Run import_wordpress; returns its output."""
    out = StringIO()
    call_command("import_wordpress", str(path), *args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def imported(theme_unit_test, db):
    """The Theme Unit Test export, imported."""
    run_import(theme_unit_test, verbosity=0)
    return theme_unit_test


WXR_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Small site</title>
<link>https://old.example.org</link>
<language>en-US</language>
<wp:wxr_version>{version}</wp:wxr_version>
<wp:base_site_url>https://old.example.org</wp:base_site_url>
<wp:base_blog_url>https://old.example.org</wp:base_blog_url>
<wp:author><wp:author_id>7</wp:author_id><wp:author_login>s.ahmadi</wp:author_login>
  <wp:author_email>sara@example.org</wp:author_email>
  <wp:author_display_name><![CDATA[Sara Ahmadi]]></wp:author_display_name>
  <wp:author_first_name><![CDATA[Sara]]></wp:author_first_name>
  <wp:author_last_name><![CDATA[Ahmadi]]></wp:author_last_name></wp:author>
<wp:category><wp:term_id>5</wp:term_id><wp:category_nicename>news</wp:category_nicename>
  <wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[News]]></wp:cat_name></wp:category>
<wp:tag><wp:term_id>9</wp:term_id><wp:tag_slug>iran</wp:tag_slug><wp:tag_name>Iran</wp:tag_name></wp:tag>
"""


def wxr_item(post_id, title="A title", slug=None, status="publish", post_type="post", **extra):
    slug = f"post-{post_id}" if slug is None else slug
    content = extra.get("content", "First paragraph.\n\nSecond paragraph.")
    terms = extra.get(
        "terms",
        '<category domain="category" nicename="news"><![CDATA[News]]></category>'
        '<category domain="post_tag" nicename="iran"><![CDATA[Iran]]></category>',
    )
    return textwrap.dedent(f"""
        <item>
        <title><![CDATA[{title}]]></title>
        <link>{extra.get("link", f"https://old.example.org/2017/07/01/{slug}/")}</link>
        <dc:creator><![CDATA[{extra.get("creator", "s.ahmadi")}]]></dc:creator>
        <content:encoded><![CDATA[{content}]]></content:encoded>
        <excerpt:encoded><![CDATA[{extra.get("excerpt", "")}]]></excerpt:encoded>
        <wp:post_id>{post_id}</wp:post_id>
        <wp:post_date><![CDATA[2017-07-01 10:00:00]]></wp:post_date>
        <wp:post_date_gmt><![CDATA[{extra.get("date_gmt", "2017-07-01 08:00:00")}]]></wp:post_date_gmt>
        <wp:post_name><![CDATA[{slug}]]></wp:post_name>
        <wp:status><![CDATA[{status}]]></wp:status>
        <wp:post_parent>{extra.get("parent", 0)}</wp:post_parent>
        <wp:menu_order>0</wp:menu_order>
        <wp:post_type><![CDATA[{post_type}]]></wp:post_type>
        <wp:post_password><![CDATA[{extra.get("password", "")}]]></wp:post_password>
        <wp:is_sticky>0</wp:is_sticky>
        {terms}
        {extra.get("more", "")}
        </item>
        """)


def write_wxr(directory, *items, version="1.2", name="export.xml"):
    path = Path(directory) / name
    path.write_text(WXR_HEAD.format(version=version) + "".join(items) + "</channel>\n</rss>\n")
    return path
