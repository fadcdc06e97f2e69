from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaGalleryConfig(AppConfig):
    """Images with renditions, videos and galleries."""

    name = "media_gallery"
    verbose_name = _("Media")

    def ready(self):
        from . import signals

        signals.connect()
