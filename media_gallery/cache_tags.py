"""Which cached pages go stale when media change ((see pagecache)).

Every media page carries ``media-listings`` (galleries are listed on image
and video pages, covers on the index), plus a tag of its own; post pages
carry the tags of their featured image and gallery. Only cache bookkeeping
lives here.
"""

from django.db.models import Min
from django.db.models.signals import m2m_changed, post_save, pre_delete
from django.utils import timezone

import pagecache
from posts.models import Post

from .events import renditions_replaced
from .models import Gallery, GalleryItem, Image, MediaStatus, Rendition, Video

PAGE_TAGS = ("sidebar", "media-listings")


def tags_for(obj):
    """The page tags of an image, video or gallery."""
    return (*PAGE_TAGS, f"{obj._meta.model_name}:{obj.pk}")


def next_scheduled_media():
    """When the next published item dated in the future goes live."""
    dates = [
        model.objects.filter(
            status=MediaStatus.PUBLISHED, published_at__gt=timezone.now()
        ).aggregate(due=Min("published_at"))["due"]
        for model in (Image, Video, Gallery)
    ]
    return min((date for date in dates if date is not None), default=None)


def media_changed(sender, instance, raw=False, **kwargs):
    """After a save, and before a delete (while what shows the item can still be found)."""
    if raw:
        return
    if isinstance(instance, GalleryItem):
        pagecache.bump("media-listings", "search", f"gallery:{instance.gallery_id}")
    elif isinstance(instance, (Image, Rendition)):
        image_changed(instance.image_id if isinstance(instance, Rendition) else instance.pk)
    elif isinstance(instance, Video):
        video_changed(instance.pk)
    else:
        pagecache.bump("media-listings", "search", f"gallery:{instance.pk}")


def image_changed(pk):
    """An image shows on its page, in galleries, as video posters and as posts' pictures."""
    videos = list(Video.objects.filter(poster=pk).values_list("pk", flat=True))
    tags = {"media-listings", "search", f"image:{pk}", *galleries_showing(image=pk)}
    tags |= {f"video:{video}" for video in videos} | galleries_showing(video__in=videos)
    if Post.objects.filter(featured_image=pk).exists():
        tags.add("listings")
    pagecache.bump(*tags)


def video_changed(pk):
    pagecache.bump("media-listings", "search", f"video:{pk}", *galleries_showing(video=pk))


def galleries_showing(**item_lookup):
    """Tags of the galleries (and so of the posts showing them) holding these items."""
    galleries = GalleryItem.objects.filter(**item_lookup).values_list("gallery", flat=True)
    return {f"gallery:{gallery}" for gallery in galleries}


def categories_changed(sender, instance, action, reverse, pk_set, model, **kwargs):
    if action.startswith("post_"):
        pagecache.bump("media-listings", "search")


def renditions_changed(sender, image_pk, **kwargs):
    image_changed(image_pk)


def connect():
    for model in (Image, Video, Gallery, GalleryItem, Rendition):
        post_save.connect(media_changed, sender=model, dispatch_uid=f"media-tags-save-{model}")
        pre_delete.connect(media_changed, sender=model, dispatch_uid=f"media-tags-del-{model}")
    renditions_replaced.connect(renditions_changed, dispatch_uid="media-tags-renditions")
    for model in (Image, Video, Gallery):
        m2m_changed.connect(
            categories_changed,
            sender=model.categories.through,
            dispatch_uid=f"media-tags-m2m-{model}",
        )
