"""Old WordPress addresses answered with a redirect to where the content lives now.

``LegacyURLMiddleware`` acts only where the site would otherwise not answer:
on 404 responses (like django.contrib.redirects' fallback middleware);
``legacy_home_redirect`` on the home page asked for with WordPress's query
parameters (``/?p=123``), which would otherwise show the home page. Stored ``Redirect`` rows come
first, so editors can override any rule in the admin; then the rules below.
Only published content is a destination, so no old address reveals a draft.
Redirects are permanent (301), except to stored files (302, see ``file_redirect``).

Attachments answer from their record (``WordPressAttachment``):
``/?attachment_id=ID`` and the old attachment page lead to the media item's
page (or, while it has none, to the post it belonged to), and
``/wp-content/uploads/…`` to the item's file, or the nearest rendition of a
size WordPress made (``x-300x200.jpg``), through the storage API.

Searches (``?s=``) are left alone: the search app answers them.
"""

import re

from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from taggit.models import Tag

from media_gallery.image_files import ImageFiles
from posts.models import Category, Post, Redirect

from .attachments import UPLOADS_MARKERS
from .models import WordPressAttachment
from .permalinks import DATE_PERMALINK

# Query parameters WordPress answers on its home page.
QUERY_PARAMETERS = ("p", "page_id", "cat", "tag", "author", "feed", "attachment_id")
HOME_PATHS = ("/", "/index.php")
WORDPRESS_ID = re.compile(r"^\d{1,18}$")
SLUG = re.compile(r"^[\w%\u200c-]{1,200}$")  # \u200c: the ZWNJ of Persian slugs
MAX_PATH_LENGTH = 1000

FEED_SUFFIX = re.compile(
    r"^(?P<prefix>/.*?)?/feed(?:/(?P<type>rss2|rss|rdf|atom|comments-rss2))?/$"
)
OLD_FEED_FILES = {
    "/wp-atom.php": "posts:feed_atom",
    "/wp-rss.php": "posts:feed",
    "/wp-rss2.php": "posts:feed",
    "/wp-rdf.php": "posts:feed",
    "/wp-commentsrss2.php": "posts:feed",
}
SITEMAP = re.compile(r"^/(?:wp-sitemap[\w-]*|sitemap_index)\.xml$")
DAY_ARCHIVE = re.compile(r"^/(?P<year>\d{4})/(?P<month>\d{1,2})/\d{1,2}/?$")
# The sizes WordPress makes of an upload (x-300x200.jpg), and its big-image copies.
SIZE_SUFFIX = re.compile(r"-(?P<width>\d{1,5})x(?P<height>\d{1,5})(?=\.\w+$)")
EXTENSION = re.compile(r"(?=\.\w+$)")
EDITED_SUFFIXES = ("-scaled", "-rotated")


def legacy_home_redirect(get_response):
    """The home page asked for with WordPress's parameters (``/?p=123``, ``/?cat=5``…).

    Answered before the page cache, which keys pages on the parameters its
    views read: a cached home page must never stand in for one of these.
    """

    def middleware(request):
        if request.method in ("GET", "HEAD") and request.path in HOME_PATHS:
            parameters = legacy_query(request.GET)
            if parameters:
                return permanent_redirect(query_destination(parameters), request.path)
        return get_response(request)

    return middleware


class LegacyURLMiddleware:
    """Old addresses the site does not answer (404s), led to where their content is now."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            # No address holds a NUL byte (PostgreSQL cannot even store one): answer
            # before any view puts it in a query.
            raise Http404("No such address.")
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            if request.path == "/index.php":
                # WordPress's front controller: the home page, with whatever it was asked.
                query = request.META.get("QUERY_STRING", "")
                return HttpResponsePermanentRedirect(f"/?{query}" if query else "/")
            destination = path_destination(request.path)
            if isinstance(destination, StoredFile):
                return file_redirect(destination)
            if destination and destination != request.path:
                return HttpResponsePermanentRedirect(destination)
        return response


class StoredFile(str):
    """The address of a stored file, which ``path_destination`` may answer with."""


# How long browsers and proxies may keep an old file address's redirect.
FILE_REDIRECT_SECONDS = 3600


def file_redirect(file_url):
    """A temporary redirect to a stored file: which file answers changes (a size answered
    by the original until its rendition is made, a re-import replacing the file), so
    nobody may keep it for good, as they would a 301."""
    response = HttpResponseRedirect(file_url)
    patch_cache_control(response, public=True, max_age=FILE_REDIRECT_SECONDS)
    return response


def permanent_redirect(destination, current):
    if not destination or destination == current:
        raise Http404("No content at this old address.")
    return HttpResponsePermanentRedirect(destination)


def legacy_query(query):
    """The WordPress parameters of a home-page request, or None (searches included)."""
    if "s" in query:
        return None
    parameters = {name: query.get(name, "") for name in QUERY_PARAMETERS if query.get(name)}
    return parameters or None


def query_destination(parameters):
    """Where ``/?p=…``, ``/?cat=…``, ``/?feed=…`` and the like lead now, or None."""
    if any("\x00" in value or len(value) > MAX_PATH_LENGTH for value in parameters.values()):
        return None
    for name, value in parameters.items():
        if name == "feed":
            continue
        stored = Redirect.objects.destination_for(f"/?{name}={value}")
        if stored:
            return feed_of(stored, parameters)
    if "attachment_id" in parameters:
        if not WORDPRESS_ID.match(parameters["attachment_id"]):
            return None
        attachment = WordPressAttachment.objects.filter(wp_id=int(parameters["attachment_id"]))
        return attachment_destination(attachment.select_related("image", "video").first())
    if "p" in parameters or "page_id" in parameters:
        wp_id = parameters.get("p") or parameters.get("page_id")
        return post_url(wp_id)
    if "cat" in parameters:
        if not WORDPRESS_ID.match(parameters["cat"]):
            return None
        category = Category.objects.filter(wp_id=int(parameters["cat"])).first()
        return category and feed_of(category.get_absolute_url(), parameters)
    if "tag" in parameters:
        if not SLUG.match(parameters["tag"]):
            return None
        url = reverse("posts:tag", kwargs={"slug": parameters["tag"]})
        if not Tag.objects.filter(slug=parameters["tag"]).exists():
            url = Redirect.objects.destination_for(url)
        return url and feed_of(url, parameters)
    if "author" in parameters:
        return None
    return feed_url("", parameters["feed"])


def post_url(wp_id):
    if not WORDPRESS_ID.match(wp_id or ""):
        return None
    post = Post.objects.published().filter(wp_id=int(wp_id)).only("path", "kind").first()
    return post.get_absolute_url() if post else None


def feed_of(url, parameters):
    """``url``'s feed when ``feed=`` was asked for too (``/?cat=3&feed=rss2``)."""
    if "feed" not in parameters or not url.startswith(("/category/", "/tag/", "/author/")):
        return url
    return f"{url}feed/"


