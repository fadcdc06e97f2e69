"""Slugs: which ones the site's own addresses keep, and how duplicates are told apart."""

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
