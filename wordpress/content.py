"""WordPress post content converted to the body HTML we store, as WordPress renders it.

WordPress keeps raw markup and formats it on every page view. The import
does that formatting once, in WordPress's order: embeds on their own line,
block delimiters removed (their content kept), ``wpautop`` paragraphs for
classic (non-block) content, then shortcodes. The result is sanitised by
the Post model like any other body.

Videos and galleries become the markers the media app shows as players
and grids (``media_gallery.body_media``): a YouTube/Vimeo address is a video
marker at once; a gallery (``[gallery]`` shortcode or ``wp-block-gallery``
block) is a ``<p class="gallery-placeholder">`` holding its ``[gallery]``
shortcode until the import, with every attachment in, makes the gallery.
Conversion needs no database, so it can run in a worker process.
"""

import html
import re
from dataclasses import dataclass, field

from media_gallery.body_media import GALLERY_CLASS, video_marker
from posts.html import sanitize_html
from posts.models import MORE_MARKER

GALLERY_PLACEHOLDER = f'<p class="{GALLERY_CLASS}">'

VIDEO_URL = re.compile(
    r"^https?://(?:(?:www\.|m\.)?youtube(?:-nocookie)?\.com/(?:watch\?|embed/|shorts/|live/|v/)"
    r"|youtu\.be/|(?:www\.|player\.)?vimeo\.com/)",
    re.IGNORECASE,
)

# <!-- wp:name {"attrs"} --> … <!-- /wp:name -->, and self-closing <!-- wp:name /-->.
BLOCK_COMMENT = re.compile(
    r"<!--\s+(/?)wp:([a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)\s+(?:\{.*?\}\s+)?(/?)-->", re.DOTALL
)
MORE = re.compile(r"<!--more(?:.*?)?-->", re.DOTALL)
NO_TEASER = "<!--noteaser-->"
NEXT_PAGE = re.compile(r"<!--nextpage-->")

# An address alone on its line, or alone in a paragraph (WP_Embed::autoembed).
URL_LINE = re.compile(r'^([ \t]*)(https?://[^\s<>"]+)([ \t]*)$', re.IGNORECASE | re.MULTILINE)
URL_PARAGRAPH = re.compile(r'<p(?: [^>]*)?>\s*(https?://[^\s<>"]+)\s*</p>', re.IGNORECASE)
EMBED_SHORTCODE = re.compile(r"\[embed(?:\s[^\]]*)?\](.*?)\[/embed\]", re.IGNORECASE | re.DOTALL)

SHORTCODE_NAME = r"[A-Za-z][\w-]*"
# [name attrs], [name attrs /], or [name attrs]content[/name]; [[name]] is an escaped shortcode.
SHORTCODE = re.compile(
    r"\[(\[?)(" + SHORTCODE_NAME + r")(?![\w-])"
    r"([^\]\/]*(?:\/(?!\])[^\]\/]*)*?)"
    r"(?:(\/)\]|\](?:([^\[]*+(?:\[(?!\/\2\])[^\[]*+)*+)\[\/\2\])?)"
    r"(\]?)"
)
SHORTCODE_ATTRIBUTE = re.compile(
    r'([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*\'([^\']*)\'(?:\s|$)'
    r'|([\w-]+)\s*=\s*([^\s\'"]+)(?:\s|$)|"([^"]*)"(?:\s|$)|\'([^\']*)\'(?:\s|$)|(\S+)(?:\s|$)'
)
# A gallery block: its figure, the attachment ids of its images (wp-image-N classes,
# or data-id in blocks older than WordPress 5.9) and the gallery's own caption.
GALLERY_BLOCK = re.compile(r'<figure\b[^>]*\bclass="[^"]*\bwp-block-gallery\b[^>]*>', re.IGNORECASE)
FIGURE_TAG = re.compile(r"<(/?)figure\b[^>]*>", re.IGNORECASE)
GALLERY_IMAGE_ID = re.compile(r'\bwp-image-(\d{1,18})\b|\bdata-id="(\d{1,18})"')
GALLERY_BLOCK_CAPTION = re.compile(
    r'<figcaption\b[^>]*\bclass="[^"]*\bblocks-gallery-caption\b[^>]*>(.*?)</figcaption>',
    re.IGNORECASE | re.DOTALL,
)
CAPTION_MEDIA = re.compile(
    r"((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)", re.IGNORECASE | re.DOTALL
)
HANDLED_SHORTCODES = {"caption", "wp_caption", "gallery", "audio", "video", "embed"}
AUDIO_SOURCES = ("src", "mp3", "m4a", "ogg", "wav", "wma", "flac")
VIDEO_SOURCES = ("src", "mp4", "m4v", "webm", "ogv", "wmv", "flv")

