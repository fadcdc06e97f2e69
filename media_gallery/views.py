"""Public pages of the media library: gallery index, gallery, image and video pages.

Visitors see published media only (``published()``). The staff member who
added an item, and those who may edit others' content, also see it
unpublished (``visible_to``), on the public template with a notice, as a
preview that search engines and caches are told to forget.
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import pagecache
from posts.views import PostListView

from .cache_tags import PAGE_TAGS, tags_for
from .models import Gallery, Image, Video


def visible_or_404(request, queryset, **lookup):
    """``(object, is_preview)``: an item the user may see, a preview if it is unpublished.

    The same rule as the admin's lists: an Author's right to change media
    covers their own, so another person's draft is a 404, as for visitors.
    """
    found = queryset.visible_to(request.user).filter(**lookup).first()
    if found is None:
        raise Http404(_("Nothing published at this address."))
    return found, not found.is_public


def render_media(request, template, context, preview, obj):
    if not preview:
        pagecache.tag(request, *tags_for(obj))
    response = render(request, template, {**context, "preview": preview})
    if preview:
        response["X-Robots-Tag"] = "noindex"
        response["Cache-Control"] = "private, no-store"
    return response


class GalleryListView(PostListView):
    """Published galleries, newest first, as a grid of covers; paginated like the posts."""

    template_name = "media_gallery/gallery_list.html"
    context_object_name = "galleries"
    cache_tags = PAGE_TAGS
    heading = gettext_lazy("Galleries")

    def get_paginate_by(self, queryset):
        return settings.GALLERIES_PER_PAGE

    def get_queryset(self):
        return Gallery.objects.published().with_covers().with_item_counts().newest_first()

    def page_url(self, number):
        if number == 1:
            return reverse("media_gallery:gallery_list")
        return reverse("media_gallery:gallery_list_page", kwargs={"page": number})


def gallery_detail(request, slug):
    gallery, preview = visible_or_404(
        request,
        Gallery.objects.select_related("cover").prefetch_related("cover__renditions"),
        slug=slug,
    )
    items = list(gallery.public_items())
    context = {
        "gallery": gallery,
        "items": items,
        "categories": list(gallery.categories.all()),
        "cover": gallery.cover_image(items),
        "canonical_url": None if preview else gallery.get_absolute_url(),
    }
    return render_media(request, "media_gallery/gallery_detail.html", context, preview, gallery)


def image_detail(request, pk, slug=None):
    image, preview = visible_or_404(
        request, Image.objects.prefetch_related("renditions", "categories"), pk=pk
    )
    if slug != image.slug and not preview:
        return redirect(image, permanent=True)
    context = {
        "image": image,
        "categories": list(image.categories.all()),
        "tags": list(image.tags.all()),
        "galleries": list(Gallery.objects.published().filter(items__image=image).order_by("title")),
        "canonical_url": None if preview else image.get_absolute_url(),
    }
    return render_media(request, "media_gallery/image_detail.html", context, preview, image)


def video_detail(request, pk, slug=None):
    video, preview = visible_or_404(
        request, Video.objects.for_display().prefetch_related("categories"), pk=pk
    )
    if slug != video.slug and not preview:
        return redirect(video, permanent=True)
    context = {
        "video": video,
        "categories": list(video.categories.all()),
        "tags": list(video.tags.all()),
        "galleries": list(Gallery.objects.published().filter(items__video=video).order_by("title")),
        "canonical_url": None if preview else video.get_absolute_url(),
    }
    return render_media(request, "media_gallery/video_detail.html", context, preview, video)
