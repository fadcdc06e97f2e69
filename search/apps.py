from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Filtered full-text search (filled in by the search issue)."""

    name = "search"
    verbose_name = _("Search")
