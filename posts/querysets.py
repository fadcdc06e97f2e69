"""What the app asks of its tables: who may see what, trees, old addresses.

Query logic lives here, on the querysets behind each model's manager, so
views, feeds, sitemaps, widgets and the search index all ask the same
question the same way. Each refers to its own model as ``self.model``.
"""

from urllib.parse import unquote

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from .cached import cached_for_content
from .tree import PATH_SEPARATOR


class CategoryQuerySet(models.QuerySet):
    def subtree(self, category):
        """The category and all its descendants, at any depth."""
        return self.filter(Q(pk=category.pk) | Q(path__startswith=category.path + PATH_SEPARATOR))

    def tree(self):
        """Every category in tree order (for choice lists and facets), cached like the
        sidebar: until a category or a post's categories change."""
        return cached_for_content("category-tree", lambda: self.in_tree_order())

    def in_tree_order(self):
        """Categories sorted depth-first, siblings by name, as the tree is shown.

        Ordering by the stored path in SQL would put "a-b" between "a" and
        "a/child" (and PostgreSQL collations may ignore punctuation), so the
        order is computed from the segments in Python; the table is small.
        """
        categories = list(self)
        by_path = {c.path: c for c in categories}

        def key(category):
            segments = category.path.split(PATH_SEPARATOR)
            names = []
            for depth in range(1, len(segments) + 1):
                ancestor = by_path.get(PATH_SEPARATOR.join(segments[:depth]))
                names.append((ancestor.name.casefold(), ancestor.pk) if ancestor else ("", 0))
            return names

        return sorted(categories, key=key)


class PostQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: published, and dated now or earlier.

        A scheduled post counts as published once its date has passed, so it
        appears on time without a cron job. Every public view, feed, sitemap,
        widget, count and search result starts from this method.
        """
        return self.listed().filter(published_at__lte=timezone.now())

    def listed(self):
        """The status half of ``published()``: public now or from their date on."""
        return self.filter(status__in=self.model.LISTED_STATUSES)

    def upcoming(self):
        """Posts that will become public at their date, with no further change."""
        return self.listed().filter(published_at__gt=timezone.now())

    def posts(self):
        return self.filter(kind=self.model.Kind.POST)

    def pages(self):
        return self.filter(kind=self.model.Kind.PAGE)

    def in_categories(self, categories):
        """Posts filed under any of ``categories`` (a queryset), without duplicates."""
        through = self.model.categories.through.objects.filter(category__in=categories)
        return self.filter(pk__in=through.values("post_id"))

    def tagged(self, tag):
        """Posts carrying ``tag``, as a semi-join like ``in_categories``: a plain join
        makes PostgreSQL hash every listed post against the tag's items before
        sorting (3x slower on a 10k-post tag archive, growing with the site)."""
        content_type = ContentType.objects.get_for_model(self.model)
        items = self.model.tags.through.objects.filter(tag=tag, content_type=content_type)
        return self.filter(pk__in=items.values("object_id"))

    def for_listing(self):
        """What a listing page shows of each post, in a fixed number of queries."""
        return (
            self.select_related("author__author_profile", "featured_image")
            .prefetch_related("categories", "featured_image__renditions")
            .defer("body", "excerpt", "wp_url")
        )

    def newest_first(self):
        return self.order_by("-published_at", "-pk")


class AuthorProfileQuerySet(models.QuerySet):
    def public(self):
        """Authors visitors may know of: those with a published post.

        Until then their archive, its feed and their old addresses are 404s,
        so an account that has not published is not revealed.
        """
        posts = apps.get_model("posts", "Post").objects.published().posts()
        return self.filter(Exists(posts.filter(author=OuterRef("user_id"))))

    def at_address(self, slug):
        """The author ``/author/<slug>/`` is about: the one with that slug, else the one
        who had it before (their old address is kept as a redirect); None for neither.
        The caller redirects when the slug it was asked for is an old one."""
        return (
            self.filter(slug=slug).first()
            or self.filter(redirects__old_path=author_path(slug)).first()
        )

    def ensure(self, user):
        """``user``'s profile, made if they have none. A profile still on its placeholder
        slug (``author-<id>``) takes one from the name once the account has a name."""
        profile = self.filter(user=user).first() or self.model(user=user)
        profile.user = user  # as just saved, with its current name
        if profile.pk is None or (profile.has_placeholder_slug() and profile.own_name):
            profile.save()
        return profile


def author_path(slug):
    """The path of ``slug``'s archive as requests carry it (decoded), as redirects store it."""
    return unquote(reverse("posts:author", kwargs={"slug": slug}))


class RedirectQuerySet(models.QuerySet):
    def destination_for(self, old_path):
        """Where a visitor asking for ``old_path`` should go now, or None.

        Only published posts and pages, and authors who have published, are
        destinations, so an old address never reveals a draft's new one.
        """
        redirect = (
            self.filter(old_path=old_path).select_related("post", "category", "author").first()
        )
        return redirect.destination() if redirect else None

    def record(self, redirects):
        """Store ``redirects`` (made by an import), replacing those already kept for the
        same old addresses, except the ones people made by hand."""
        unique = {redirect.old_path[:1000]: redirect for redirect in redirects}
        manual = set(
            self.filter(old_path__in=unique, origin=self.model.Origin.MANUAL).values_list(
                "old_path", flat=True
            )
        )
        for path, redirect in unique.items():
            redirect.old_path = path
        self.bulk_create(
            [redirect for path, redirect in unique.items() if path not in manual],
            update_conflicts=True,
            unique_fields=["old_path"],
            update_fields=["post", "category", "author", "target_url", "origin"],
        )

    def remember_move(self, post, old_path):
        """Keep ``post``'s previous address (``old_path``, stored form) leading to it.

        Saving a post is not managing redirects: an old address that a redirect
        already claims, or that another published post or page answers, is left
        as it is, so nobody without the right to edit redirects can take over
        one (``/donate/``, say) by renaming a post of their own.
        """
        old, new = f"/{old_path}/", f"/{post.path}/"
        self.filter(old_path=new, post=post).delete()
        posts = self.model._meta.get_field("post").related_model.objects
        answered = posts.published().filter(path=old_path).exclude(pk=post.pk)
        if answered.exists():
            return
        self.get_or_create(
            old_path=old,
            defaults={"post": post, "origin": self.model.Origin.MOVED},
        )

    def remember_author_move(self, author, old_slug):
        """Keep ``author``'s archive at ``old_slug`` (and so its pages and feed) leading
        to their archive under the new slug; like ``remember_move``, never over a
        redirect that already claims that address."""
        self.filter(old_path=author_path(author.slug), author=author).delete()
        self.get_or_create(
            old_path=author_path(old_slug),
            defaults={"author": author, "origin": self.model.Origin.MOVED},
        )
