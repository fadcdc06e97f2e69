"""The desk's own staff views (each checks who asks), under /admin/desk/.

Each is wrapped by ``admin_view``: signed-in staff only (others are sent to
the sign-in page), CSRF-checked and never cached.
"""

from django.contrib import admin
from django.urls import path, register_converter

from . import autosaving, locking, picker, preview

app_name = "desk"


class KindConverter:
    """``post`` or ``page``: the kinds the desk edits."""

    regex = "post|page"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(KindConverter, "desk_kind")


def staff(view):
    return admin.site.admin_view(view)


urlpatterns = [
    path("<desk_kind:kind>/add/preview/", staff(preview.preview), name="preview_new"),
    path("<desk_kind:kind>/<int:pk>/preview/", staff(preview.preview), name="preview"),
    path("<desk_kind:kind>/add/autosave/", staff(autosaving.autosave), name="autosave_new"),
    path("<desk_kind:kind>/<int:pk>/autosave/", staff(autosaving.autosave), name="autosave"),
    path("<desk_kind:kind>/<int:pk>/lock/", staff(locking.heartbeat), name="lock"),
    path("<desk_kind:kind>/<int:pk>/lock/take-over/", staff(locking.take_over), name="take_over"),
    # The editor's media picker (staff views that check who asks themselves).
    path("editor/images/", picker.images, name="editor_images"),
    path("editor/images/upload/", picker.upload, name="editor_upload"),
    path("editor/images/<int:pk>/preview/", picker.image_preview, name="editor_image_preview"),
    path("editor/galleries/", picker.galleries, name="editor_galleries"),
]
