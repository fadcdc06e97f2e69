"""Writing the site as a WordPress eXtended RSS (WXR 1.2) file, so nothing is locked in.

The file is what WordPress's own Tools › Export writes: authors, categories
with their parents, tags, then posts and pages with their terms and
featured images (``_thumbnail_id``), then images and video files as
attachments (``wp:attachment_url`` is the file's public address,
``_wp_attached_file`` its name in media storage, so a copy of the storage
serves as ``--uploads-dir`` when importing it here). It is written as it is
read from the database, in chunks, so any site exports in constant memory,
and WordPress (or this site's importer) can read it back.

Bodies are exported as one "Custom HTML" block: WordPress then shows them
exactly as stored, without re-applying its paragraph formatting, and the
importer here reads them back unchanged. Media placed in a body go out as
WordPress writes them: a video as its address alone on a line (WordPress
embeds it), a gallery as ``[gallery ids="…"]`` of its images' attachment
ids; a post's gallery shown below its text is appended the same way.

WordPress numbers posts and attachments in one sequence, so attachments
get ids after the posts' own (see ``MediaIds``).
"""

import datetime
import html
import zoneinfo
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F, Max, Q
from django.utils import timezone
from taggit.models import Tag

from media_gallery import body_media
from media_gallery.models import GalleryItem, Image, MediaStatus, Video
from posts.models import MORE_MARKER, Category, Post

from .attachments import INVALID_XML, php_serialised_credit

WXR_VERSION = "1.2"
CHUNK_SIZE = 500
STATUSES = {
    Post.Status.PUBLISHED: "publish",
    Post.Status.SCHEDULED: "future",
    Post.Status.DRAFT: "draft",
    Post.Status.PENDING: "pending",
    Post.Status.PRIVATE: "private",
}
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


def export_media_markers(body, gallery_shortcode):
    """``body`` with its video markers as addresses alone on a line (as WordPress embeds
    them) and its gallery markers as ``gallery_shortcode(gallery_id)``."""

    def video(match):
        before = "" if match.start() == 0 or body[match.start() - 1] == "\n" else "\n"
        after = "" if match.end() == len(body) or body[match.end()] == "\n" else "\n"
        return f"{before}{html.unescape(match['url'])}{after}"

    body = body_media.VIDEO_MARKER.sub(video, body)
    return body_media.GALLERY_MARKER.sub(lambda match: gallery_shortcode(int(match["pk"])), body)


class MediaIds:
    """Attachment ids for the site's media: after the largest post id, images then videos,
    so that no attachment shares an id with a post (WordPress has one sequence)."""

    def __init__(self):
        self.image_offset = Post.objects.aggregate(last=Max("pk"))["last"] or 0
        self.video_offset = self.image_offset + (
            Image.objects.aggregate(last=Max("pk"))["last"] or 0
        )

    def of(self, media):
        return self.image(media.pk) if isinstance(media, Image) else self.video_offset + media.pk

    def image(self, pk):
        return self.image_offset + pk


