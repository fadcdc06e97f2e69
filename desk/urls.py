"""The desk's own staff views (each checks who asks), under /admin/desk/."""

from django.urls import path

from . import picker

app_name = "desk"
urlpatterns = [
    path("editor/images/", picker.images, name="editor_images"),
    path("editor/images/upload/", picker.upload, name="editor_upload"),
    path("editor/images/<int:pk>/preview/", picker.image_preview, name="editor_image_preview"),
    path("editor/galleries/", picker.galleries, name="editor_galleries"),
]
