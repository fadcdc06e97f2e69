"""RSS 2.0 and Atom feeds of the latest posts, site-wide and per category, tag and author."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.syndication.views import Feed
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

import pagecache

from . import roles
from .models import Category, Post

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
            .select_related("author", "featured_image")
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
        return roles.display_name(item.author)

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
        return obj.description or _("Latest posts in %(category)s") % {"category": obj.name}

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
    def get_object(self, request, username):
        author = get_object_or_404(get_user_model(), username=username)
        get_object_or_404(Post.objects.published().posts().filter(author=author)[:1])
        return author

    def title(self, obj):
        return f"{settings.SITE_NAME}: {roles.display_name(obj)}"

    def link(self, obj=None):
        return reverse("posts:author", kwargs={"username": obj.get_username()})

    def description(self, obj):
        return _("Latest posts by %(author)s") % {"author": roles.display_name(obj)}

    def feed_posts(self, obj):
        return Post.objects.published().posts().filter(author=obj)
