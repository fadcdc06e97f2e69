from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaGalleryConfig(AppConfig):
    """Images with renditions, videos and galleries."""

    name = "media_gallery"
    verbose_name = _("Media")

    def ready(self):
        import pagecache

        from . import cache_tags, signals

        signals.connect()
        cache_tags.connect()
        pagecache.register_schedule(cache_tags.next_scheduled_media)