BLOCK_TAGS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|"
    r"map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|"
    r"hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)
HTML_TAG_OR_COMMENT = re.compile(r"(<(?:!--.*?-->|[^>]*>?))", re.DOTALL)


@dataclass
class ConvertedContent:
    html: str
    unknown_shortcodes: set[str] = field(default_factory=set)
    dynamic_blocks: set[str] = field(default_factory=set)
    galleries: int = 0
    videos: int = 0


def convert(raw):
    """Body HTML for ``raw`` WordPress content, with what could not be converted listed."""
    result = ConvertedContent(html="")
    text = (raw or "").replace("\r\n", "\n").replace("\r", "\n")
    is_blocks = "<!-- wp:" in text
    text = embed_addresses(text, result)
    if "wp-block-gallery" in text:
        text = gallery_blocks(text)
    if is_blocks:
        text = remove_block_delimiters(text, result)
    text = mark_teaser(text, is_blocks)
    if not is_blocks:
        text = shortcode_unautop(wpautop(text))
    result.html = render_shortcodes(text, result).strip()
    return result


def gallery_blocks(text):
    """Gallery blocks as gallery placeholders of their images, the gallery's caption kept.

    A block whose images carry no attachment id is left as it is.
    """
    parts, position = [], 0
    while match := GALLERY_BLOCK.search(text, position):
        end = figure_end(text, match.start())
        if end is None:
            break
        block = text[match.start() : end]
        ids = dict.fromkeys(a or b for a, b in GALLERY_IMAGE_ID.findall(block))
        parts.append(text[position : match.start()] if ids else text[position:end])
        if ids:
            parts.append(f'{GALLERY_PLACEHOLDER}[gallery ids="{",".join(ids)}"]</p>')
            if caption := GALLERY_BLOCK_CAPTION.search(block):
                parts.append(f'<p class="gallery-caption">{caption.group(1).strip()}</p>')
        position = end
    parts.append(text[position:])
    return "".join(parts)


