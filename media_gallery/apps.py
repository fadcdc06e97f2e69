from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaGalleryConfig(AppConfig):
    """Images with renditions, videos and galleries (filled in by the media issue)."""

    name = "media_gallery"
    verbose_name = _("Media")
