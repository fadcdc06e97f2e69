"""What follows a change to media, connected to Django's model signals.

- Files follow their rows: when an image, rendition or video row is
  deleted, its file is deleted from storage once the transaction commits.
- Renditions follow their image: a new file or focal point queues them
  (``tasks``), to be made after the commit.
- Cached pages showing the media go stale (``cache_tags``).
- A password-protected post's galleries and videos stop being public on
  their own (``protected_posts``).

Signals rather than ``delete()`` or ``save()`` methods, because cascades (an
image's renditions), the admin's bulk delete and many-to-many edits never
call them.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from posts.models import Page, Post

from . import cache_tags, files, protected_posts, tasks
from .models import Gallery, GalleryItem, Image, Rendition, Video
from .signals import renditions_changed


def delete_file(sender, instance, **kwargs):
    if instance.file.name:
        files.delete_on_commit(instance.file.storage, instance.file.name)


def queue_renditions(sender, instance, raw=False, **kwargs):
    if not raw and getattr(instance, "renditions_outdated", False):
        tasks.queue_renditions_after_commit(instance.pk)


def media_changed(sender, instance, raw=False, created=False, **kwargs):
    """After a save, and before a delete (while what shows the item can still be found)."""
    if raw:
        return
    if isinstance(instance, GalleryItem):
        cache_tags.gallery_changed(instance.gallery_id)
    elif isinstance(instance, Image):
        cache_tags.image_changed(instance.pk, new=created)
    elif isinstance(instance, Video):
        cache_tags.video_changed(instance.pk)
    else:
        cache_tags.gallery_changed(instance.pk)


def post_protected(sender, instance, raw=False, **kwargs):
    if not raw and instance.password:
        protected_posts.hide_media_of(instance)


def categories_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        cache_tags.categories_changed()


def on_renditions_changed(sender, image_pk, **kwargs):
    cache_tags.image_changed(image_pk)


def connect():
    for model in (Image, Rendition, Video):
        post_delete.connect(delete_file, sender=model, dispatch_uid=f"media-files-{model.__name__}")
    post_save.connect(queue_renditions, sender=Image, dispatch_uid="media-renditions")
    for model in (Image, Video, Gallery, GalleryItem):
        post_save.connect(media_changed, sender=model, dispatch_uid=f"media-tags-save-{model}")
        pre_delete.connect(media_changed, sender=model, dispatch_uid=f"media-tags-del-{model}")
    renditions_changed.connect(on_renditions_changed, dispatch_uid="media-tags-renditions")
    for model in (Post, Page):
        post_save.connect(post_protected, sender=model, dispatch_uid=f"media-protected-{model}")
    for model in (Image, Video, Gallery):
        m2m_changed.connect(
            categories_changed,
            sender=model.categories.through,
            dispatch_uid=f"media-tags-m2m-{model}",
        )
