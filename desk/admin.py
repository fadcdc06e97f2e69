"""The posts', pages', categories' and media admins, composed with the desk's features.

posts and media_gallery own what content is; the desk adds how editors work
on it. Each feature is a mixin in its own module, listed in the bases below,
so neither app depends on the desk.
"""

from django.contrib import admin

from media_gallery.admin import GalleryAdmin, ImageAdmin
from media_gallery.models import Gallery, Image
from posts.admin import CategoryAdmin, PageAdmin, PostAdmin
from posts.models import Category, Page, Post

from .autosaving import AutosaveMixin
from .editor import EditorAdminMixin
from .history import HistoryMixin
from .locking import LockMixin
from .preview import PreviewMixin
from .review import ReviewMixin
from .stale import StaleFormGuard

# What the desk adds to the posts' and pages' admins, first in the method order.
DESK_FEATURES = (
    HistoryMixin,
    StaleFormGuard,
    LockMixin,
    EditorAdminMixin,
    PreviewMixin,
    AutosaveMixin,
    ReviewMixin,
)


class DeskPostAdmin(*DESK_FEATURES, PostAdmin):
    """Posts, as editors work on them."""

    editor_fields = editor_body_fields = ("body",)


class DeskPageAdmin(*DESK_FEATURES, PageAdmin):
    """Pages, as editors work on them."""

    editor_fields = editor_body_fields = ("body",)


class DeskImageAdmin(EditorAdminMixin, ImageAdmin):
    """Images, whose caption and description are written in the editor (without media)."""

    editor_fields = ("caption", "description")


class DeskGalleryAdmin(EditorAdminMixin, GalleryAdmin):
    editor_fields = ("description",)


class DeskCategoryAdmin(EditorAdminMixin, CategoryAdmin):
    editor_fields = ("description",)


for model, model_admin in [
    (Post, DeskPostAdmin),
    (Page, DeskPageAdmin),
    (Image, DeskImageAdmin),
    (Gallery, DeskGalleryAdmin),
    (Category, DeskCategoryAdmin),
]:
    admin.site.unregister(model)
    admin.site.register(model, model_admin)
