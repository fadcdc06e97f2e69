"""Items of an export as the posts and pages they become.

Which items are content (``CONTENT_TYPES``, ``STATUSES``) and, for each,
the ``Post`` to write: its converted body and its fields derived as
``Post.save()`` would, since the bulk writes of ``batches`` bypass it.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.conf import settings

from posts.models import Post

from .reader import Item
from .terms import decode_slug, item_terms

STATUSES = {
    "publish": Post.Status.PUBLISHED,
    "future": Post.Status.SCHEDULED,
    "draft": Post.Status.DRAFT,
    "pending": Post.Status.PENDING,
    "private": Post.Status.PRIVATE,
}
# Statuses WordPress uses for what is not content: counted and skipped.
SKIPPED_STATUSES = {"trash", "auto-draft", "inherit"}
CONTENT_TYPES = {"post": Post.Kind.POST, "page": Post.Kind.PAGE}


def parse_date(value, zone):
    """A WordPress ``Y-m-d H:i:s`` date in ``zone``; None for empty or zero dates."""
    value = (value or "").strip()
    if not value or value.startswith("0000"):
        return None
    try:
        naive = datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    if naive.tzinfo is not None:
        return None
    return naive.replace(tzinfo=zone)


@dataclass(eq=False)
class Incoming:
    """An item on its way in: the post to write and what goes with it."""

    item: Item
    post: Post
    category_slugs: list[tuple[str, str]]
    tag_slugs: list[tuple[str, str]]
    existing: Post | None = None


class ItemPreparer:
    """Makes the post of each item, noting in the report what its conversion found."""

    def __init__(self, report):
        self.report = report
        self.site_zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)

    def prepare(self, item, kind, converted):
        """The post for ``item`` with its converted body, derived as ``Post.save()`` would."""
        # Sorted: a set's order changes from run to run, and ties in the summary keep it.
        self.report.unknown_shortcodes.update(sorted(converted.unknown_shortcodes))
        self.report.dynamic_blocks.update(sorted(converted.dynamic_blocks))
        self.report.galleries += converted.galleries
        self.report.videos += converted.videos
        title = converted.title
        if len(title) > 300:
            self.report.note("title longer than 300 characters: shortened", item.line)
        status = STATUSES[item.status]
        link = item.link if len(item.link) <= 500 else ""
        post = Post(
            kind=kind,
            title=title[:300],
            slug=decode_slug(item.slug),
            body=converted.body,
            summary=converted.summary,
            excerpt=item.excerpt.strip(),
            status=status,
            published_at=self.publication_date(item, status),
            sticky=item.is_sticky and kind == Post.Kind.POST,
            menu_order=item.menu_order,
            password=item.password[:255],
            wp_id=item.wp_id,
            wp_url=link,
            wp_thumbnail_id=self.thumbnail_id(item),
        )
        post.normalise_publication()
        post.language = converted.language
        categories, tags, others = item_terms(item)
        self.report.ignored_taxonomies.update(others)
        if kind != Post.Kind.POST:
            categories = []  # pages have none
        return Incoming(item=item, post=post, category_slugs=categories, tag_slugs=tags)

    def publication_date(self, item, status):
        """The GMT date; the local date (site time zone) when WordPress left GMT empty,
        except for drafts and pending posts, whose date WordPress sets on publishing."""
        date = parse_date(item.post_date_gmt, datetime.UTC)
        if date is None and status not in (Post.Status.DRAFT, Post.Status.PENDING):
            date = parse_date(item.post_date, self.site_zone)
            if date is None:
                self.report.note("no usable publication date; the import time is used", item.line)
        return date

    def thumbnail_id(self, item):
        value = item.meta.get("_thumbnail_id", "").strip()
        if value.isascii() and value.isdigit() and 0 < len(value) <= 18:
            self.report.featured_images += 1
            return int(value)
        return None
