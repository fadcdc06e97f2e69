from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    """Whole pages for anonymous visitors, invalidated by cache tags; the fail-soft Redis cache."""

    name = "pagecache"
    verbose_name = _("Page cache")
