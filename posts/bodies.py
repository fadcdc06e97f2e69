"""How a post's body is shown: as stored, or through a renderer another app provides.

A stored body may hold markers where media go (videos, galleries), which
the media app turns into players and grids when the post is shown
(``media_gallery.body_media``). The posts app knows nothing of media: the
media app registers its renderer when it starts (its ``AppConfig.ready``),
as it registers its schedule with the page cache.
"""

from dataclasses import dataclass, field

from django.utils.safestring import mark_safe


@dataclass
class ShownBody:
    """What a renderer returns: the HTML and what the page shows through it."""

    html: str
    has_media: bool = False
    gallery_ids: set = field(default_factory=set)
    # Cache tags of what the body shows (see pagecache).
    cache_tags: list = field(default_factory=list)


def as_stored(body, video_title=""):
    """The body as stored (sanitised when saved), for a site without a media renderer."""
    return ShownBody(html=mark_safe(body or ""))


_renderer = as_stored


def register_renderer(render):
    """``render(body, video_title=…)`` returns a ``ShownBody`` (or the same attributes)."""
    global _renderer
    _renderer = render


def show(post):
    """``post``'s body ready for its page."""
    return _renderer(post.body, video_title=post.title)
