"""Status changes applied to many posts at once, by the admin and by commands.

Each one is a single UPDATE, so it bypasses ``save()`` and its signals: that
is why each announces the posts it changed (``posts_updated``), for the
page cache and the search index, and the statuses it replaced
(``status_changed``), for the audit log.
"""

from django.db import transaction
from django.utils import timezone

from .models import Post
from .signals import posts_updated, status_changed


def changed(pks, count):
    """Tell listeners (page cache, search index) that these posts changed."""
    posts_updated.send(sender=Post, pks=pks)
    return count


def selected(queryset):
    """The posts by primary key, fixed before an update can change what a filter matches."""
    pks = list(queryset.values_list("pk", flat=True))
    return pks, Post.objects.filter(pk__in=pks)


def set_status(posts, status):
    """Give ``posts`` ``status`` in one UPDATE, announcing the statuses it replaced in the
    same transaction (read with the rows locked, so none changes in between); the number
    of posts updated."""
    with transaction.atomic():
        stored = posts.select_for_update().values_list("pk", "status")
        previous = {pk: old for pk, old in stored if old != status}
        count = posts.update(status=status)
        if previous:
            status_changed.send(sender=Post, status=status, previous=previous)
    return count


def publish(queryset):
    """Publish now; a post already dated in the future keeps its date and is scheduled."""
    now = timezone.now()
    pks, posts = selected(queryset)
    with transaction.atomic():
        posts.filter(published_at__isnull=True).update(published_at=now)
        count = set_status(posts.filter(published_at__gt=now), Post.Status.SCHEDULED)
        count += set_status(posts.filter(published_at__lte=now), Post.Status.PUBLISHED)
    return changed(pks, count)


def unpublish(queryset):
    """Hide from visitors but keep as it was (date, address): the private status."""
    pks, posts = selected(queryset)
    return changed(pks, set_status(posts, Post.Status.PRIVATE))


def move_to_draft(queryset):
    pks, posts = selected(queryset)
    return changed(pks, set_status(posts, Post.Status.DRAFT))


def publish_due_scheduled(now=None):
    """Flip scheduled posts whose date has passed to published (idempotent).

    Visitors see them already (visibility is decided by date); this is for
    sites that want the stored status to say so too.
    """
    now = now or timezone.now()
    pks, posts = selected(Post.objects.filter(status=Post.Status.SCHEDULED, published_at__lte=now))
    return changed(pks, set_status(posts, Post.Status.PUBLISHED)) if pks else 0
