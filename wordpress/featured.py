"""Featured images: each post's ``_thumbnail_id`` becomes its ``Post.featured_image``.

The import keeps the WordPress id on the post (``Post.wp_thumbnail_id``)
and sets the image once every attachment is in, wherever the attachment
was in the file. A post whose attachment has no image yet (its file was
missing) keeps whatever featured image it has, and gets its image from a
later run that has the file.
"""

from django.db.models import OuterRef, Subquery

from posts.models import Post

from .models import WordPressAttachment


def link_featured_images(report):
    """Set the featured image of every imported post whose thumbnail is an imported image."""
    image_of_thumbnail = WordPressAttachment.objects.filter(
        wp_id=OuterRef("wp_thumbnail_id"), image__isnull=False
    ).values("image")[:1]
    with_thumbnail = Post.objects.filter(wp_thumbnail_id__isnull=False)
    imported = WordPressAttachment.objects.filter(image__isnull=False).values("wp_id")
    ready = with_thumbnail.filter(wp_thumbnail_id__in=imported)
    stale = ready.exclude(featured_image=Subquery(image_of_thumbnail))
    report.featured_images_set = stale.update(featured_image=Subquery(image_of_thumbnail))
    report.featured_images_waiting = with_thumbnail.exclude(wp_thumbnail_id__in=imported).count()
