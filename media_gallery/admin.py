from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from posts import roles

from . import files, image_files, library
from .forms import GalleryItemFormSet, ImageForm, ImageUploadForm, VideoForm
from .models import Gallery, GalleryItem, Image, MediaStatus, Video


class MediaAdmin(admin.ModelAdmin):
    """What images, videos and galleries share in the admin.

    As in WordPress, authors change and delete only what they added;
    editors (who may edit others' content) change everything. Those who may
    not edit others' content see only their own items and published ones
    (``visible_to``), in lists and in the autocompletes other forms use. A
    failed save leaves no uploaded file behind in storage.
    """

    list_per_page = 50
    date_hierarchy = "published_at"
    autocomplete_fields = ["categories"]
    actions = ["publish", "move_to_draft"]

    def changeform_view(self, request, *args, **kwargs):
        with files.delete_written_on_error():
            return super().changeform_view(request, *args, **kwargs)

    def get_queryset(self, request):
        """The changelist, the change pages and every autocomplete that picks this model
        (a post's featured image and gallery, a video's poster, a gallery's items)."""
        return super().get_queryset(request).visible_to(request.user)

    def get_form(self, request, obj=None, **kwargs):
        """A form that knows who fills it in, so a duplicate upload is named only to
        those who may see the item it duplicates."""
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user
        return form

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def may_edit(self, request, obj):
        return (
            obj is None
            or obj.uploaded_by_id == request.user.pk
            or request.user.has_perm(roles.EDIT_OTHERS)
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.may_edit(request, obj)

    @admin.action(description=_("Publish selected"), permissions=["change"])
    def publish(self, request, queryset):
        changed = 0
        for obj in queryset.exclude(status=MediaStatus.PUBLISHED):
            if self.may_edit(request, obj):
                obj.status = MediaStatus.PUBLISHED
                obj.save()
                changed += 1
        self.report(request, changed, _("published"))

    @admin.action(description=_("Move selected to draft"), permissions=["change"])
    def move_to_draft(self, request, queryset):
        changed = 0
        for obj in queryset.exclude(status=MediaStatus.DRAFT):
            if self.may_edit(request, obj):
                obj.status = MediaStatus.DRAFT
                obj.save()
                changed += 1
        self.report(request, changed, _("moved to draft"))

    def report(self, request, count, what):
        message = ngettext("%(count)d item %(what)s.", "%(count)d items %(what)s.", count)
        self.message_user(request, message % {"count": count, "what": what}, messages.SUCCESS)


@admin.register(Image)
class ImageAdmin(MediaAdmin):
    form = ImageForm
    change_list_template = "admin/media_gallery/image/change_list.html"
    list_display = [
        "thumbnail",
        "title",
        "status",
        "dimensions",
        "format",
        "file_size",
        "credit",
        "published_at",
    ]
    list_display_links = ["thumbnail", "title"]
    list_filter = ["status", "format", "language", "categories", "published_at"]
    search_fields = ["title", "alt_text", "caption", "credit"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["focal_point_preview", "dimensions", "format", "file_size", "taken_on"]

    class Media:
        js = ["media_gallery/admin/focal-point.js"]
        css = {"all": ["media_gallery/admin/media-admin.css"]}

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (
                None,
                {
                    "fields": [
                        "upload",
                        "title",
                        "slug",
                        "alt_text",
                        "caption",
                        "description",
                        "credit",
                    ]
                },
            ),
            (_("Publishing"), {"fields": ["status", "published_at", "language"]}),
            (_("Categories and tags"), {"fields": ["categories", "tags"]}),
        ]
        if obj is not None:
            fieldsets[1:1] = [
                (_("Focal point"), {"fields": ["focal_point_preview", "focal_x", "focal_y"]}),
                (_("File"), {"fields": ["dimensions", "format", "file_size", "taken_on"]}),
            ]
        return fieldsets

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("renditions")

    def get_urls(self):
        upload = path(
            "upload/",
            self.admin_site.admin_view(self.upload_view),
            name="media_gallery_image_upload",
        )
        return [upload, *super().get_urls()]

    def upload_view(self, request):
        """Many files at once, each becoming an image; refused files are listed, none kept."""
        if not self.has_add_permission(request):
            return redirect("admin:media_gallery_image_changelist")
        form = ImageUploadForm(request.POST or None, request.FILES or None)
        categories = form.fields["categories"]
        categories.widget = AutocompleteSelectMultiple(
            Image._meta.get_field("categories"), self.admin_site, choices=categories.choices
        )
        if request.method == "POST" and form.is_valid():
            try:
                images = library.add_images(
                    form.cleaned_data["files"], user=request.user, **form.shared_fields()
                )
            except ValidationError as error:
                form.add_error("files", error)
            else:
                message = ngettext("%(count)d image added.", "%(count)d images added.", len(images))
                self.message_user(request, message % {"count": len(images)}, messages.SUCCESS)
                return redirect("admin:media_gallery_image_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Upload images"),
            "form": form,
            "adminform": helpers.AdminForm(form, [(None, {"fields": list(form.fields)})], {}),
            "opts": self.opts,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/media_gallery/image/upload.html", context)

    @admin.display(description=_("image"))
    def thumbnail(self, obj):
        source = image_files.ImageFiles(obj).thumbnail()[2]
        return format_html(
            '<img class="media-admin-thumbnail" src="{}" width="75" height="75" alt="">',
            source.url,
        )

    @admin.display(description=_("size in pixels"))
    def dimensions(self, obj):
        return f"{obj.width} × {obj.height}"

    @admin.display(description=_("file size"), ordering="bytes")
    def file_size(self, obj):
        return filesizeformat(obj.bytes)

    @admin.display(description=_("preview"))
    def focal_point_preview(self, obj):
        source = image_files.ImageFiles(obj).nearest(768)
        return format_html(
            '<div class="focal-point" data-focal-point><img src="{}" width="{}" height="{}" '
            'alt=""></div><p class="help">{}</p>',
            source.url,
            source.width,
            source.height,
            _("Click the photo on what matters most: square thumbnails keep that point."),
        )


@admin.register(Video)
class VideoAdmin(MediaAdmin):
    form = VideoForm
    list_display = ["title", "provider", "status", "published_at"]
    list_filter = ["status", "provider", "language", "categories", "published_at"]
    search_fields = ["title", "description", "video_id"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["categories", "poster"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "url", "upload", "poster", "description"]}),
        (_("Publishing"), {"fields": ["status", "published_at", "language"]}),
        (_("Categories and tags"), {"fields": ["categories", "tags"]}),
    ]


