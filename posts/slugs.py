"""Slugs: which ones the site's own addresses keep, and how duplicates are told apart."""

from urllib.parse import quote

from django.utils.text import slugify

# The longest slug made from a title, percent-encoded: WordPress keeps 200 encoded
# characters, and unique_slug may add "-2"….
TITLE_SLUG_LENGTH = 190

# First path segments the site's own addresses use: a top-level post or page
# there could never be reached. All-digit slugs are year archives.
RESERVED_SLUGS = frozenset(
    """admin author category feed gallery healthz media page photos preview protected
    robots.txt search sitemap.xml static tag videos wp-admin wp-content wp-sitemap.xml""".split()
)


def slug_is_free(slug):
    """Whether a top-level post or page at ``/<slug>/`` would be reachable."""
    return slug not in RESERVED_SLUGS and not slug.isdigit() and not slug.startswith("sitemap")


def unique_slug(base, others, allowed=None):
    """``base``, or ``base-2``, ``base-3``…: the first that no row of ``others`` uses
    (and that ``allowed(slug)`` accepts), as WordPress makes duplicate slugs unique."""
    taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, counter = base, 2
    while slug in taken or (allowed is not None and not allowed(slug)):
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


def title_slug(title, limit):
    """The slug made from ``title``, at most ``limit`` characters once percent-encoded.

    Addresses carry non-ASCII slugs percent-encoded (a Persian letter is six
    characters), and WordPress keeps only 200 of them: a slug made here is cut
    to fit, at a word where one ends in time, so that it survives an export.
    """
    slug = slugify(title, allow_unicode=True)
    if len(quote(slug, safe="-_.~")) <= limit:
        return slug
    kept, length = [], 0
    for character in slug:
        length += len(quote(character, safe="-_.~"))
        if length > limit:
            break
        kept.append(character)
    cut = "".join(kept)
    if slug[len(cut)] != "-" and "-" in cut:
        cut = cut.rsplit("-", 1)[0]  # the word cut through goes whole
    return cut.strip("-")
