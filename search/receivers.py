"""Keep search entries in step with content: saves, deletes, categories, tags, bulk status
changes, and for media the images that give videos and galleries their thumbnails.

Every handler only schedules a reindex; the work happens once per
transaction, after it commits (see indexing.schedule).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.tasks.signals import task_finished, task_started
from taggit.models import TaggedItem

from media_gallery.appearances import appearances_of
from media_gallery.models import Gallery, GalleryItem, Image, Video
from media_gallery.signals import renditions_changed
from posts.models import Page, Post
from posts.signals import posts_updated

from . import indexing


def on_save_or_delete(sender, instance, **kwargs):
    if not kwargs.get("raw"):
        indexing.schedule(instance)


def on_categories_changed(sender, instance, action, reverse, pk_set, model, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse:  # categories edited from the category's side: pk_set holds the objects
        indexing.schedule_many(model, pk_set or [])
    else:
        indexing.schedule(instance)


def on_image_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    if kwargs.get("created"):  # nothing shows an image before it is saved
        indexing.schedule_many(Image, [instance.pk])
    else:
        image_changed(instance.pk)


def on_renditions_changed(sender, image_pk, **kwargs):
    image_changed(image_pk)


def image_changed(image):
    """An image is also the thumbnail of the videos and galleries that show it."""
    shown = appearances_of(image)
    indexing.schedule_many(Image, [image])
    indexing.schedule_many(Video, shown.videos)
    indexing.schedule_many(Gallery, shown.galleries)


def on_gallery_item_changed(sender, instance, **kwargs):
    if not kwargs.get("raw"):
        indexing.schedule_many(Gallery, [instance.gallery_id])


def on_tag_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    if instance.content_type_id == ContentType.objects.get_for_model(Post).pk:
        indexing.schedule_many(Post, [instance.object_id])


def on_posts_updated(sender, pks, **kwargs):
    indexing.schedule_many(Post, pks)


def on_task_started(sender, **kwargs):
    indexing.hold()


def on_task_finished(sender, **kwargs):
    indexing.release()


def connect():
    for model in (Post, Page, Video, Gallery):
        post_save.connect(on_save_or_delete, sender=model, dispatch_uid=f"search-save-{model}")
        post_delete.connect(on_save_or_delete, sender=model, dispatch_uid=f"search-del-{model}")
    for model in (Post, Image, Video, Gallery):
        m2m_changed.connect(
            on_categories_changed,
            sender=model.categories.through,
            dispatch_uid=f"search-categories-{model}",
        )
    post_save.connect(on_image_changed, sender=Image, dispatch_uid="search-image")
    post_delete.connect(on_image_changed, sender=Image, dispatch_uid="search-image-del")
    for signal in (post_save, post_delete):
        signal.connect(
            on_gallery_item_changed, sender=GalleryItem, dispatch_uid=f"search-item-{signal}"
        )
    renditions_changed.connect(on_renditions_changed, dispatch_uid="search-renditions")
    post_save.connect(on_tag_changed, sender=TaggedItem, dispatch_uid="search-tag-save")
    post_delete.connect(on_tag_changed, sender=TaggedItem, dispatch_uid="search-tag-delete")
    posts_updated.connect(on_posts_updated, sender=Post, dispatch_uid="search-posts-updated")
    # A background task's changes (an image's renditions, one by one) make one refresh.
    task_started.connect(on_task_started, dispatch_uid="search-task-started")
    task_finished.connect(on_task_finished, dispatch_uid="search-task-finished")
