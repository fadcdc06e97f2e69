"""Which cached pages go stale when posts, categories, tags or authors change.

Signals rather than overridden ``save()`` methods, so that deletes from the
admin's bulk action, many-to-many edits and taggit's own models are caught
too. Cache bookkeeping lives here: each change bumps the tags of the
pages that show it (see pagecache), after the transaction commits. And every
account gets its author profile when it is saved (``AuthorProfile.objects.ensure``):
the auth app's model has no ``save()`` of ours to do it.
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from taggit.models import Tag, TaggedItem

import pagecache

from . import sidebar
from .models import AuthorProfile, Category, Page, Post
from .signals import posts_updated

# What the sidebar (Recent Posts, Categories, the menu of pages) shows of a post.
SIDEBAR_FIELDS = ("status", "published_at", "title", "path", "parent_id", "menu_order")
# What an author profile shows of its account (the name, when it has none of its own).
ACCOUNT_NAME_FIELDS = {"first_name", "last_name"}


def remember_shown_state(sender, instance, raw=False, **kwargs):
    """Before a save: the fields visitors could see, to tell afterwards what changed."""
    instance.shown_before = None
    if not raw and instance.pk is not None:
        instance.shown_before = Post.objects.filter(pk=instance.pk).values(*SIDEBAR_FIELDS).first()


def post_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "shown_before", None)
    after = {field: getattr(instance, field) for field in SIDEBAR_FIELDS}
    listed = [state["status"] in Post.LISTED_STATUSES for state in (before, after) if state]
    tags = {f"post:{instance.pk}"}
    if any(listed):
        tags |= {"listings", "search"}
        if sidebar_changed(instance, before, after):
            tags.add("sidebar")
        tags |= {
            f"post:{state['parent_id']}"
            for state in (before, after)
            if state and state["parent_id"]
        }
    pagecache.bump(*tags)


def sidebar_changed(post, before, after):
    """Whether the sidebar (on every page) shows this change, so every page is stale.

    Status and date change what is listed and counted; a title or address
    shows only if the post is among the Recent Posts or a page in the menu.
    A typo fixed in an old post leaves the rest of the site cached.
    """
    if before is None or any(before[f] != after[f] for f in ("status", "published_at")):
        return True
    if before == after:
        return False
    in_menu = post.kind == Post.Kind.PAGE and None in (before["parent_id"], after["parent_id"])
    return in_menu or post.pk in {recent.pk for recent in sidebar.recent_posts()}


def post_deleted(sender, instance, **kwargs):
    tags = {f"post:{instance.pk}"}
    if instance.status in Post.LISTED_STATUSES:
        tags |= {"listings", "search", "sidebar"}
    pagecache.bump(*tags)


def categories_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Only the categories of posts visitors see change what pages show: a draft's
    must leave the cache alone (bumping every page would also tell outsiders, by a
    cold cache, when editors are at work)."""
    if not action.startswith("post_"):
        return
    shown = published_among((pk_set or []) if reverse else [instance.pk])
    if shown:
        pagecache.bump("listings", "search", "sidebar", *(f"post:{pk}" for pk in shown))


def category_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        pagecache.bump("listings", "sidebar")


def tag_changed(sender, instance, raw=False, **kwargs):
    """Like categories: only a published post's tags change what visitors see."""
    if raw or instance.content_type_id != ContentType.objects.get_for_model(Post).pk:
        return
    if published_among([instance.object_id]):
        pagecache.bump("listings", "search", f"post:{instance.object_id}")


def published_among(pks):
    """The ids among ``pks`` of posts visitors can see now."""
    return list(Post.objects.published().filter(pk__in=pks).values_list("pk", flat=True))


def tag_renamed(sender, instance, raw=False, created=False, **kwargs):
    """A tag's new name shows on its posts and in search: they changed too."""
    if not raw and not created:
        pks = TaggedItem.objects.filter(
            tag=instance, content_type=ContentType.objects.get_for_model(Post)
        ).values_list("object_id", flat=True)
        posts_updated.send(sender=Post, pks=list(pks))


def account_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    """Every account has an author profile; a change of the account's name may show in
    bylines. A login (which saves only ``last_login``) changes neither."""
    if raw or (update_fields is not None and not ACCOUNT_NAME_FIELDS & set(update_fields)):
        return
    profile = AuthorProfile.objects.ensure(instance)
    if not profile.display_name:
        author_shown(instance.pk)


def author_profile_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        author_shown(instance.user_id)


def author_shown(user_id):
    """An author's name or address changed: it shows on every listing, feed and page
    of their posts (the byline), so those are stale if any of them is listed."""
    if Post.objects.listed().filter(author_id=user_id).exists():
        pagecache.bump("listings", "posts")


def posts_bulk_updated(sender, pks, **kwargs):
    pagecache.bump("listings", "search", "sidebar", *(f"post:{pk}" for pk in pks))


def connect():
    for model in (Post, Page):
        pre_save.connect(remember_shown_state, sender=model, dispatch_uid=f"posts-before-{model}")
        post_save.connect(post_saved, sender=model, dispatch_uid=f"posts-save-{model}")
        post_delete.connect(post_deleted, sender=model, dispatch_uid=f"posts-delete-{model}")
    m2m_changed.connect(
        categories_changed, sender=Post.categories.through, dispatch_uid="posts-categories"
    )
    post_save.connect(category_changed, sender=Category, dispatch_uid="posts-category-save")
    post_delete.connect(category_changed, sender=Category, dispatch_uid="posts-category-delete")
    post_save.connect(tag_changed, sender=TaggedItem, dispatch_uid="posts-tag-save")
    post_save.connect(tag_renamed, sender=Tag, dispatch_uid="posts-tag-renamed")
    post_delete.connect(tag_changed, sender=TaggedItem, dispatch_uid="posts-tag-delete")
    posts_updated.connect(posts_bulk_updated, sender=Post, dispatch_uid="posts-bulk")
    post_save.connect(account_saved, sender=get_user_model(), dispatch_uid="posts-account-save")
    post_save.connect(
        author_profile_saved, sender=AuthorProfile, dispatch_uid="posts-author-profile-save"
    )
