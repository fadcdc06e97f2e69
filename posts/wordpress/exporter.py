"""Writing the site as a WordPress eXtended RSS (WXR 1.2) file, so nothing is locked in.

The file is what WordPress's own Tools › Export writes: authors, categories
with their parents, tags, then posts and pages with their terms. It is
written as it is read from the database, in chunks, so any site exports in
constant memory, and WordPress (or this site's importer) can read it back.

Bodies are exported as one "Custom HTML" block: WordPress then shows them
exactly as stored, without re-applying its paragraph formatting, and the
importer here reads them back unchanged.
"""

import datetime
import re
import zoneinfo
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from taggit.models import Tag

from posts.models import MORE_MARKER, Category, Post

WXR_VERSION = "1.2"
CHUNK_SIZE = 500
STATUSES = {
    Post.Status.PUBLISHED: "publish",
    Post.Status.SCHEDULED: "future",
    Post.Status.DRAFT: "draft",
    Post.Status.PENDING: "pending",
    Post.Status.PRIVATE: "private",
}
# Characters XML 1.0 cannot carry at all.
INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
ZERO_DATE = "0000-00-00 00:00:00"


def cdata(value):
    """``value`` in a CDATA section (split where it contains ``]]>``)."""
    value = INVALID_XML.sub("", value or "")
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def text(value):
    return escape(INVALID_XML.sub("", str(value)))


def wordpress_slug(slug):
    """Slugs as WordPress stores them: non-ASCII characters percent-encoded, lower-case."""
    return quote(slug, safe="-_.~").lower() if not slug.isascii() else slug


def export_content(body):
    """The body as one Custom HTML block, with the teaser mark as ``<!--more-->``."""
    body = body.replace(MORE_MARKER, "<!--more-->")
    return f"<!-- wp:html -->\n{body}\n<!-- /wp:html -->" if body.strip() else ""


def export_wordpress(out, site_url, progress=None):
    """Write the site's posts and pages as WXR to the text stream ``out``.

    ``site_url`` (e.g. https://example.org) makes the absolute links WXR
    carries; ``progress`` is called once per item written.
    """
    WXRWriter(out, site_url.rstrip("/"), progress or (lambda count=1: None)).write()


