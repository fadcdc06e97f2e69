"""Keep search entries in step with posts: saves, deletes, categories, tags, bulk status changes.

Every handler only schedules a reindex; the work happens once per
transaction, after it commits (see indexing.schedule).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed, post_delete, post_save
from taggit.models import TaggedItem

from posts.models import Page, Post
from posts.signals import posts_updated

from . import indexing


def on_save_or_delete(sender, instance, **kwargs):
    if not kwargs.get("raw"):
        indexing.schedule(instance)


def on_categories_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse:  # categories edited from the category's side: pk_set holds posts
        indexing.schedule_many(Post, pk_set or [])
    else:
        indexing.schedule(instance)


def on_tag_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    if instance.content_type_id == ContentType.objects.get_for_model(Post).pk:
        indexing.schedule_many(Post, [instance.object_id])


def on_posts_updated(sender, pks, **kwargs):
    indexing.schedule_many(Post, pks)


def connect():
    for model in (Post, Page):
        post_save.connect(on_save_or_delete, sender=model, dispatch_uid=f"search-save-{model}")
        post_delete.connect(on_save_or_delete, sender=model, dispatch_uid=f"search-del-{model}")
    m2m_changed.connect(
        on_categories_changed, sender=Post.categories.through, dispatch_uid="search-categories"
    )
    post_save.connect(on_tag_changed, sender=TaggedItem, dispatch_uid="search-tag-save")
    post_delete.connect(on_tag_changed, sender=TaggedItem, dispatch_uid="search-tag-delete")
    posts_updated.connect(on_posts_updated, sender=Post, dispatch_uid="search-posts-updated")
