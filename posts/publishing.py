"""Status changes applied to many posts at once, by the admin and by commands.

Each one is a single UPDATE, so it bypasses ``save()`` and its signals: that
is why each marks the cached content stale itself.
"""

from django.db import transaction
from django.utils import timezone

from .models import Post
from .widgets import content_changed


def publish(queryset):
    """Publish now; a post already dated in the future keeps its date and is scheduled."""
    now = timezone.now()
    with transaction.atomic():
        queryset.filter(published_at__isnull=True).update(published_at=now)
        changed = queryset.filter(published_at__gt=now).update(status=Post.Status.SCHEDULED)
        changed += queryset.filter(published_at__lte=now).update(status=Post.Status.PUBLISHED)
    content_changed()
    return changed


def unpublish(queryset):
    """Hide from visitors but keep as it was (date, address): the private status."""
    changed = queryset.update(status=Post.Status.PRIVATE)
    content_changed()
    return changed


def move_to_draft(queryset):
    changed = queryset.update(status=Post.Status.DRAFT)
    content_changed()
    return changed


def publish_due_scheduled(now=None):
    """Flip scheduled posts whose date has passed to published (idempotent).

    Visitors see them already (visibility is decided by date); this is for
    sites that want the stored status to say so too.
    """
    now = now or timezone.now()
    changed = Post.objects.filter(status=Post.Status.SCHEDULED, published_at__lte=now).update(
        status=Post.Status.PUBLISHED
    )
    if changed:
        content_changed()
    return changed
