from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WordPressConfig(AppConfig):
    """The move from WordPress and back: import, export, and the old addresses."""

    name = "wordpress"
    verbose_name = _("WordPress migration")
