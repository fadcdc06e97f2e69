from django.apps import AppConfig


class DeskConfig(AppConfig):
    """The editor's desk: what editors use to write, illustrate, review and restore content."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "desk"
    verbose_name = "Editor's desk"

    def ready(self):
        from . import revisions

        revisions.register()
