"""The galleries and videos of a password-protected post are not public on their own.

A protected post shows its body only to visitors who know the password;
its gallery and the videos placed in it would otherwise show it to
everyone, listed in /gallery/, the sitemaps and search with their captions.
When a post is saved with a password, the galleries and library videos it
shows become drafts, unless another public post without a password shows
them too. (Removing the password later leaves them drafts: publishing them
again is an editor's choice.)
"""

from django.core.exceptions import ValidationError
from django.db.models import Q

from posts.models import Post

from . import body_media, video_urls
from .models import Gallery, MediaStatus, Video


def hide_media_of(post):
    """Make drafts of the galleries and videos only ``post`` (protected) shows."""
    open_posts = Post.objects.published().filter(password="").exclude(pk=post.pk)
    for gallery in galleries_shown_by(post).filter(status=MediaStatus.PUBLISHED):
        marker = f'id="gallery-{gallery.pk}"'
        if not open_posts.filter(Q(gallery=gallery) | Q(body__contains=marker)).exists():
            hide(gallery)
    for video in videos_shown_by(post).filter(status=MediaStatus.PUBLISHED):
        if not open_posts.filter(body__contains=video.video_id).exists():
            hide(video)


def galleries_shown_by(post):
    ids = set(body_media.gallery_ids(post.body))
    if post.gallery_id:
        ids.add(post.gallery_id)
    return Gallery.objects.filter(pk__in=ids)


def videos_shown_by(post):
    condition = Q(pk__in=[])
    for url in body_media.video_addresses(post.body):
        try:
            ref = video_urls.parse(url)
        except ValidationError:
            continue
        condition |= Q(provider=ref.provider, video_id=ref.video_id)
    return Video.objects.filter(condition)


def hide(item):
    """Saved, not updated: the page cache and the search index follow the change."""
    item.status = MediaStatus.DRAFT
    item.save(update_fields=["status", "updated_at"])
