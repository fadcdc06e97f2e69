"""Invalidation of cached content when posts, categories or tags change.

Signals rather than overridden ``save()`` methods, so that deletes from the
admin's bulk action, many-to-many edits and taggit's own models are caught
too. Only cache bookkeeping lives here; no business logic.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal
from taggit.models import TaggedItem

from .models import Category, Page, Post
from .widgets import content_changed

# Sent with ``pks`` after bulk writes that bypass save() (status actions,
# imports), so that derived data such as the search index can follow.
posts_updated = Signal()


def on_content_change(sender, **kwargs):
    if kwargs.get("raw"):
        return
    content_changed()


def connect():
    for model in (Post, Page, Category, TaggedItem):
        post_save.connect(on_content_change, sender=model, dispatch_uid=f"posts-save-{model}")
        post_delete.connect(on_content_change, sender=model, dispatch_uid=f"posts-del-{model}")
    m2m_changed.connect(
        on_content_change, sender=Post.categories.through, dispatch_uid="posts-categories"
    )
