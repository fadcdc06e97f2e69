"""The XML sitemap: published posts, pages, categories and tags, with lastmod."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse
from taggit.models import Tag

from .models import Category, Post


class PostSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return (
            Post.objects.published()
            .posts()
            .only("path", "kind", "updated_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        """For the index, in one aggregate (Django would build every item to find it)."""
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class PageSitemap(PostSitemap):
    changefreq = "monthly"

    def items(self):
        return Post.objects.published().pages().only("path", "kind", "updated_at").order_by("path")


class CategorySitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        published = Post.objects.published().posts()
        return (
            Category.objects.filter(posts__in=published)
            .annotate(lastmod=Max("posts__updated_at"))
            .order_by("path")
        )

    def lastmod(self, item):
        return item.lastmod

    def get_latest_lastmod(self):
        published = Post.objects.published().posts().filter(categories__isnull=False)
        return published.aggregate(latest=Max("updated_at"))["latest"]


class TagSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        published = Post.objects.published().posts()
        newest_change = published.filter(tags=OuterRef("pk")).order_by("-updated_at")
        return (
            Tag.objects.filter(pk__in=published.values("tags"))
            .annotate(lastmod=Subquery(newest_change.values("updated_at")[:1]))
            .order_by("slug")
        )

    def lastmod(self, item):
        return item.lastmod

    def get_latest_lastmod(self):
        published = Post.objects.published().posts().filter(tags__isnull=False)
        return published.aggregate(latest=Max("updated_at"))["latest"]

    def location(self, item):
        return reverse("posts:tag", kwargs={"slug": item.slug})


sitemaps = {
    "posts": PostSitemap,
    "pages": PageSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
}
