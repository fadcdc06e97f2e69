"""The editor's media picker: the library's images and galleries, and uploads from the editor.

JSON for the editor's dialogs (desk/static/desk/editor/picker.js). Every view
asks who is asking: staff who may write posts or pages, and only what they
may know exists (``visible_to``); others get 403, anonymous users the login.
"""

from django import forms
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from media_gallery import image_files, library, validation
from media_gallery.models import Gallery, Image, MediaStatus
from posts import roles

PAGE_SIZE = 24
WRITERS = ("posts.add_post", "posts.change_post", "posts.add_page", "posts.change_page")


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=100, strip=True)
    page = forms.IntegerField(required=False, min_value=1, max_value=1000)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Image file"), widget=forms.FileInput(attrs={"accept": validation.IMAGE_ACCEPT})
    )


def check_writer(user, *perms):
    """403 unless ``user`` may write posts or pages (and has ``perms``)."""
    if not any(user.has_perm(perm) for perm in WRITERS) or not user.has_perms(perms):
        raise PermissionDenied


def searched(request, queryset):
    """``queryset`` filtered by the ``q`` title search, newest first, and the page asked for."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        return None, form
    if form.cleaned_data["q"]:
        queryset = queryset.filter(title__icontains=form.cleaned_data["q"])
    start = ((form.cleaned_data["page"] or 1) - 1) * PAGE_SIZE
    # Undated drafts (just uploaded) first, on SQLite as on PostgreSQL.
    newest = queryset.order_by(F("published_at").desc(nulls_first=True), "-pk")
    return list(newest[start : start + PAGE_SIZE + 1]), form


def image_json(image):
    return {
        "id": image.pk,
        "title": image.title,
        "alt": image.alt,
        "caption": image.caption_text,
        "thumbnail": image_files.ImageFiles(image).thumbnail()[2].url,
        "published": image.is_public,
    }


def results(found, form, as_json):
    if found is None:
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    return JsonResponse(
        {"results": [as_json(item) for item in found[:PAGE_SIZE]], "more": len(found) > PAGE_SIZE}
    )


@staff_member_required
@require_GET
def images(request):
    """Library images the user may see, newest first, searched by title, with thumbnails."""
    check_writer(request.user, "media_gallery.view_image")
    visible = Image.objects.visible_to(request.user).prefetch_related("renditions")
    found, form = searched(request, visible)
    return results(found, form, image_json)


@staff_member_required
@require_GET
def galleries(request):
    """Galleries the user may see, newest first, searched by title."""
    check_writer(request.user, "media_gallery.view_gallery")
    found, form = searched(request, Gallery.objects.visible_to(request.user))

    def gallery_json(gallery):
        return {"id": gallery.pk, "title": gallery.title, "url": gallery.get_absolute_url()}

    return results(found, form, gallery_json)


@staff_member_required
@require_GET
def image_preview(request, pk):
    """The thumbnail of an image placed in a text, as the editor shows it."""
    check_writer(request.user, "media_gallery.view_image")
    image = Image.objects.visible_to(request.user).filter(pk=pk).first()
    if image is None:
        raise Http404(_("No image with this id, or not one you may see."))
    return redirect(image_files.ImageFiles(image).thumbnail()[2].url)


@staff_member_required
@require_POST
def upload(request):
    """Add one image to the library from the editor; published if the user may publish."""
    check_writer(request.user, "media_gallery.add_image")
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        status = MediaStatus.PUBLISHED if roles.can_publish(request.user) else MediaStatus.DRAFT
        try:
            image = library.add_image(form.cleaned_data["file"], user=request.user, status=status)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return JsonResponse(image_json(image), status=201)
    return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
