"""Template tags for media: responsive pictures, thumbnails, video players, galleries.

``{% picture image sizes="…" %}`` renders a ``<picture>`` with a WebP
``<source>`` and an ``<img>`` in the original's format, both with
``srcset`` and ``sizes``, intrinsic ``width``/``height`` (no layout shift),
``loading="lazy"`` and ``decoding="async"``. Only existing renditions are
listed (see ``image_files``).
"""

from django import template

from media_gallery import image_files
from media_gallery.video_urls import player_url

register = template.Library()

# What most pictures occupy: the content column, or the whole phone screen.
CONTENT_SIZES = "(min-width: 60rem) 44rem, calc(100vw - 2rem)"
THUMBNAIL_SIZES = "(min-width: 40rem) 10rem, 45vw"
# Sharing previews look best about 1200 px wide.
OG_IMAGE_WIDTH = 1200


def picture_context(image, kind, sizes, loading, css_class, alt, fetchpriority):
    files = image_files.ImageFiles(image)
    webp, fallback, src = files.thumbnail() if kind == "thumbnail" else files.picture()
    return {
        "webp_srcset": image_files.srcset(webp),
        "srcset": image_files.srcset(fallback) if len(fallback) > 1 else "",
        "src": src,
        "sizes": sizes,
        "alt": image.alt if alt is None else alt,
        "loading": loading,
        "fetchpriority": fetchpriority,
        "css_class": css_class,
    }


@register.inclusion_tag("media_gallery/includes/picture.html")
def picture(image, sizes=CONTENT_SIZES, loading="lazy", css_class="", alt=None, fetchpriority=""):
    """A responsive ``<picture>`` of ``image`` at its own aspect ratio."""
    return picture_context(image, "picture", sizes, loading, css_class, alt, fetchpriority)


@register.inclusion_tag("media_gallery/includes/picture.html")
def thumbnail(image, sizes=THUMBNAIL_SIZES, loading="lazy", css_class="", alt=None):
    """The square thumbnail of ``image``, cropped around its focal point."""
    return picture_context(image, "thumbnail", sizes, loading, css_class, alt, "")


@register.simple_tag
def image_file(image, width=image_files.DEFAULT_WIDTH):
    """The nearest existing file of ``image`` in its own format at ``width``: a ``Candidate``
    (url, width, height, bytes, mime_type), for og:image and the like."""
    return image.nearest_file(width)


@register.inclusion_tag("media_gallery/includes/og_image.html", takes_context=True)
def og_image(context, image):
    """OpenGraph tags for a sharing preview of ``image`` (nothing unless it is public)."""
    if image is None or not image.is_public:
        return {}
    file = image.nearest_file(OG_IMAGE_WIDTH)
    return {
        "url": context["request"].build_absolute_uri(file.url),
        "file": file,
        "alt": image.alt,
    }


@register.inclusion_tag("media_gallery/includes/video_player.html")
def video_player(video, sizes=CONTENT_SIZES):
    """An uploaded video in ``<video>``, or a click-to-load facade for YouTube and Vimeo."""
    return {
        "video": video,
        "player_url": player_url(video.provider, video.video_id, video.privacy_hash)
        if video.is_embed
        else "",
        "sizes": sizes,
    }


@register.inclusion_tag("media_gallery/includes/gallery_grid.html")
def gallery_grid(gallery, items=None):
    """The gallery's thumbnails, each a link to its item's page, with the lightbox's content."""
    return {"gallery": gallery, "items": list(gallery.public_items()) if items is None else items}
