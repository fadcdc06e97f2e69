"""Where an image is seen, beyond its own page.

The one answer the page cache and the search index both follow when an
image (or one of its renditions) changes: videos show it as their poster,
galleries as an item or their cover, and as the poster of a video they
hold, and posts as their featured image.
"""

from dataclasses import dataclass

from django.db.models import Q

from posts.models import Post

from .models import Gallery, Video


@dataclass(frozen=True)
class Appearances:
    videos: frozenset
    galleries: frozenset
    featured_on_posts: bool


def appearances_of(image_pk):
    """Where the image ``image_pk`` is shown (three queries, whatever the answer)."""
    videos = frozenset(Video.objects.filter(poster=image_pk).values_list("pk", flat=True))
    galleries = Gallery.objects.filter(
        Q(cover=image_pk) | Q(items__image=image_pk) | Q(items__video__poster=image_pk)
    )
    return Appearances(
        videos=videos,
        galleries=frozenset(galleries.values_list("pk", flat=True).distinct()),
        featured_on_posts=Post.objects.filter(featured_image=image_pk).exists(),
    )
