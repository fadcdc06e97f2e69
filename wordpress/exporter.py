"""Writing the site as a WordPress eXtended RSS (WXR 1.2) file, so nothing is locked in.

The file is what WordPress's own Tools › Export writes: authors, categories
with their parents, tags, then posts and pages with their terms and
featured images (``_thumbnail_id``), then images and video files as
attachments (``wp:attachment_url`` is the file's public address,
``_wp_attached_file`` its name in media storage, so a copy of the storage
serves as ``--uploads-dir`` when importing it here). It is written as it is
read from the database, in chunks, through lxml's incremental writer, so any
site exports in constant memory, and WordPress (or this site's importer) can
read it back.

Bodies are exported as one "Custom HTML" block: WordPress then shows them
exactly as stored, without re-applying its paragraph formatting, and the
importer here reads them back unchanged. Media placed in a body go out as
WordPress writes them: a video as its address alone on a line (WordPress
embeds it), a gallery as a gallery's HTML whose images are their files'
addresses (which WordPress's importer rewrites, see ``export_media``), a
library image as an image block's HTML with its file's address; a post's
gallery shown below its text is appended the same way.

WordPress numbers posts and attachments in one sequence, so attachments
get ids after the posts' own (see ``MediaIds``).
"""

import datetime
import html
import re
import zoneinfo
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F, Max, Q
from django.utils import timezone
from lxml import etree
from taggit.models import Tag

from media_gallery import body_media
from media_gallery.models import GalleryItem, Image, MediaStatus, Video
from posts.models import MORE_MARKER, Category, Post

from .attachments import INVALID_XML, php_serialised_credit
from .export_media import (
    GalleryMarkup,
    ImageMarkup,
    images_without_files,
    wordpress_old_slug,
    wordpress_slug,
)

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
# Where an image's credit survives WordPress's importer (see ``attachment``).
CREDIT_META = "_freeiran_image_credit"
# The prefixes WordPress declares on <rss>; the code names elements with them.
NAMESPACES = {
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": "http://wordpress.org/export/1.2/",
}
# Between the "]]" and the ">" of a "]]>", which would end a CDATA section early.
CDATA_END = re.compile(r"(?<=\]\])(?=>)")


def qualified(tag):
    """``wp:post_id`` as lxml names it, ``{http://wordpress.org/export/1.2/}post_id``,
    so the code reads like the file."""
    prefix, _, local = tag.rpartition(":")
    return f"{{{NAMESPACES[prefix]}}}{local}" if prefix else tag


def cdata_sections(value):
    """The texts of the CDATA sections carrying ``value``: cut inside each ``]]>`` (which
    lxml refuses in a section), as WordPress's ``wxr_cdata()`` does, so that its
    importers, its regex-based one included, read the value back whole."""
    return CDATA_END.split(INVALID_XML.sub("", value or ""))


def plain_text(value):
    """``value`` as text XML can carry, with line ends as a parser reads them: lxml would
    escape a carriage return, which the file has always let the parser turn into a line feed."""
    value = INVALID_XML.sub("", str(value))
    return value.replace("\r\n", "\n").replace("\r", "\n")


def rss_date(value):
    """A date as RSS's ``pubDate`` wants it (RFC 822, in UTC)."""
    return f"{value.astimezone(datetime.UTC):%a, %d %b %Y %H:%M:%S +0000}"


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


def export_wordpress(out, site_url, progress=None, without_files=None):
    """Write the site's posts, pages and media as WXR to the binary stream ``out``.

    ``site_url`` (e.g. https://example.org) makes the absolute links WXR
    carries; ``progress`` is called once per item written; ``without_files`` are
    the images whose files are missing (``images_without_files()`` by default).
    """
    if without_files is None:
        without_files = images_without_files()
    with etree.xmlfile(out, encoding="UTF-8") as xf:
        WXRWriter(
            xf, site_url.rstrip("/"), progress or (lambda count=1: None), without_files
        ).write()
    # lxml writes nothing after the root element: end the last line, as text files do.
    out.write(b"\n")


