"""Galleries and slugs written so that WordPress's own importer keeps them.

WordPress's importer gives every item a new id when the target site already
holds content (a fresh WordPress holds three), and it remaps featured images
and parents but not the ids of ``[gallery ids="…"]``. It does rewrite, in
every body, each attachment's old address to its new one. So a gallery is
exported as a gallery's HTML (``wp-block-gallery``) whose images are their
files' addresses: WordPress shows the right images after any remapping, and
the ``wp-image-N`` classes still let this site's importer find the images by
id. WordPress's gallery holds images only: a gallery's videos follow it, each
address alone on a line, which WordPress embeds. A library image placed in a
body goes the same way, as an image block's HTML (its file's address, the
``wp-image-N`` class, its size and alignment classes and its caption); one
that is not published is left out, as the site leaves it out of the page.

WordPress keeps at most 200 characters of a percent-encoded slug and cuts
blindly, possibly inside a character (the address then answers 400); the
export cuts at a character boundary instead. A request for the whole, longer
address is cut blindly too: WordPress looks for a post named after its first
200 encoded characters and, finding none, for an ``_wp_old_slug`` of that
value, which the export writes so that the old address redirects.
"""

import html
import re
from urllib.parse import quote

from media_gallery import body_images, body_media
from media_gallery.models import Gallery, GalleryItem, Image, MediaStatus, Video
from posts.models import Post

WORDPRESS_SLUG_LENGTH = 200


def encoded_slug(slug):
    """The slug as WordPress stores it, whole: non-ASCII percent-encoded, lower-case."""
    return slug if slug.isascii() else quote(slug, safe="-_.~").lower()


def wordpress_slug(slug):
    """The slug as WordPress stores it, cut at a character boundary to what it keeps."""
    encoded = encoded_slug(slug)
    if len(encoded) <= WORDPRESS_SLUG_LENGTH:
        return encoded
    kept = ""
    for character in slug:
        part = encoded_slug(character)
        if len(kept) + len(part) > WORDPRESS_SLUG_LENGTH:
            break
        kept += part
    return kept.rstrip("-")


def wordpress_old_slug(slug):
    """What WordPress's old-slug redirect looks up for the whole address of a post whose
    slug it cannot keep (None when it keeps it whole, or finds the post directly).

    ``sanitize_title_for_query`` cuts an address's encoded slug at 200 characters,
    blindly (unlike the slug WordPress stores, which ``wordpress_slug`` mirrors), then
    joins runs of hyphens and trims them."""
    looked_up = re.sub("-+", "-", encoded_slug(slug)[:WORDPRESS_SLUG_LENGTH]).strip("-")
    return None if looked_up == wordpress_slug(slug) else looked_up


def images_without_files():
    """The pks of the images whose file media storage no longer holds.

    WordPress's importer cannot fetch their files, so it makes no attachment, and it
    leaves a post's ``_thumbnail_id`` it cannot remap as it was: the post would feature
    whichever item WordPress numbers as the image was numbered here. Such images are
    neither featured nor shown in galleries (one storage lookup per image)."""
    return {
        image.pk
        for image in Image.objects.only("pk", "file").iterator(chunk_size=500)
        if not image.file.storage.exists(image.file.name)
    }


class GalleryMarkup:
    """A gallery's images as a gallery block's HTML, then its videos' addresses, per gallery
    (cached: a gallery shown by several posts is read once). WordPress shows every file a
    gallery names: the images of ``left_out`` (hidden here, or without a file) and draft
    videos are left out."""

    def __init__(self, attachment_id, absolute, left_out=frozenset()):
        self.attachment_id = attachment_id
        self.absolute = absolute
        self.left_out = left_out
        self.cache = {}

    def __call__(self, gallery_id):
        """The gallery's markup; empty for a draft gallery, which its posts do not show."""
        if gallery_id not in self.cache:
            if not Gallery.objects.filter(pk=gallery_id, status=MediaStatus.PUBLISHED).exists():
                self.cache[gallery_id] = ""
                return ""
            items = (
                GalleryItem.objects.filter(gallery=gallery_id)
                .select_related("image", "video")
                .order_by("sort_order", "pk")
            )
            images = [
                item.image for item in items if item.image_id and item.image_id not in self.left_out
            ]
            lines = [self.block(images)] if images else []
            lines += [
                self.video_address(item.video)
                for item in items
                if item.video_id and item.video.status == MediaStatus.PUBLISHED
            ]
            self.cache[gallery_id] = "\n".join(lines)
        return self.cache[gallery_id]

    def block(self, images):
        figures = "".join(
            '<figure class="wp-block-image size-large">'
            f'<img src="{html.escape(self.absolute(image.file.url))}" '
            f'alt="{html.escape(image.alt_text)}" '
            f'class="wp-image-{self.attachment_id(image)}"/></figure>'
            for image in images
        )
        return (
            '<figure class="wp-block-gallery has-nested-images columns-default is-cropped">'
            f"{figures}</figure>"
        )

    def video_address(self, video):
        if video.provider == Video.Provider.FILE:
            return self.absolute(video.file.url)
        return video.url