def export_wordpress(out, site_url, progress=None):
    """Write the site's posts, pages and media as WXR to the text stream ``out``.

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
        self.media_ids = MediaIds()
        self.gallery_shortcodes = {}

    def write(self):
        self.header()
        self.authors()
        self.categories()
        self.tags()
        self.items()
        self.attachments()
        self.out.write("</channel>\n</rss>\n")

    def absolute(self, url):
        return self.site_url + url if url.startswith("/") else url

    def gallery_shortcode(self, gallery_id):
        """``[gallery ids="…"]`` of a gallery's images as attachment ids (cached per gallery)."""
        if gallery_id not in self.gallery_shortcodes:
            images = GalleryItem.objects.filter(gallery=gallery_id, image__isnull=False)
            ids = [
                str(self.media_ids.image(pk))
                for pk in images.order_by("sort_order", "pk").values_list("image", flat=True)
            ]
            self.gallery_shortcodes[gallery_id] = f'[gallery ids="{",".join(ids)}"]' if ids else ""
        return self.gallery_shortcodes[gallery_id]

    def body_of(self, post):
        """The body as exported: media markers as WordPress writes them, and the post's
        gallery at the end when the body does not show it already."""
        body = export_media_markers(post.body, self.gallery_shortcode)
        if post.gallery_id and post.gallery_id not in body_media.gallery_ids(post.body):
            body += "\n" + self.gallery_shortcode(post.gallery_id)
        return export_content(body)

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
        self.line(f"<content:encoded>{cdata(self.body_of(post))}</content:encoded>", 2)
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
        if post.featured_image_id:
            self.meta("_thumbnail_id", str(self.media_ids.image(post.featured_image_id)))
        self.line("</item>")

    def meta(self, key, value):
        self.line("<wp:postmeta>", 2)
        self.line(f"<wp:meta_key>{cdata(key)}</wp:meta_key>", 3)
        self.line(f"<wp:meta_value>{cdata(value)}</wp:meta_value>", 3)
        self.line("</wp:postmeta>", 2)

    def attachments(self):
        """Images and uploaded video files (YouTube and Vimeo videos live in bodies)."""
        for model in (Image, Video):
            media = model.objects.select_related("uploaded_by").prefetch_related(
                "categories", "tags"
            )
            if model is Video:
                media = media.filter(provider=Video.Provider.FILE)
            chunk = []
            for item in media.order_by("pk").iterator(chunk_size=CHUNK_SIZE):
                chunk.append(item)
                if len(chunk) == CHUNK_SIZE:
                    self.attachment_chunk(chunk)
                    chunk = []
            self.attachment_chunk(chunk)

    def attachment_chunk(self, chunk):
        parents = self.parents_of(chunk)
        for media in chunk:
            self.attachment(media, parents.get(media.pk, 0))
            self.progress(1)

    def parents_of(self, chunk):
        """The post each medium belongs to: the first to feature an image, or to show it
        as its gallery, among the posts public now or by the image's date (an attachment
        "inherits" its post's status, so any other would hide the image on import)."""
        if not chunk or not isinstance(chunk[0], Image):
            return {}
        pks = [image.pk for image in chunk]
        parents = {}
        now = timezone.now()
        featuring = Post.objects.filter(
            Q(published_at__lte=now) | Q(published_at__lte=F("featured_image__published_at")),
            featured_image__in=pks,
            status__in=Post.LISTED_STATUSES,
        ).order_by("pk")
        for image_pk, post_pk in featuring.values_list("featured_image", "pk"):
            parents.setdefault(image_pk, post_pk)
        showing = GalleryItem.objects.filter(
            Q(gallery__posts__published_at__lte=now)
            | Q(gallery__posts__published_at__lte=F("image__published_at")),
            image__in=pks,
            gallery__posts__status__in=Post.LISTED_STATUSES,
        )
        for image_pk, post_pk in showing.order_by("gallery__posts").values_list(
            "image", "gallery__posts"
        ):
            parents.setdefault(image_pk, post_pk)
        return parents

    def attachment(self, media, parent):
        is_image = isinstance(media, Image)
        file_url = self.absolute(media.file.url)
        public = media.status == MediaStatus.PUBLISHED
        self.line("<item>")
        self.line(f"<title>{cdata(media.title)}</title>", 2)
        self.line(f"<link>{text(self.absolute(media.get_absolute_url()))}</link>", 2)
        if media.published_at:
            self.line(
                f"<pubDate>{media.published_at.astimezone(datetime.UTC):%a, %d %b %Y %H:%M:%S +0000}</pubDate>",
                2,
            )
        creator = media.uploaded_by.get_username() if media.uploaded_by else ""
        self.line(f"<dc:creator>{cdata(creator)}</dc:creator>", 2)
        self.line(f'<guid isPermaLink="false">{text(file_url)}</guid>', 2)
        self.line("<description></description>", 2)
        self.line(f"<content:encoded>{cdata(media.description)}</content:encoded>", 2)
        caption = media.caption if is_image else ""
        self.line(f"<excerpt:encoded>{cdata(caption)}</excerpt:encoded>", 2)
        self.line(f"<wp:post_id>{self.media_ids.of(media)}</wp:post_id>", 2)
        self.line(f"<wp:post_date>{cdata(self.local_date(media.published_at))}</wp:post_date>", 2)
        self.line(
            f"<wp:post_date_gmt>{cdata(self.gmt_date(media.published_at))}</wp:post_date_gmt>", 2
        )
        self.line("<wp:comment_status>closed</wp:comment_status>", 2)
        self.line("<wp:ping_status>closed</wp:ping_status>", 2)
        self.line(f"<wp:post_name>{cdata(wordpress_slug(media.slug))}</wp:post_name>", 2)
        # WordPress's attachments "inherit"; an unpublished one is private.
        self.line(f"<wp:status>{'inherit' if public else 'private'}</wp:status>", 2)
        self.line(f"<wp:post_parent>{parent}</wp:post_parent>", 2)
        self.line("<wp:menu_order>0</wp:menu_order>", 2)
        self.line("<wp:post_type>attachment</wp:post_type>", 2)
        self.line(f"<wp:post_password>{cdata('')}</wp:post_password>", 2)
        self.line("<wp:is_sticky>0</wp:is_sticky>", 2)
        self.line(f"<wp:attachment_url>{cdata(file_url)}</wp:attachment_url>", 2)
        for category in media.categories.all():
            self.line(
                f'<category domain="category" nicename={quoteattr(wordpress_slug(category.slug))}>'
                f"{cdata(category.name)}</category>",
                2,
            )
        for tag in media.tags.all():
            self.line(
                f'<category domain="post_tag" nicename={quoteattr(wordpress_slug(tag.slug))}>'
                f"{cdata(tag.name)}</category>",
                2,
            )
        self.meta("_wp_attached_file", media.file.name)
        if is_image and media.alt_text:
            self.meta("_wp_attachment_image_alt", media.alt_text)
        if is_image and media.credit:
            self.meta("_wp_attachment_metadata", php_serialised_credit(media.credit))
        self.line("</item>")

    def local_date(self, value):
        return f"{value.astimezone(self.zone):%Y-%m-%d %H:%M:%S}" if value else ZERO_DATE

    def gmt_date(self, value):
        return f"{value.astimezone(datetime.UTC):%Y-%m-%d %H:%M:%S}" if value else ZERO_DATE
