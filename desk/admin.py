"""The posts' and pages' admins, composed with the desk's features.

posts owns what content is; the desk adds how editors work on it. Each
feature is a mixin in its own module, listed in the bases below, so the
posts app never depends on the desk.
"""

from django.contrib import admin

from posts.admin import PageAdmin, PostAdmin
from posts.models import Page, Post

from .autosaving import AutosaveMixin
from .editor import EditorAdminMixin
from .history import HistoryMixin
from .locking import LockMixin
from .preview import PreviewMixin
from .review import ReviewMixin
from .stale import StaleFormGuard


class DeskPostAdmin(
    HistoryMixin,
    StaleFormGuard,
    LockMixin,
    EditorAdminMixin,
    PreviewMixin,
    AutosaveMixin,
    ReviewMixin,
    PostAdmin,
):
    """Posts, as editors work on them."""

    editor_fields = editor_body_fields = ("body",)


class DeskPageAdmin(
    HistoryMixin,
    StaleFormGuard,
    LockMixin,
    EditorAdminMixin,
    PreviewMixin,
    AutosaveMixin,
    ReviewMixin,
    PageAdmin,
):
    """Pages, as editors work on them."""

    editor_fields = editor_body_fields = ("body",)


admin.site.unregister(Post)
admin.site.register(Post, DeskPostAdmin)
admin.site.unregister(Page)
admin.site.register(Page, DeskPageAdmin)