class ImageMarkup:
    """A body's library images (``<figure data-image>``) as WordPress image blocks' HTML.

    The sizes are WordPress's own: the full width is its "large" (the theme's
    content width), half its "medium" and the thumbnail its "thumbnail", whose
    width and height attributes keep the file's proportions at WordPress's
    widths. Images are read once, however many posts show them.
    """

    CLASSES = {"full": "size-large", "half": "size-medium", "thumbnail": "size-thumbnail"}
    WIDTHS = {"half": 300, "thumbnail": 150}

    def __init__(self, attachment_id, absolute, left_out=frozenset()):
        self.attachment_id = attachment_id
        self.absolute = absolute
        self.left_out = left_out  # images whose files are missing: WordPress cannot show them
        self.cache = {}

    def __call__(self, body):
        if "data-image" not in body:
            return body
        self.load(body_images.image_ids(body))
        return body_images.FIGURE.sub(self.figure, body)

    def load(self, pks):
        missing = [pk for pk in pks if pk not in self.cache]
        if missing:
            self.cache.update(dict.fromkeys(missing))
            shown = Image.objects.published().exclude(pk__in=self.left_out)
            self.cache.update(shown.in_bulk(missing))

    def figure(self, match):
        placed = body_images.Placement.of(match)
        image = self.cache.get(placed.pk)
        if image is None:
            return ""
        alt = placed.alt or image.alt_text
        size, width = "", self.WIDTHS.get(placed.size)
        if width and image.width and image.height and image.width > width:
            size = f' width="{width}" height="{round(image.height * width / image.width)}"'
        caption = (
            f'<figcaption class="wp-element-caption">{placed.caption}</figcaption>'
            if placed.caption
            else ""
        )
        return (
            f'<figure class="wp-block-image {self.CLASSES[placed.size]} align{placed.align}">'
            f'<img src="{html.escape(self.absolute(image.file.url))}" alt="{html.escape(alt)}"'
            f'{size} class="wp-image-{self.attachment_id(image)}"/>{caption}</figure>'
        )


def unexpressed(without_files):
    """What WXR cannot carry as it is here, as (kind, title, reason) rows for the summary.

    WordPress has galleries only inside posts, and a media item only shows where a post
    shows it: a gallery no post shows is lost (its images still go as attachments), an
    uploaded video no post shows goes as an attachment nothing shows. An image whose
    file is missing (``without_files``) cannot be imported.
    """
    shown = set(Post.objects.filter(gallery__isnull=False).values_list("gallery", flat=True))
    bodies = Post.objects.filter(body__contains=body_media.GALLERY_CLASS).values_list(
        "body", flat=True
    )
    for body in bodies.iterator(chunk_size=200):
        shown.update(body_media.gallery_ids(body))
    rows = [
        (
            "gallery",
            gallery.title,
            "no post shows it; WordPress has no gallery outside a post (its images are exported)",
        )
        for gallery in Gallery.objects.exclude(pk__in=shown).order_by("pk")
    ]
    drafts = Gallery.objects.filter(pk__in=shown).exclude(status=MediaStatus.PUBLISHED)
    rows += [
        (
            "gallery",
            gallery.title,
            "a draft; the posts that show it do not, as here (its images are exported)",
        )
        for gallery in drafts.order_by("pk")
    ]
    shown -= {gallery.pk for gallery in drafts}
    videos = Video.objects.filter(provider=Video.Provider.FILE).exclude(
        gallery_items__gallery__in=shown
    )
    rows += [
        ("video", video.title, "no post shows it; exported as a media item nothing shows")
        for video in videos.order_by("pk")
    ]
    rows += [
        (
            "image",
            image.title,
            "its file is missing from media storage; no post features or shows it in the file",
        )
        for image in Image.objects.filter(pk__in=without_files).order_by("pk")
    ]
    return rows + hidden_images()


def hidden_images():
    """Rows for the library images placed in bodies that the export leaves out, not being
    published: WordPress would show them, as the site does not."""
    placed = {}
    bodies = Post.objects.filter(body__contains="data-image").values_list("title", "body")
    for title, body in bodies.order_by("pk").iterator(chunk_size=200):
        for pk in body_images.image_ids(body):
            placed.setdefault(pk, title)
    published = set(Image.objects.published().filter(pk__in=placed).values_list("pk", flat=True))
    titles = dict(Image.objects.filter(pk__in=placed).values_list("pk", "title"))
    return [
        (
            "image",
            titles.get(pk, f"#{pk}"),
            f"placed in “{post}” but {'not published' if pk in titles else 'deleted'}; "
            "left out of its text",
        )
        for pk, post in placed.items()
        if pk not in published
    ]
