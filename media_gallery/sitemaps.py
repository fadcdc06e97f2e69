"""Sitemap sections for published galleries, images and videos."""

from django.contrib.sitemaps import Sitemap

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


class GallerySitemap(MediaSitemap):
    model = Gallery
    changefreq = "weekly"


class ImageSitemap(MediaSitemap):
    model = Image


class VideoSitemap(MediaSitemap):
    model = Video


sitemaps = {"galleries": GallerySitemap, "images": ImageSitemap, "videos": VideoSitemap}
