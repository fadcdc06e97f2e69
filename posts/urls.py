"""Public addresses shaped like WordPress's, so migrated links keep working.

The catch-all ``<path>/`` for posts and pages comes last; the project's
urls.py includes this module after every other app for the same reason.
"""

from django.urls import path

from . import feeds, views

app_name = "posts"


def paginated(route, view, name):
    """``route`` and ``route/page/N/`` for a listing view (the longer one first,
    since a ``<path:…>`` in ``route`` would swallow ``page/N``)."""
    return [
        path(f"{route}page/<int:page>/", view, name=f"{name}_page"),
        path(route, view, name=name),
    ]


urlpatterns = [
    *paginated("", views.HomeView.as_view(), "home"),
    path("feed/", feeds.LatestPostsFeed(), name="feed"),
    path("feed/atom/", feeds.LatestPostsAtomFeed(), name="feed_atom"),
    path("category/<path:path>/feed/", feeds.CategoryFeed(), name="category_feed"),
    *paginated("category/<path:path>/", views.CategoryView.as_view(), "category"),
    path("tag/<str:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    *paginated("tag/<str:slug>/", views.TagView.as_view(), "tag"),
    path("author/<str:slug>/feed/", feeds.AuthorFeed(), name="author_feed"),
    *paginated("author/<str:slug>/", views.AuthorView.as_view(), "author"),
    *paginated("<int:year>/<int:month>/", views.ArchiveView.as_view(), "month"),
    *paginated("<int:year>/", views.ArchiveView.as_view(), "year"),
    path("preview/<int:pk>/", views.preview, name="preview"),
    path("protected/<int:pk>/", views.unlock_post, name="unlock"),
    path("<path:path>/", views.post_detail, name="detail"),
]