class WXRWriter:
    def __init__(self, out, site_url, progress):
        self.out = out
        self.site_url = site_url
        self.progress = progress
        self.zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)

    def write(self):
        self.header()
        self.authors()
        self.categories()
        self.tags()
        self.items()
        self.out.write("</channel>\n</rss>\n")

    def line(self, value, indent=1):
        self.out.write("\t" * indent + value + "\n")

    def header(self):
        self.out.write('<?xml version="1.0" encoding="UTF-8" ?>\n')
        self.out.write(
            f'<!-- generator="{settings.SITE_NAME}" created="{timezone.now():%Y-%m-%d %H:%M}" -->\n'
        )
        self.out.write(
            '<rss version="2.0"\n'
            '\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n'
            '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
            '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
            '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
            '\txmlns:wp="http://wordpress.org/export/1.2/"\n>\n<channel>\n'
        )
        self.line(f"<title>{text(settings.SITE_NAME)}</title>")
        self.line(f"<link>{text(self.site_url)}</link>")
        self.line(f"<description>{text(settings.SITE_TAGLINE)}</description>")
        self.line(f"<pubDate>{timezone.now():%a, %d %b %Y %H:%M:%S +0000}</pubDate>")
        self.line(f"<language>{text(settings.LANGUAGE_CODE)}</language>")
        self.line(f"<wp:wxr_version>{WXR_VERSION}</wp:wxr_version>")
        self.line(f"<wp:base_site_url>{text(self.site_url)}</wp:base_site_url>")
        self.line(f"<wp:base_blog_url>{text(self.site_url)}</wp:base_blog_url>")

    def authors(self):
        authors = (
            get_user_model().objects.filter(pk__in=Post.objects.values("author")).order_by("pk")
        )
        for user in authors.iterator(chunk_size=CHUNK_SIZE):
            self.line("<wp:author>")
            self.line(f"<wp:author_id>{user.pk}</wp:author_id>", 2)
            self.line(f"<wp:author_login>{cdata(user.get_username())}</wp:author_login>", 2)
            self.line(f"<wp:author_email>{cdata(user.email)}</wp:author_email>", 2)
            display = user.get_full_name() or user.get_username()
            self.line(f"<wp:author_display_name>{cdata(display)}</wp:author_display_name>", 2)
            self.line(f"<wp:author_first_name>{cdata(user.first_name)}</wp:author_first_name>", 2)
            self.line(f"<wp:author_last_name>{cdata(user.last_name)}</wp:author_last_name>", 2)
            self.line("</wp:author>")

    def categories(self):
        # Parents before children, as WordPress writes them.
        categories = Category.objects.select_related("parent").order_by("path")
        for category in sorted(categories, key=lambda c: (c.depth, c.path)):
            parent = wordpress_slug(category.parent.slug) if category.parent else ""
            self.line("<wp:category>")
            self.line(f"<wp:term_id>{category.pk}</wp:term_id>", 2)
            self.line(
                f"<wp:category_nicename>{cdata(wordpress_slug(category.slug))}</wp:category_nicename>",
                2,
            )
            self.line(f"<wp:category_parent>{cdata(parent)}</wp:category_parent>", 2)
            self.line(f"<wp:cat_name>{cdata(category.name)}</wp:cat_name>", 2)
            self.line(
                f"<wp:category_description>{cdata(category.description)}</wp:category_description>",
                2,
            )
            self.line("</wp:category>")

    def tags(self):
        for tag in Tag.objects.order_by("pk").iterator(chunk_size=CHUNK_SIZE):
            self.line("<wp:tag>")
            self.line(f"<wp:term_id>{tag.pk}</wp:term_id>", 2)
            self.line(f"<wp:tag_slug>{cdata(wordpress_slug(tag.slug))}</wp:tag_slug>", 2)
            self.line(f"<wp:tag_name>{cdata(tag.name)}</wp:tag_name>", 2)
            self.line("</wp:tag>")

    def items(self):
        posts = (
            Post.objects.select_related("author")
            .prefetch_related("categories", "tags")
            .order_by("pk")
        )
        for post in posts.iterator(chunk_size=CHUNK_SIZE):
            self.item(post)
            self.progress(1)

    def item(self, post):
        public = post.status in Post.LISTED_STATUSES
        link = self.site_url + (post.get_absolute_url() if public else f"/?p={post.pk}")
        self.line("<item>")
        self.line(f"<title>{cdata(post.title)}</title>", 2)
        self.line(f"<link>{text(link)}</link>", 2)
        if post.published_at:
            self.line(
                f"<pubDate>{post.published_at.astimezone(datetime.UTC):%a, %d %b %Y %H:%M:%S +0000}</pubDate>",
                2,
            )
        self.line(f"<dc:creator>{cdata(post.author.get_username())}</dc:creator>", 2)
        self.line(f'<guid isPermaLink="false">{text(self.site_url)}/?p={post.pk}</guid>', 2)
        self.line("<description></description>", 2)
        self.line(f"<content:encoded>{cdata(export_content(post.body))}</content:encoded>", 2)
        self.line(f"<excerpt:encoded>{cdata(post.excerpt)}</excerpt:encoded>", 2)
        self.line(f"<wp:post_id>{post.pk}</wp:post_id>", 2)
        self.line(f"<wp:post_date>{cdata(self.local_date(post.published_at))}</wp:post_date>", 2)
        self.line(
            f"<wp:post_date_gmt>{cdata(self.gmt_date(post.published_at))}</wp:post_date_gmt>", 2
        )
        self.line(
            f"<wp:post_modified>{cdata(self.local_date(post.updated_at))}</wp:post_modified>", 2
        )
        self.line(
            f"<wp:post_modified_gmt>{cdata(self.gmt_date(post.updated_at))}</wp:post_modified_gmt>",
            2,
        )
        self.line("<wp:comment_status>closed</wp:comment_status>", 2)
        self.line("<wp:ping_status>closed</wp:ping_status>", 2)
        self.line(f"<wp:post_name>{cdata(wordpress_slug(post.slug))}</wp:post_name>", 2)
        self.line(f"<wp:status>{STATUSES[post.status]}</wp:status>", 2)
        self.line(f"<wp:post_parent>{post.parent_id or 0}</wp:post_parent>", 2)
        self.line(f"<wp:menu_order>{post.menu_order}</wp:menu_order>", 2)
        self.line(f"<wp:post_type>{post.kind}</wp:post_type>", 2)
        self.line(f"<wp:post_password>{cdata(post.password)}</wp:post_password>", 2)
        self.line(f"<wp:is_sticky>{int(post.sticky)}</wp:is_sticky>", 2)
        for category in post.categories.all():
            self.line(
                f'<category domain="category" nicename={quoteattr(wordpress_slug(category.slug))}>'
                f"{cdata(category.name)}</category>",
                2,
            )
        for tag in post.tags.all():
            self.line(
                f'<category domain="post_tag" nicename={quoteattr(wordpress_slug(tag.slug))}>'
                f"{cdata(tag.name)}</category>",
                2,
            )
        self.line("</item>")

    def local_date(self, value):
        return f"{value.astimezone(self.zone):%Y-%m-%d %H:%M:%S}" if value else ZERO_DATE

    def gmt_date(self, value):
        return f"{value.astimezone(datetime.UTC):%Y-%m-%d %H:%M:%S}" if value else ZERO_DATE
