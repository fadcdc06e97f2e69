"""What the search index needs to know about images, videos and galleries.

The hook between this app and the search app, which imports it (never the
other way round): for each model in ``SEARCHABLE_MODELS``, index
``document_for(obj)`` for every ``obj`` in ``searchable_queryset(model)``;
re-index an object when it is saved or its categories change, and drop it
when it is deleted. They are the "Media" type of the search form.
"""

from . import image_files
from .models import Gallery, Image, Video

SEARCHABLE_MODELS = [Image, Video, Gallery]


def searchable_queryset(model):
    """Every object of ``model`` (public or not), with what ``document_for`` reads prefetched."""
    queryset = model.objects.prefetch_related("categories").order_by("pk")
    if model is Image:
        return queryset.prefetch_related("renditions")
    if model is Video:
        return queryset.for_display()
    if model is Gallery:
        return queryset.with_covers()
    raise ValueError(f"{model.__name__} is not searchable media.")


def document_for(obj):
    """The index row of an image, video or gallery, as plain data.

    ``is_listed`` is the status half of the visibility rule; the index checks
    the date half (``published_at``) at query time, so an item dated in the
    future becomes findable at its time without being indexed again.
    """
    return {
        "kind": "media",
        "title": obj.title,
        "body": " ".join(text for text in body_parts(obj) if text),
        "category_ids": [category.pk for category in obj.categories.all()],
        "language": obj.language,
        "published_at": obj.published_at,
        "is_listed": obj.is_listed,
        "url": obj.get_absolute_url(),
        "thumbnail_url": thumbnail_url(obj),
    }


def body_parts(obj):
    if isinstance(obj, Image):
        return [obj.alt_text, obj.caption_text, obj.description_text, obj.credit]
    if isinstance(obj, Gallery):
        return [obj.description_text]
    return [obj.description]


def thumbnail_url(obj):
    """The square thumbnail of the image, the video's poster or the gallery's cover."""
    if isinstance(obj, Image):
        image = obj
    elif isinstance(obj, Video):
        image = obj.poster if obj.poster is not None and obj.poster.is_public else None
    else:
        image = obj.cover_image()
    if image is None:
        return None
    return image_files.ImageFiles(image).thumbnail()[2].url