def figure_end(text, start):
    """Where the ``<figure>`` opened at ``start`` ends (after its ``</figure>``), or None."""
    depth = 0
    for tag in FIGURE_TAG.finditer(text, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return tag.end()
    return None


def remove_block_delimiters(text, result):
    """Drop ``<!-- wp:… -->`` comments, keeping what is between them.

    Self-closing blocks (latest posts, archives, search…) are drawn by
    WordPress at view time and have no content to keep; they are listed.
    """

    def replace(match):
        _closing, name, self_closing = match.groups()
        if self_closing:
            result.dynamic_blocks.add(name)
        return ""

    return BLOCK_COMMENT.sub(replace, text)


def mark_teaser(text, is_blocks):
    """Replace the first ``<!--more-->`` with the stored mark; drop page breaks."""
    text = text.replace(NO_TEASER, "")
    text = MORE.sub(lambda _match: MORE_MARKER, text, count=1)
    text = MORE.sub("", text)
    return NEXT_PAGE.sub("" if is_blocks else "\n\n", text)


def embed_addresses(text, result):
    """``[embed]`` and addresses alone on a line or paragraph, as WordPress auto-embeds them."""
    text = EMBED_SHORTCODE.sub(lambda match: embed_html(match.group(1).strip(), result), text)
    if "http" not in text:
        return text
    text = hide_newlines_in_tags(text)
    text = URL_LINE.sub(
        lambda match: match.group(1) + embed_html(match.group(2), result) + match.group(3), text
    )
    text = URL_PARAGRAPH.sub(lambda match: embed_html(match.group(1), result), text)
    return text.replace(NEWLINE_IN_TAG, "\n")


def embed_html(url, result):
    """A video address becomes the marker the media app shows as a player; any other
    address a plain link, as WordPress shows an address it cannot embed."""
    url = html.unescape(url)
    if VIDEO_URL.match(url):
        result.videos += 1
        return video_marker(url)
    url = html.escape(url, quote=True)
    return f'<a href="{url}">{url}</a>'


NEWLINE_IN_TAG = "\x00wpnl\x00"


def hide_newlines_in_tags(text, placeholder=NEWLINE_IN_TAG):
    """Replace newlines inside tags and comments, so line-based rules see text lines only."""
    parts = HTML_TAG_OR_COMMENT.split(text)
    for index in range(1, len(parts), 2):
        parts[index] = parts[index].replace("\n", placeholder)
    return "".join(parts)


# wpautop's rules, in its order.
PRE_BLOCK = re.compile(r"<pre.*?</pre>", re.DOTALL)
DOUBLE_BR = re.compile(r"<br\s*/?>\s*<br\s*/?>")
BLOCK_OPEN = re.compile(r"(<" + BLOCK_TAGS + r"[\s/>])")
BLOCK_CLOSE = re.compile(r"(</" + BLOCK_TAGS + r">)")
HR = re.compile(r"(<hr\s*?/?>)")
OPTION_BEFORE, OPTION_AFTER = re.compile(r"\s*<option"), re.compile(r"</option>\s*")
OBJECT_OPEN, OBJECT_CLOSE = re.compile(r"(<object[^>]*>)\s*"), re.compile(r"\s*</object>")
OBJECT_PARTS = re.compile(r"\s*(</?(?:param|embed)[^>]*>)\s*")
MEDIA_OPEN = re.compile(r"([<\[](?:audio|video)[^>\]]*[>\]])\s*")
MEDIA_CLOSE = re.compile(r"\s*([<\[]/(?:audio|video)[>\]])")
MEDIA_SOURCES = re.compile(r"\s*(<(?:source|track)[^>]*>)\s*")
FIGCAPTION_OPEN, FIGCAPTION_CLOSE = (
    re.compile(r"\s*(<figcaption[^>]*>)"),
    re.compile(r"</figcaption>\s*"),
)
MANY_NEWLINES = re.compile(r"\n\n+")
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
EMPTY_PARAGRAPH = re.compile(r"<p>\s*</p>")
UNCLOSED_IN_CONTAINER = re.compile(r"<p>([^<]+)</(div|address|form)>")
WRAPPED_BLOCK_TAG = re.compile(r"<p>\s*(</?" + BLOCK_TAGS + r"[^>]*>)\s*</p>")
WRAPPED_LIST_ITEM = re.compile(r"<p>(<li.+?)</p>")
WRAPPED_BLOCKQUOTE = re.compile(r"<p><blockquote([^>]*)>", re.IGNORECASE)
P_BEFORE_BLOCK = re.compile(r"<p>\s*(</?" + BLOCK_TAGS + r"[^>]*>)")
P_AFTER_BLOCK = re.compile(r"(</?" + BLOCK_TAGS + r"[^>]*>)\s*</p>")
KEEP_NEWLINES = re.compile(r"<(script|style|svg).*?</\1>", re.DOTALL)
LINE_BREAK = re.compile(r"(?<!<br />)\s*\n")
BR_AFTER_BLOCK = re.compile(r"(</?" + BLOCK_TAGS + r"[^>]*>)\s*<br />")
BR_BEFORE_BLOCK = re.compile(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)")
TRAILING_NEWLINE = re.compile(r"\n</p>$")


def wpautop(text):
    """Paragraphs and line breaks from blank lines and newlines, as WordPress's wpautop.

    The rules of wp-includes/formatting.php, in its order: ``<pre>`` untouched,
    block-level tags never wrapped in ``<p>``, single newlines become ``<br />``
    outside scripts and styles.
    """
    if not text.strip():
        return ""
    text += "\n"
    pre_blocks = {}

    def set_pre_aside(match):
        placeholder = f"<pre wp-pre-tag-{len(pre_blocks)}></pre>"
        pre_blocks[placeholder] = match.group(0)
        return placeholder

    if "<pre" in text:
        text = PRE_BLOCK.sub(set_pre_aside, text)
    text = DOUBLE_BR.sub("\n\n", text)
    text = BLOCK_OPEN.sub(r"\n\n\1", text)
    text = BLOCK_CLOSE.sub(r"\1\n\n", text)
    text = HR.sub(r"\1\n\n", text)
    text = hide_newlines_in_tags(text, " <!-- wpnl --> ")
    if "<option" in text:
        text = OPTION_AFTER.sub("</option>", OPTION_BEFORE.sub("<option", text))
    if "</object>" in text:
        text = OBJECT_CLOSE.sub("</object>", OBJECT_OPEN.sub(r"\1", text))
        text = OBJECT_PARTS.sub(r"\1", text)
    if "<source" in text or "<track" in text:
        text = MEDIA_CLOSE.sub(r"\1", MEDIA_OPEN.sub(r"\1", text))
        text = MEDIA_SOURCES.sub(r"\1", text)
    if "<figcaption" in text:
        text = FIGCAPTION_CLOSE.sub("</figcaption>", FIGCAPTION_OPEN.sub(r"\1", text))
    text = MANY_NEWLINES.sub("\n\n", text)
    paragraphs = [part for part in PARAGRAPH_BREAK.split(text) if part]
    text = "".join(f"<p>{part.strip(chr(10))}</p>\n" for part in paragraphs)
    text = EMPTY_PARAGRAPH.sub("", text)
    text = UNCLOSED_IN_CONTAINER.sub(r"<p>\1</p></\2>", text)
    text = WRAPPED_BLOCK_TAG.sub(r"\1", text)
    text = WRAPPED_LIST_ITEM.sub(r"\1", text)
    text = WRAPPED_BLOCKQUOTE.sub(r"<blockquote\1><p>", text)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = P_BEFORE_BLOCK.sub(r"\1", text)
    text = P_AFTER_BLOCK.sub(r"\1", text)
    text = KEEP_NEWLINES.sub(
        lambda match: match.group(0).replace("\n", "<WPPreserveNewline />"), text
    )
    text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
    text = LINE_BREAK.sub("<br />\n", text)
    text = text.replace("<WPPreserveNewline />", "\n")
    text = BR_AFTER_BLOCK.sub(r"\1", text)
    text = BR_BEFORE_BLOCK.sub(r"\1", text)
    text = TRAILING_NEWLINE.sub("</p>", text)
    for placeholder, block in pre_blocks.items():
        text = text.replace(placeholder, block)
    return text.replace(" <!-- wpnl --> ", "\n").replace("<!-- wpnl -->", "\n")


def rich_text(raw):
    """A caption or description from WordPress (HTML whose paragraphs are blank lines,
    as its excerpts and term descriptions are kept) as stored here: the HTML WordPress
    shows, sanitised. Entities stay entities: ``&amp;`` is shown as "&", as there."""
    return sanitize_html(wpautop(raw or "")).strip()


UNAUTOP = re.compile(
    r"<p>\s*(\[(" + "|".join(sorted(HANDLED_SHORTCODES)) + r")(?![\w-])"
    r"[^\]\/]*(?:\/(?!\])[^\]\/]*)*?(?:\/\]|\](?:[^\[]*+(?:\[(?!\/\2\])[^\[]*+)*+\[\/\2\])?))"
    r"\s*</p>",
)


def shortcode_unautop(text):
    """Unwrap the shortcodes we render from the ``<p>`` wpautop put around them."""
    return UNAUTOP.sub(r"\1", text)


def render_shortcodes(text, result):
    """Captions, audio and video as HTML; galleries as placeholders; others left as text."""

    def replace(match):
        escaped_open, name, attributes, _self_closing, content, escaped_close = match.groups()
        if escaped_open and escaped_close:
            return match.group(0)[1:-1]
        renderer = SHORTCODE_RENDERERS.get(name.lower())
        if renderer is None:
            result.unknown_shortcodes.add(name)
            return match.group(0)
        if match.string.endswith(GALLERY_PLACEHOLDER, 0, match.start()):
            # Already a placeholder (content exported by this site and read back).
            result.galleries += 1
            return match.group(0)
        return renderer(parse_attributes(attributes), content or "", match.group(0), result)

    return SHORTCODE.sub(replace, text)


def parse_attributes(text):
    """Shortcode attributes as WordPress reads them: named (lower-cased) and positional."""
    attributes, position = {}, 0
    text = text.replace("\u00a0", " ").replace("\u200b", " ")
    for match in SHORTCODE_ATTRIBUTE.finditer(text.strip() + " "):
        groups = match.groups()
        if groups[0]:
            attributes[groups[0].lower()] = groups[1]
        elif groups[2]:
            attributes[groups[2].lower()] = groups[3]
        elif groups[4]:
            attributes[groups[4].lower()] = groups[5]
        else:
            value = next(group for group in groups[6:] if group is not None)
            attributes[position] = value
            position += 1
    return attributes


def render_caption(attributes, content, _original, result):
    """``[caption]`` as ``<figure>`` with ``<figcaption>``, as HTML5 WordPress themes render it."""
    caption = attributes.get("caption")
    if caption is None:
        match = CAPTION_MEDIA.match(content.strip())
        if match:
            content, caption = match.group(1), match.group(2).strip()
        else:
            caption = ""
    content = render_shortcodes(content, result)
    classes = " ".join(
        part
        for part in ["wp-caption", attributes.get("align", ""), attributes.get("class", "")]
        if part
    )
    identifier = attributes.get("id", "")
    id_attribute = f' id="{html.escape(identifier)}"' if identifier else ""
    figcaption = f'<figcaption class="wp-caption-text">{caption}</figcaption>' if caption else ""
    return f'<figure{id_attribute} class="{html.escape(classes)}">{content.strip()}{figcaption}</figure>'


def render_gallery(_attributes, _content, original, result):
    result.galleries += 1
    return f"{GALLERY_PLACEHOLDER}{original}</p>"


def media_address(attributes, names):
    for name in names:
        if attributes.get(name):
            return attributes[name]
    return attributes.get(0, "")


def render_audio(attributes, content, _original, _result):
    address = html.escape(html.unescape(media_address(attributes, AUDIO_SOURCES)), quote=True)
    if not address:
        return content
    return (
        f'<audio class="wp-audio-shortcode" controls preload="none" src="{address}">'
        f'<a href="{address}">{address}</a></audio>'
    )


def render_video(attributes, content, _original, _result):
    address = html.escape(html.unescape(media_address(attributes, VIDEO_SOURCES)), quote=True)
    if not address:
        return content
    poster = attributes.get("poster", "")
    poster_attribute = (
        f' poster="{html.escape(html.unescape(poster), quote=True)}"' if poster else ""
    )
    return (
        f'<video class="wp-video-shortcode" controls preload="metadata" src="{address}"'
        f'{poster_attribute}><a href="{address}">{address}</a></video>'
    )


SHORTCODE_RENDERERS = {
    "caption": render_caption,
    "wp_caption": render_caption,
    "gallery": render_gallery,
    "audio": render_audio,
    "video": render_video,
}


def plain_title(value):
    """A WordPress title (which may hold inline HTML and entities) as plain text."""
    text = re.sub(r"<[^>]*>", "", value or "")
    return re.sub(r"\s+", " ", html.unescape(text)).strip()
