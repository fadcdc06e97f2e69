"""The sidebar shown on every page: Recent Posts, Categories with counts, the menu of pages.

All are cached under the version of the ``sidebar`` cache tag (see
pagecache), which changes whenever a post or a category changes in
a way the sidebar shows, and expire by themselves when the next scheduled
post is due, so they are never stale and never recomputed on every request.
"""

from dataclasses import dataclass

from django.db.models import Count, Min

import pagecache

from .cached import cached_for_content
from .models import Category, Post

RECENT_POSTS = 5
MENU_PAGES = 8
# Every cache tag of pages showing posts; a bulk write bumps them all.
POST_TAGS = ("sidebar", "listings", "search", "posts")


def content_changed():
    """Everything shown about posts and categories may have changed (bulk writes)."""
    pagecache.bump(*POST_TAGS)


def next_scheduled_post():
    """When the next scheduled post goes live (pages showing posts expire then)."""
    return Post.objects.upcoming().aggregate(due=Min("published_at"))["due"]


def recent_posts():
    return cached_for_content(
        "recent-posts",
        lambda: list(
            Post.objects.published()
            .posts()
            .newest_first()
            .only("title", "path", "published_at")[:RECENT_POSTS]
        ),
    )


@dataclass(frozen=True)
class CategoryCount:
    category: Category
    depth: int
    count: int


def category_counts():
    """Categories in tree order with their number of published posts.

    A category counts the posts of its whole subtree, each post once, as a
    visitor clicking it will see; empty categories are left out.
    """
    return cached_for_content("category-counts", compute_category_counts)


def published_counts_by_category():
    """Category id -> published posts in its subtree (empty categories absent)."""
    return {entry.category.pk: entry.count for entry in category_counts()}


def compute_category_counts():
    categories = Category.objects.in_tree_order()
    published = Post.objects.published().posts()
    direct = dict(
        published.filter(categories__isnull=False)
        .values_list("categories")
        .annotate(n=Count("pk"))
        .values_list("categories", "n")
    )
    parent_ids = {c.parent_id for c in categories if c.parent_id}
    counts = []
    for category in categories:
        if category.pk in parent_ids:
            count = published.in_categories(Category.objects.subtree(category)).count()
        else:
            count = direct.get(category.pk, 0)
        if count:
            counts.append(CategoryCount(category, category.depth, count))
    return counts


def menu_pages():
    """The first top-level published pages, in their menu order, for the main navigation.

    Bounded: an imported site may have thousands of pages, and a menu of
    them all would cost every page of the site its rendering time.
    """
    return cached_for_content(
        "menu-pages",
        lambda: list(
            Post.objects.published()
            .pages()
            .filter(parent__isnull=True)
            .order_by("menu_order", "title")
            .only("title", "path", "kind")[:MENU_PAGES]
        ),
    )


def published_post_count():
    """How many posts visitors can see (the home page's pagination), cached like the widgets."""
    return cached_for_content("post-count", lambda: Post.objects.published().posts().count())


def published_tag_count(tag):
    """How many published posts carry ``tag`` (its archive's pagination).

    Cached under the ``listings`` tag, which a published post's tags, status
    or date changing bumps (a draft's do not), so a tag archive does not
    count and join every tagged post on each view.
    """
    return cached_for_content(
        f"tag-count:{tag.pk}",
        lambda: Post.objects.published().posts().tagged(tag).count(),
        tag="listings",
    )