class WXRWriter:
    """Writes the file through lxml's incremental ``xmlfile``, element by element as the
    database is read, so only the element being written is in memory; laid out as
    WordPress lays it out (an element a line, children one tab further in)."""

    def __init__(self, xf, site_url, progress, without_files):
        self.xf = xf
        self.site_url = site_url
        self.progress = progress
        # Images no post features or shows: WordPress could not fetch their files, or would
        # show what is hidden here (it shows a featured image whatever its status).
        self.left_out = without_files | set(
            Image.objects.exclude(status=MediaStatus.PUBLISHED).values_list("pk", flat=True)
        )
        self.zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        self.media_ids = MediaIds()
        self.gallery_markup = GalleryMarkup(self.media_ids.of, self.absolute, self.left_out)
        self.image_markup = ImageMarkup(self.media_ids.of, self.absolute, without_files)
        self.depth = 0

    def write(self):
        self.xf.write_declaration()
        self.xf.write(self.generator())
        with self.xf.element("rss", {"version": "2.0"}, nsmap=NAMESPACES):
            self.xf.write("\n")
            with self.block("channel"):
                self.header()
                self.authors()
                self.categories()
                self.tags()
                self.items()
                self.attachments()

    def absolute(self, url):
        return self.site_url + url if url.startswith("/") else url

    def body_of(self, post):
        """The body as exported: media markers as WordPress writes them, and the post's
        gallery at the end when the body does not show it already (and it is not a draft)."""
        body = self.image_markup(export_media_markers(post.body, self.gallery_markup))
        below = post.gallery_id and post.gallery_id not in body_media.gallery_ids(post.body)
        if below and (shown := self.gallery_markup(post.gallery_id)):
            body += "\n" + shown
        return export_content(body)

    @contextmanager
    def block(self, tag):
        """An element holding others: its tags on lines of their own, its children
        indented one tab further."""
        self.xf.write("\t" * self.depth)
        with self.xf.element(qualified(tag)):
            self.xf.write("\n")
            self.depth += 1
            yield
            self.depth -= 1
            self.xf.write("\t" * self.depth)
        self.xf.write("\n")

    def line(self, tag, content, attrib=None):
        """An element of text alone on its line, indented to its depth."""
        self.xf.write("\t" * self.depth)
        with self.xf.element(qualified(tag), attrib or {}):
            self.xf.write(*content)
        self.xf.write("\n")

    def text(self, tag, value, attrib=None):
        """An element of escaped text: numbers, addresses, keywords."""
        self.line(tag, [plain_text(value)], attrib)

    def cdata(self, tag, value, attrib=None):
        """An element of free text (names, titles, bodies) in CDATA, as WordPress writes it."""
        self.line(tag, [etree.CDATA(section) for section in cdata_sections(value)], attrib)

    def generator(self):
        """The comment before ``<rss>`` saying what wrote the file, and when, as
        WordPress's says; its tail ends the line (xmlfile writes no text outside the root).
        A comment may not hold "--": the site's name (any text) keeps one hyphen of a run."""
        name = re.sub("-+", "-", plain_text(settings.SITE_NAME))
        comment = etree.Comment(f' generator="{name}" created="{timezone.now():%Y-%m-%d %H:%M}" ')
        comment.tail = "\n"
        return comment

    def header(self):
        self.text("title", settings.SITE_NAME)
        self.text("link", self.site_url)
        self.text("description", settings.SITE_TAGLINE)
        self.text("pubDate", f"{timezone.now():%a, %d %b %Y %H:%M:%S +0000}")
        self.text("language", settings.LANGUAGE_CODE)
        self.text("wp:wxr_version", WXR_VERSION)
        self.text("wp:base_site_url", self.site_url)
        self.text("wp:base_blog_url", self.site_url)

    def authors(self):
        authors = (
            get_user_model()
            .objects.filter(pk__in=Post.objects.values("author"))
            .select_related("author_profile")
            .order_by("pk")
        )
        for user in authors.iterator(chunk_size=CHUNK_SIZE):
            with self.block("wp:author"):
                self.text("wp:author_id", user.pk)
                self.cdata("wp:author_login", user.get_username())
                self.cdata("wp:author_email", user.email)
                # The file is not public: WordPress needs the login, and shows the display name.
                name = user.author_profile.own_name or user.get_username()
                self.cdata("wp:author_display_name", name)
                self.cdata("wp:author_first_name", user.first_name)
                self.cdata("wp:author_last_name", user.last_name)

    def categories(self):
        # Parents before children, as WordPress writes them.
        categories = Category.objects.select_related("parent").order_by("path")
        for category in sorted(categories, key=lambda c: (c.depth, c.path)):
            parent = wordpress_slug(category.parent.slug) if category.parent else ""
            with self.block("wp:category"):
                self.text("wp:term_id", category.pk)
                self.cdata("wp:category_nicename", wordpress_slug(category.slug))
                self.cdata("wp:category_parent", parent)
                self.cdata("wp:cat_name", category.name)
                self.cdata("wp:category_description", category.description)

    def tags(self):
        for tag in Tag.objects.order_by("pk").iterator(chunk_size=CHUNK_SIZE):
            with self.block("wp:tag"):
                self.text("wp:term_id", tag.pk)
                self.cdata("wp:tag_slug", wordpress_slug(tag.slug))
                self.cdata("wp:tag_name", tag.name)

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
        with self.block("item"):
            self.cdata("title", post.title)
            self.text("link", link)
            if post.published_at:
                self.text("pubDate", rss_date(post.published_at))
            self.cdata("dc:creator", post.author.get_username())
            self.text("guid", f"{self.site_url}/?p={post.pk}", {"isPermaLink": "false"})
            self.text("description", "")
            self.cdata("content:encoded", self.body_of(post))
            self.cdata("excerpt:encoded", post.excerpt)
            self.text("wp:post_id", post.pk)
            self.cdata("wp:post_date", self.local_date(post.published_at))
            self.cdata("wp:post_date_gmt", self.gmt_date(post.published_at))
            self.cdata("wp:post_modified", self.local_date(post.updated_at))
            self.cdata("wp:post_modified_gmt", self.gmt_date(post.updated_at))
            self.text("wp:comment_status", "closed")
            self.text("wp:ping_status", "closed")
            self.cdata("wp:post_name", wordpress_slug(post.slug))
            self.text("wp:status", STATUSES[post.status])
            self.text("wp:post_parent", post.parent_id or 0)
            self.text("wp:menu_order", post.menu_order)
            self.text("wp:post_type", post.kind)
            self.cdata("wp:post_password", post.password)
            self.text("wp:is_sticky", int(post.sticky))
            self.terms(post)
            if post.featured_image_id and post.featured_image_id not in self.left_out:
                self.meta("_thumbnail_id", str(self.media_ids.image(post.featured_image_id)))
            if old_slug := wordpress_old_slug(post.slug):
                # So that WordPress redirects the whole address (it keeps 200 characters).
                self.meta("_wp_old_slug", old_slug)

    def terms(self, obj):
        """A post's or medium's categories, then its tags, as WordPress lists an item's terms."""
        for domain, terms in (("category", obj.categories.all()), ("post_tag", obj.tags.all())):
            for term in terms:
                # In this order: WordPress's regex-based importer matches it literally.
                attrib = {"domain": domain, "nicename": wordpress_slug(term.slug)}
                self.cdata("category", term.name, attrib)

    def meta(self, key, value):
        with self.block("wp:postmeta"):
            self.cdata("wp:meta_key", key)
            self.cdata("wp:meta_value", value)

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
        with self.block("item"):
            self.cdata("title", media.title)
            self.text("link", self.absolute(media.get_absolute_url()))
            if media.published_at:
                self.text("pubDate", rss_date(media.published_at))
            creator = media.uploaded_by.get_username() if media.uploaded_by else ""
            self.cdata("dc:creator", creator)
            self.text("guid", file_url, {"isPermaLink": "false"})
            self.text("description", "")
            self.cdata("content:encoded", media.description)
            self.cdata("excerpt:encoded", media.caption if is_image else "")
            self.text("wp:post_id", self.media_ids.of(media))
            self.cdata("wp:post_date", self.local_date(media.published_at))
            self.cdata("wp:post_date_gmt", self.gmt_date(media.published_at))
            self.text("wp:comment_status", "closed")
            self.text("wp:ping_status", "closed")
            self.cdata("wp:post_name", wordpress_slug(media.slug))
            # WordPress's attachments "inherit"; an unpublished one is private.
            self.text("wp:status", "inherit" if public else "private")
            self.text("wp:post_parent", parent)
            self.text("wp:menu_order", 0)
            self.text("wp:post_type", "attachment")
            self.cdata("wp:post_password", "")
            self.text("wp:is_sticky", 0)
            self.cdata("wp:attachment_url", file_url)
            self.terms(media)
            self.meta("_wp_attached_file", media.file.name)
            if is_image and media.alt_text:
                self.meta("_wp_attachment_image_alt", media.alt_text)
            if is_image and media.credit:
                self.meta("_wp_attachment_metadata", php_serialised_credit(media.credit))
                # WordPress's importer drops the metadata above and remakes it from the
                # file (whose own metadata is stripped here): this postmeta it keeps.
                self.meta(CREDIT_META, media.credit)

    def local_date(self, value):
        return f"{value.astimezone(self.zone):%Y-%m-%d %H:%M:%S}" if value else ZERO_DATE

    def gmt_date(self, value):
        return f"{value.astimezone(datetime.UTC):%Y-%m-%d %H:%M:%S}" if value else ZERO_DATE