class GalleryItemInline(admin.TabularInline):
    model = GalleryItem
    formset = GalleryItemFormSet
    fields = ["sort_order", "preview", "image", "video"]
    readonly_fields = ["preview"]
    autocomplete_fields = ["image", "video"]
    extra = 3
    classes = ["gallery-items"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("image", "video", "video__poster")
            .prefetch_related("image__renditions", "video__poster__renditions")
        )

    @admin.display(description=_("preview"))
    def preview(self, item):
        image = item.image or (item.video.poster if item.video_id else None)
        if image is None:
            return "—"
        return format_html(
            '<img class="media-admin-thumbnail" src="{}" width="75" height="75" alt="">',
            image_files.ImageFiles(image).thumbnail()[2].url,
        )


@admin.register(Gallery)
class GalleryAdmin(MediaAdmin):
    list_display = ["title", "status", "items_count", "published_at"]
    # The item-count annotation drops the model's ordering: autocomplete pages need one.
    ordering = ["-published_at", "-pk"]
    list_filter = ["status", "language", "categories", "published_at"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["categories", "cover"]
    inlines = [GalleryItemInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "description", "cover"]}),
        (_("Publishing"), {"fields": ["status", "published_at", "language"]}),
        (_("Categories and tags"), {"fields": ["categories", "tags"]}),
    ]

    class Media:
        js = ["media_gallery/admin/gallery-ordering.js"]
        css = {"all": ["media_gallery/admin/media-admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_total=Count("items"))

    @admin.display(description=_("items"), ordering="item_total")
    def items_count(self, obj):
        return obj.item_total

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.renumber_items()
