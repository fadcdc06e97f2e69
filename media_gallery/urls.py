"""Public addresses of the media library.

Under prefixes of their own (``/gallery/``, ``/photos/``, ``/videos/``), so
they never meet posts and pages, which the project's catch-all serves at
``/<slug>/``; ``/media/`` is left to the uploaded files themselves.
"""

from django.urls import path

from . import views

app_name = "media_gallery"

urlpatterns = [
    path("gallery/page/<int:page>/", views.GalleryListView.as_view(), name="gallery_list_page"),
    path("gallery/", views.GalleryListView.as_view(), name="gallery_list"),
    path("gallery/<str:slug>/", views.gallery_detail, name="gallery"),
    path("photos/<int:pk>-<str:slug>/", views.image_detail, name="image"),
    path("photos/<int:pk>/", views.image_detail, name="image_short"),
    path("videos/<int:pk>-<str:slug>/", views.video_detail, name="video"),
    path("videos/<int:pk>/", views.video_detail, name="video_short"),
]
