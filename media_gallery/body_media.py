"""Videos and galleries placed in post bodies: stored as markers, shown as players and grids.

Bodies are sanitised when saved, and the click-to-load video facade and the
gallery grid need markup the sanitiser removes (data attributes,
``<template>``, ``<dialog>``) and data that changes after the body was written
(a gallery's images, a video's poster). So a body keeps a small marker where
the media goes, which reads as a plain link wherever it is not rendered
(feeds, the admin, search snippets):

- a video: ``<p class="video-placeholder"><a href="https://youtu.be/…">…</a></p>``,
  found by its YouTube or Vimeo address;
- a gallery: ``<p class="gallery-placeholder" id="gallery-12"><a href="/gallery/…/">…</a></p>``,
  found by its id.

``render`` swaps the markers for the facade and the gallery grid when a post
is shown, loading everything in a fixed number of queries. The facade
requests nothing from YouTube or Vimeo until the visitor presses play, and
the templates write no inline script or style (the page's CSP forbids both).
"""

import html
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from . import body_images, video_urls
from .models import Gallery, GalleryItem, Video

VIDEO_CLASS = "video-placeholder"
GALLERY_CLASS = "gallery-placeholder"
# As the sanitiser writes them (it keeps attribute order and adds rel to links).
# A marker is a paragraph holding only its link: one an editor has written
# more into is left as the paragraph it has become, its text kept.
VIDEO_MARKER = re.compile(rf'<p class="{VIDEO_CLASS}"><a href="(?P<url>[^"]*)"[^>]*>[^<]*</a></p>')
GALLERY_MARKER = re.compile(
    rf'<p class="{GALLERY_CLASS}" id="gallery-(?P<pk>\d{{1,18}})"><a [^>]*>[^<]*</a></p>'
)
LINK_REL = "noopener noreferrer"


def without_library_media(body):
    """``body`` without its library images, videos and galleries, captions and titles
    included: each is found in search on its own terms (when public), and a draft's
    caption or title must not be found through a published post that places it."""
    if "data-image=" not in body and "-placeholder" not in body:
        return body
    body = body_images.FIGURE.sub(" ", body)
    return GALLERY_MARKER.sub(" ", VIDEO_MARKER.sub(" ", body))


def video_marker(url):
    """The marker of a YouTube or Vimeo video at ``url`` (plain text, not escaped)."""
    url = html.escape(url, quote=True)
    return f'<p class="{VIDEO_CLASS}"><a href="{url}" rel="{LINK_REL}">{url}</a></p>'


def gallery_marker(gallery):
    """The marker of ``gallery`` (saved): a link to its page that ``render`` turns into its grid."""
    return (
        f'<p class="{GALLERY_CLASS}" id="gallery-{gallery.pk}">'
        f'<a href="{html.escape(gallery.get_absolute_url())}" rel="{LINK_REL}">'
        f"{html.escape(gallery.title)}</a></p>"
    )


def gallery_ids(body):
    """Ids of the galleries whose markers ``body`` holds, in order."""
    return [int(match["pk"]) for match in GALLERY_MARKER.finditer(body or "")]


def video_addresses(body):
    """The addresses of the video markers in ``body``, in order (plain text)."""
    return [html.unescape(match["url"]) for match in VIDEO_MARKER.finditer(body or "")]


@dataclass
class BodyMedia:
    """A body ready to show (``html``) and the media it shows."""

    html: str
    videos: list = field(default_factory=list)
    galleries: list = field(default_factory=list)
    images: list = field(default_factory=list)
    # Library items placed in the body but not public yet: publishing one changes the page.
    hidden_tags: list = field(default_factory=list)

    @property
    def has_media(self):
        return bool(self.videos or self.galleries or self.images)

    @property
    def gallery_ids(self):
        return {gallery.pk for gallery in self.galleries}

    @property
    def cache_tags(self):
        """What a cached page showing this body must follow ((see pagecache))."""
        return (
            [f"video:{video.pk}" for video in self.videos if video.pk]
            + [f"image:{image.pk}" for image in self.images]
            + [f"gallery:{gallery.pk}" for gallery in self.galleries]
            + self.hidden_tags
        )


def render(body, video_title=""):
    """``body`` (sanitised HTML) with its markers shown as video facades and gallery grids,
    and its library images as pictures (``body_images``).

    A video marker whose address is no YouTube or Vimeo video stays a link;
    one whose video is not in the library (deleted since) or not public
    still gets a facade, titled ``video_title`` (never the library item's own
    title, which may name a draft). A gallery that is not published is left out.
    """
    body = body or ""
    placed_images = body_images.image_ids(body)
    images = body_images.load_images(placed_images)
    if placed_images:
        body, hidden_images = body_images.render(body, images)
    if VIDEO_CLASS not in body and GALLERY_CLASS not in body:
        shown = BodyMedia(html=mark_safe(body))
    else:
        shown = render_players(body, video_title)
    if placed_images:
        shown.images = [images[pk] for pk in placed_images if pk in images]
        shown.hidden_tags += [f"image:{pk}" for pk in hidden_images]
    return shown


def render_players(body, video_title):
    """``body`` with its video and gallery markers shown as facades and grids."""
    refs = {}
    for url in video_addresses(body):
        try:
            refs[url] = video_urls.parse(url)
        except ValidationError:
            continue
    videos = load_videos(refs.values())
    placed_galleries = gallery_ids(body)
    galleries = load_galleries(placed_galleries)
    shown = BodyMedia(html="")
    shown.hidden_tags = [
        f"gallery:{pk}" for pk in dict.fromkeys(placed_galleries) if pk not in galleries
    ]

    def video(match):
        ref = refs.get(html.unescape(match["url"]))
        if ref is None:
            return match.group(0)
        found = videos.get((ref.provider, ref.video_id))
        if found is not None and not found.is_public:
            shown.hidden_tags.append(f"video:{found.pk}")
            found = None
        if found is None:
            found = Video(
                provider=ref.provider,
                video_id=ref.video_id,
                privacy_hash=ref.privacy_hash,
                title=video_title or html.unescape(match["url"]),
            )
        if found not in shown.videos:
            shown.videos.append(found)
        return render_to_string("media_gallery/includes/body_video.html", {"video": found})

    def gallery(match):
        found = galleries.get(int(match["pk"]))
        if found is None:
            return ""
        if found not in shown.galleries:
            shown.galleries.append(found)
        return render_to_string(
            "media_gallery/includes/body_gallery.html",
            {"gallery": found, "items": found.shown_items},
        )

    shown.html = mark_safe(GALLERY_MARKER.sub(gallery, VIDEO_MARKER.sub(video, body)))
    return shown


def load_videos(refs):
    """The library's videos for ``refs``, by (provider, video id), posters loaded,
    public or not (``render`` shows only the public ones, and follows the others)."""
    condition = Q()
    for ref in refs:
        condition |= Q(provider=ref.provider, video_id=ref.video_id)
    if not condition:
        return {}
    return {
        (video.provider, video.video_id): video
        for video in Video.objects.for_display().filter(condition)
    }


def load_galleries(pks):
    """The published galleries among ``pks``, by id, with their public items loaded."""
    if not pks:
        return {}
    galleries = Gallery.objects.published().filter(pk__in=pks)
    galleries = galleries.prefetch_related(
        Prefetch("items", queryset=GalleryItem.objects.public(), to_attr="shown_items")
    )
    return {gallery.pk: gallery for gallery in galleries}
