"""Which cached pages show media, and which go stale when media change (see pagecache).

Every media page carries ``media-listings`` (galleries are listed on image
and video pages, covers on the index), plus a tag of its own; post pages
carry the tags of their featured image and gallery. The receivers call the
``*_changed`` functions here; only cache bookkeeping lives here.
"""

from django.db.models import Min

import pagecache

from .appearances import appearances_of
from .models import Gallery, GalleryItem, Image, Video

PAGE_TAGS = ("sidebar", "media-listings")


def tags_for(obj):
    """The page tags of an image, video or gallery."""
    return (*PAGE_TAGS, f"{obj._meta.model_name}:{obj.pk}")


def next_scheduled_media():
    """When the next published item dated in the future goes live."""
    dates = [
        model.objects.upcoming().aggregate(due=Min("published_at"))["due"]
        for model in (Image, Video, Gallery)
    ]
    return min((date for date in dates if date is not None), default=None)


def image_changed(pk, new=False):
    """An image shows on its page and wherever ``appearances_of`` finds it (nowhere yet
    when it is ``new``: nothing can point at an image before it is saved)."""
    tags = {"media-listings", "search", f"image:{pk}"}
    if new:
        pagecache.bump(*tags)
        return
    shown = appearances_of(pk)
    tags |= {f"video:{video}" for video in shown.videos}
    tags |= {f"gallery:{gallery}" for gallery in shown.galleries}
    if shown.featured_on_posts:
        tags.add("listings")
    pagecache.bump(*tags)


def video_changed(pk):
    pagecache.bump("media-listings", "search", f"video:{pk}", *galleries_showing(video=pk))


def gallery_changed(pk):
    pagecache.bump("media-listings", "search", f"gallery:{pk}")


def categories_changed():
    pagecache.bump("media-listings", "search")


def galleries_showing(**item_lookup):
    """Tags of the galleries (and so of the posts showing them) holding these items."""
    galleries = GalleryItem.objects.filter(**item_lookup).values_list("gallery", flat=True)
    return {f"gallery:{gallery}" for gallery in galleries}
