"""Sitemap sections for published galleries, images and videos."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from .models import Gallery, Image, Video


class MediaSitemap(Sitemap):
    model = None
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return (
            self.model.objects.published()
            .only("pk", "slug", "updated_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        """For the index, in one aggregate (Django would build every item to find it)."""
        return self.model.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class GallerySitemap(MediaSitemap):
    model = Gallery
    changefreq = "weekly"


class ImageSitemap(MediaSitemap):
    model = Image


class VideoSitemap(MediaSitemap):
    model = Video


sitemaps = {"galleries": GallerySitemap, "images": ImageSitemap, "videos": VideoSitemap}
