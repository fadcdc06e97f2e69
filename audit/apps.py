from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """Records security-relevant events from the signals of every other app."""

    name = "audit"
    verbose_name = _("Audit log")

    def ready(self):
        from . import receivers

        receivers.connect()
