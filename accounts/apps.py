from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Staff sign-in with a second factor, and throttling that cannot lock anyone out."""

    name = "accounts"
    verbose_name = _("Staff accounts")

    def ready(self):
        from . import receivers

        receivers.connect()
