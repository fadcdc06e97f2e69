"""Library images placed in post bodies: stored as references, shown through renditions.

The editor stores an image as ``<figure data-image="12" data-size="half"
data-align="left"><img alt="…"><figcaption>…</figcaption></figure>``: the
image's id, how it is laid out, and the alt text and caption written for
this post. No file address is stored, so a replaced file, new renditions or
a moved media origin never leave a stale link in a body. When the post is
shown the figure becomes a ``picture`` (WebP and original-format ``srcset``)
of the image as it is now. An image that was deleted or is not public is
left out with its caption: a visitor never sees a broken image, nor the
caption of a draft.
"""

import html
import re
from dataclasses import dataclass

from django.template.loader import render_to_string

from .models import Image

FIGURE = re.compile(
    r'<figure (?P<attrs>[^>]*\bdata-image="(?P<pk>\d{1,18})"[^>]*)>(?P<inner>.*?)</figure>',
    re.DOTALL,
)
ATTRIBUTE = re.compile(r'(?P<name>[\w-]+)="(?P<value>[^"]*)"')
ALT = re.compile(r'<img [^>]*\balt="(?P<alt>[^"]*)"')
CAPTION = re.compile(r"<figcaption>(?P<caption>.*?)</figcaption>", re.DOTALL)

SIZES = {
    # What the picture occupies, for the browser's choice among the renditions.
    "full": "(min-width: 60rem) 44rem, calc(100vw - 2rem)",
    "half": "(min-width: 60rem) 22rem, calc(50vw - 1rem)",
    "thumbnail": "10rem",
}
ALIGNMENTS = ("center", "left", "right")


def image_ids(body):
    """Ids of the library images placed in ``body``, in order, without repeats."""
    return list(dict.fromkeys(int(match["pk"]) for match in FIGURE.finditer(body or "")))


@dataclass
class Placement:
    """One library image as a body places it: which image, how, with what words."""

    pk: int
    size: str
    align: str
    alt: str  # plain text, as written for this post ("" to use the library's)
    caption: str  # sanitised HTML, as stored with the body

    @classmethod
    def of(cls, match):
        """The placement a ``FIGURE`` match describes; unknown layouts read as the defaults."""
        attrs = {m["name"]: m["value"] for m in ATTRIBUTE.finditer(match["attrs"])}
        alt = ALT.search(match["inner"])
        caption = CAPTION.search(match["inner"])
        return cls(
            pk=int(match["pk"]),
            size=attrs.get("data-size") if attrs.get("data-size") in SIZES else "full",
            align=attrs.get("data-align") if attrs.get("data-align") in ALIGNMENTS else "center",
            alt=html.unescape(alt["alt"]) if alt else "",
            caption=caption["caption"] if caption else "",
        )


def render(body, images):
    """``body`` with its image references shown from ``images`` (public images by id).

    Returns the HTML and the ids of the placed images not shown (deleted or not
    public), whose publication must refresh the page.
    """
    hidden = []

    def figure(match):
        placed = Placement.of(match)
        image = images.get(placed.pk)
        if image is None:
            hidden.append(placed.pk)
            return ""
        return render_to_string(
            "media_gallery/includes/body_image.html",
            {
                "image": image,
                "size": placed.size,
                "align": placed.align,
                "sizes": SIZES[placed.size],
                # The alt text written for this post, else the library's.
                "alt": placed.alt or image.alt,
                # Sanitised with the body: safe to show as it is.
                "caption": placed.caption,
            },
        ).strip()

    return FIGURE.sub(figure, body), list(dict.fromkeys(hidden))


def load_images(pks):
    """The public images among ``pks``, by id, with their renditions loaded."""
    if not pks:
        return {}
    images = Image.objects.published().filter(pk__in=pks).prefetch_related("renditions")
    return {image.pk: image for image in images}