def feed_url(prefix, kind):
    """The feed for a listing at ``prefix`` ("" for the whole site)."""
    if not prefix:
        return reverse("posts:feed_atom" if kind == "atom" else "posts:feed")
    if prefix.startswith(("/category/", "/tag/", "/author/")):
        return f"{prefix}/feed/"
    # A post's comment feed, a date archive's feed…: the site feed is what is left.
    return reverse("posts:feed")


def path_destination(path):
    """Where an unanswered ``path`` leads now, or None: stored redirects, then old upload
    addresses (a ``StoredFile``), WordPress's address shapes (feeds, sitemaps, date
    permalinks), then a post with the last slug."""
    if len(path) > MAX_PATH_LENGTH:
        return None
    if "//" in path:
        return re.sub(r"/{2,}", "/", path)
    for candidate in dict.fromkeys([path, path if path.endswith("/") else f"{path}/"]):
        stored = Redirect.objects.destination_for(candidate)
        if stored:
            return stored
    if path.startswith(UPLOADS_MARKERS) and (file_url := uploaded_file_url(path)):
        return StoredFile(file_url)
    attachment = (
        WordPressAttachment.objects.filter(link_path__in=[path, f"{path.rstrip('/')}/"])
        .select_related("image", "video")
        .first()
    )
    if attachment is not None:
        return attachment_destination(attachment)
    if path.startswith("/index.php"):
        return path.removeprefix("/index.php") or "/"
    if path in OLD_FEED_FILES:
        return reverse(OLD_FEED_FILES[path])
    if path == "/comments/feed/":
        return reverse("posts:feed")
    if match := FEED_SUFFIX.match(path if path.endswith("/") else f"{path}/"):
        return feed_url(match.group("prefix") or "", match.group("type"))
    if SITEMAP.match(path):
        return reverse("sitemap")
    if match := DAY_ARCHIVE.match(path):
        return reverse(
            "posts:month", kwargs={"year": int(match["year"]), "month": int(match["month"])}
        )
    if match := DATE_PERMALINK.match(path):
        return published_post_with_slug(match.group("slug"))
    slug = path.rstrip("/").rpartition("/")[2]
    return published_post_with_slug(slug) if slug else None


def published_post_with_slug(slug):
    """The published post with ``slug``: WordPress guesses the same way on a 404."""
    if not SLUG.match(slug):
        return None
    post = Post.objects.published().posts().filter(slug=slug).only("path", "kind").first()
    return post.get_absolute_url() if post else None


def attachment_destination(attachment):
    """An attachment's media item page, or while it has no public one, its post."""
    if attachment is None:
        return None
    media = attachment.media
    if media is not None and media.is_public:
        return media.get_absolute_url()
    return post_url(str(attachment.parent_wp_id or ""))


def uploaded_file_url(path):
    """The address of the file an old ``/wp-content/uploads/…`` (or ``/files/…``) path named.

    ``x-300x200.jpg`` is a size WordPress made of ``x.jpg`` (or of its
    ``x-scaled.jpg`` big-image copy): the nearest rendition at least that
    wide answers it. Only published media are answered.
    """
    marker = next(marker for marker in UPLOADS_MARKERS if path.startswith(marker))
    wanted = path.removeprefix(marker)
    size = SIZE_SUFFIX.search(wanted)
    original = SIZE_SUFFIX.sub("", wanted, count=1) if size else wanted
    candidates = [wanted, original] + [
        EXTENSION.sub(suffix, original, count=1) for suffix in EDITED_SUFFIXES
    ]
    found = {
        attachment.file_path: attachment
        for attachment in WordPressAttachment.objects.filter(
            file_path__in=candidates
        ).with_public_media()
    }
    attachment = next((found[name] for name in candidates if name in found), None)
    if attachment is None:
        return None
    if attachment.image is not None:
        if size and attachment.file_path != wanted:
            return nearest_file(attachment.image, int(size["width"]), int(size["height"]))
        return attachment.image.file.url
    return attachment.video.file.url if attachment.video.file else None


def nearest_file(image, width, height):
    """The rendition that best stands in for WordPress's ``width`` x ``height`` size:
    a square crop for a square size (its thumbnails), else the nearest width."""
    sources = ImageFiles(image)
    if width == height:
        crop = next((crop for crop in sources.crops() if crop.width >= width), None)
        if crop is not None:
            return crop.url
    return sources.nearest(width).url
