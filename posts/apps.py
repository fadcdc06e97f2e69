from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PostsConfig(AppConfig):
    name = "posts"
    verbose_name = _("Content")

    def ready(self):
        import pagecache

        from . import receivers, sidebar

        receivers.connect()
        pagecache.register_schedule(sidebar.next_scheduled_post)
