"""Cleaning editor and imported HTML, and deriving plain text from it.

Everything shown with ``|safe`` in a template passed through
``sanitize_html`` when it was stored: scripts, event handlers, inline styles,
``javascript:`` URLs and unknown tags never reach a visitor.
"""

import html
import re

import nh3
from django.utils.html import linebreaks
from django.utils.text import Truncator

ALLOWED_TAGS = nh3.ALLOWED_TAGS | {"audio", "source", "video", "figure", "figcaption"}

ALLOWED_ATTRIBUTES = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": {"class", "dir", "id", "lang", "title"},
    "a": {"href", "hreflang", "target"},
    # A library image placed by the editor: a reference the media app renders
    # (media_gallery/body_images.py), not a file address.
    "figure": {"data-image", "data-size", "data-align"},
    "img": {"alt", "src", "srcset", "sizes", "width", "height", "loading", "decoding"},
    # data-type: the editor's name of the list style (its own copy of "type").
    "ol": {"start", "reversed", "type", "data-type"},
    "th": {"abbr", "colspan", "headers", "rowspan", "scope"},
    "td": {"colspan", "headers", "rowspan"},
    "time": {"datetime"},
    "video": {"src", "controls", "poster", "width", "height", "preload", "playsinline"},
    "audio": {"src", "controls", "preload"},
    "source": {"src", "type", "srcset", "sizes", "media"},
}

# Links open other sites without handing them this page (window.opener) or
# the visitor's reading history (Referer): both matter on an activist site.
LINK_REL = "noopener noreferrer"

TAG_RE = re.compile(r"<[^>]*>")
SPACE_RE = re.compile(r"\s+")

EXCERPT_WORDS = 55

# Media blocks are left out of automatic excerpts, as WordPress leaves out its
# [caption], [gallery] and [video] shortcodes and image blocks: figures (a
# library image with its caption) and the media app's video and gallery
# markers (media_gallery/body_media.py: a paragraph holding only its link),
# whose link text is an address or a gallery's title. The page leaves out what is deleted or a draft, and the
# excerpt (listings, feeds, meta descriptions) must not show it either.
# Sanitised HTML escapes "<" and ">" inside attribute values, so a tag ends at
# the first ">".
MEDIA_BLOCK_RE = re.compile(
    r"<figure\b[^>]*>.*?</figure>"
    r'|<p class="(?:video|gallery)-placeholder"[^>]*><a [^>]*>[^<]*</a></p>',
    re.DOTALL | re.IGNORECASE,
)


def sanitize_html(value):
    """Return ``value`` with only safe tags, attributes and URL schemes left."""
    return nh3.clean(
        value or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def text_to_html(value):
    """Plain text as the HTML the editor writes: escaped (a ``<`` or ``&`` stays a
    character), a paragraph per blank-line-separated block, ``<br>`` at other line ends.

    Captions and descriptions were plain text before they had the editor; this
    is how they are carried over, so they look as they did."""
    return linebreaks(value or "", autoescape=True)


PARAGRAPH_END = re.compile(r"</(?:p|h[1-6]|li|blockquote)>|<br\s*/?>", re.IGNORECASE)


def html_to_paragraphs(value):
    """``text_to_html`` undone: plain text with a blank line between paragraphs."""
    parts = (html_to_text(part) for part in PARAGRAPH_END.split(value or ""))
    return "\n\n".join(part for part in parts if part)


def html_to_text(value):
    """Plain text of an HTML fragment, with block boundaries kept as spaces."""
    return sanitized_html_to_text(sanitize_html(value))


def sanitized_html_to_text(value):
    """``html_to_text`` for HTML already through ``sanitize_html`` (as stored bodies are)."""
    text = html.unescape(TAG_RE.sub(" ", value or ""))
    return SPACE_RE.sub(" ", text).strip()


def excerpt_from_html(value, words=EXCERPT_WORDS):
    """The first ``words`` words of the text, without media blocks, as WordPress makes
    automatic excerpts."""
    text = sanitized_html_to_text(MEDIA_BLOCK_RE.sub(" ", sanitize_html(value)))
    return Truncator(text).words(words, truncate="…")
