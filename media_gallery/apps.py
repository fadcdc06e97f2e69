from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaGalleryConfig(AppConfig):
    """Images with renditions, videos and galleries."""

    name = "media_gallery"
    verbose_name = _("Media")

    def ready(self):
        import pagecache
        from posts import bodies

        from . import body_media, cache_tags, receivers

        receivers.connect()
        pagecache.register_schedule(cache_tags.next_scheduled_media)
        bodies.register_renderer(body_media.render)
