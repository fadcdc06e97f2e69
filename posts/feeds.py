"""RSS 2.0 and Atom feeds of the latest posts, site-wide and per category, tag and author."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

import pagecache

from .models import AuthorProfile, Category, Post

FEED_ITEMS = 20
FEED_IMAGE_WIDTH = 1024


class LatestPostsFeed(Feed):
    title = settings.SITE_NAME
    description = settings.SITE_TAGLINE

    def __call__(self, request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        pagecache.tag(request, "listings")
        return super().__call__(request, *args, **kwargs)

    def link(self, obj=None):
        return reverse("posts:home")

    def feed_posts(self, obj):
        return Post.objects.published().posts()

    def items(self, obj=None):
        return (
            self.feed_posts(obj)
            .select_related("author__author_profile", "featured_image")
            .prefetch_related("categories", "tags", "featured_image__renditions")
            .defer("body")
            .newest_first()[:FEED_ITEMS]
        )

    def get_feed(self, obj, request):
        """Enclosure addresses are absolute, as feed readers need them."""
        feed = super().get_feed(obj, request)
        for item in feed.items:
            item["enclosures"] = [
                Enclosure(request.build_absolute_uri(e.url), e.length, e.mime_type)
                for e in item["enclosures"] or []
            ]
        return feed

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return f"post-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        """RSS ``dc:creator`` and Atom ``<author><name>``: the public name, never the login."""
        return item.author.author_profile.name

    def item_enclosures(self, item):
        """The featured image (about 1024 px wide, in its own format), if it is public."""
        if item.featured_image is None or not item.featured_image.is_public:
            return []
        file = item.featured_image.nearest_file(FEED_IMAGE_WIDTH)
        return [Enclosure(file.url, str(file.bytes), file.mime_type)]

    def item_categories(self, item):
        return [category.name for category in item.categories.all()] + [
            tag.name for tag in item.tags.all()
        ]


class LatestPostsAtomFeed(LatestPostsFeed):
    feed_type = Atom1Feed
    subtitle = LatestPostsFeed.description


class CategoryFeed(LatestPostsFeed):
    def get_object(self, request, path):
        return get_object_or_404(Category, path=path)

    def title(self, obj):
        return f"{settings.SITE_NAME}: {obj.name}"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def description(self, obj):
        return obj.description_text or _("Latest posts in %(category)s") % {"category": obj.name}

    def feed_posts(self, obj):
        return Post.objects.published().posts().in_categories(Category.objects.subtree(obj))


class TagFeed(LatestPostsFeed):
    def get_object(self, request, slug):
        """A tag that only drafts carry is not revealed by its feed either."""
        tag = get_object_or_404(Tag, slug=slug)
        get_object_or_404(Post.objects.published().posts().filter(tags=tag)[:1])
        return tag

    def title(self, obj):
        return f"{settings.SITE_NAME}: {obj.name}"

    def link(self, obj=None):
        return reverse("posts:tag", kwargs={"slug": obj.slug})

    def description(self, obj):
        return _("Latest posts tagged %(tag)s") % {"tag": obj.name}

    def feed_posts(self, obj):
        return Post.objects.published().posts().filter(tags=obj)


class AuthorFeed(LatestPostsFeed):
    def __call__(self, request, slug):
        """An old slug's feed moves with the author, as their archive does."""
        author = AuthorProfile.objects.public().at_address(slug)
        if author is not None and author.slug != slug:
            return redirect("posts:author_feed", slug=author.slug, permanent=True)
        return super().__call__(request, slug=slug)

    def get_object(self, request, slug):
        return get_object_or_404(AuthorProfile.objects.public().select_related("user"), slug=slug)

    def title(self, obj):
        return f"{settings.SITE_NAME}: {obj.name}"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def description(self, obj):
        return _("Latest posts by %(author)s") % {"author": obj.name}

    def feed_posts(self, obj):
        return Post.objects.published().posts().filter(author_id=obj.user_id)
