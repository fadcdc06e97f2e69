"""Files follow their rows: when an image, rendition or video row is deleted,
its file is deleted from storage once the transaction commits.

Signals rather than ``delete()`` methods, because cascades (an image's
renditions) and the admin's bulk delete never call ``delete()``. Only
storage bookkeeping lives here.
"""

from django.db.models.signals import post_delete

from . import files
from .models import Image, Rendition, Video


def delete_file(sender, instance, **kwargs):
    if instance.file.name:
        files.delete_on_commit(instance.file.storage, instance.file.name)


def connect():
    for model in (Image, Rendition, Video):
        post_delete.connect(delete_file, sender=model, dispatch_uid=f"media-files-{model.__name__}")
