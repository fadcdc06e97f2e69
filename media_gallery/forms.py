"""Editor input for media: one image, many images at once, a video, a gallery's items.

Uploaded files are checked and cleaned while the form validates, so a
refused file is a form error and nothing is stored; the cleaned result is
written only when the form is saved.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from posts.models import Category

from . import library, originals, validation, video_files, video_urls
from .models import Image, MediaStatus, Video


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file input that accepts several files and cleans to a list of them."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        clean_one = super().clean
        if isinstance(data, (list, tuple)):
            return [clean_one(item, initial) for item in data] or clean_one(None, initial)
        return [clean_one(data, initial)]


class ImageForm(forms.ModelForm):
    """Add one image, or edit one (its details, and optionally a replacement file).

    ``user``, who fills it in, is set by the admin (``MediaAdmin.get_form``).
    """

    upload = forms.FileField(
        label=_("Image file"),
        required=False,
        widget=forms.FileInput(attrs={"accept": validation.IMAGE_ACCEPT}),
        help_text=_(
            "JPEG, PNG, GIF, WebP or AVIF. Location, camera serial numbers and all other "
            "embedded details are removed; images over 2560 pixels are scaled down."
        ),
    )

    class Meta:
        model = Image
        fields = [
            "title",
            "slug",
            "alt_text",
            "caption",
            "description",
            "credit",
            "taken_on",
            "focal_x",
            "focal_y",
            "status",
            "published_at",
            "language",
            "categories",
            "tags",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.clean_image = None
        adding = self.instance.pk is None
        self.fields["upload"].required = adding
        if adding:
            self.fields["title"].required = False
            self.fields["title"].help_text = _("Empty: made from the file's name.")
        else:
            self.fields["upload"].label = _("Replace the file")
            self.fields["upload"].help_text = _("Leave empty to keep the current file.")

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            self.clean_image = originals.clean_upload(upload)
            library.check_new_checksum(
                Image,
                self.clean_image.checksum,
                upload.name,
                user=self.user,
                exclude_pk=self.instance.pk,
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("upload")
        if not cleaned.get("title") and upload:
            cleaned["title"] = library.title_from_filename(upload.name)
        return cleaned

    def save(self, commit=True):
        if self.clean_image is not None:
            library.store_clean_image(self.instance, self.clean_image)
        return super().save(commit)


class ImageUploadForm(forms.Form):
    """Many images at once, each its own ``Image``, with details they share."""

    files = MultipleFileField(
        label=_("Image files"),
        widget=MultipleFileInput(attrs={"accept": validation.IMAGE_ACCEPT}),
        help_text=_(
            "Choose one or more JPEG, PNG, GIF, WebP or AVIF files. Each becomes an image "
            "titled after its file name; location and camera details are removed."
        ),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=MediaStatus, initial=MediaStatus.PUBLISHED
    )
    credit = forms.CharField(label=_("Credit"), max_length=200, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="en")
    categories = forms.ModelMultipleChoiceField(
        label=_("Categories"), queryset=Category.objects.all(), required=False
    )
    tags = TagField(label=_("Tags"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text += " " + _("Up to %(count)s files at a time.") % {
            "count": settings.DATA_UPLOAD_MAX_NUMBER_FILES
        }

    def shared_fields(self):
        """What every uploaded image gets, as ``library.add_images`` keywords."""
        return {
            name: self.cleaned_data[name]
            for name in ("status", "credit", "language", "categories", "tags")
        }


class VideoForm(forms.ModelForm):
    """A video from a YouTube or Vimeo address, or an uploaded MP4/WebM file.

    ``user``, who fills it in, is set by the admin (``MediaAdmin.get_form``).
    """

    upload = forms.FileField(
        label=_("Video file"),
        required=False,
        widget=forms.FileInput(attrs={"accept": video_files.VIDEO_ACCEPT}),
        help_text=_("MP4 or WebM, instead of an address. Location details are removed."),
    )

    class Meta:
        model = Video
        fields = [
            "title",
            "slug",
            "url",
            "description",
            "poster",
            "status",
            "published_at",
            "language",
            "categories",
            "tags",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.embed = None
        self.video_file = None

    def clean_url(self):
        url = self.cleaned_data.get("url")
        if url:
            self.embed = video_urls.parse(url)
            library.check_new_embed(self.embed, user=self.user, exclude_pk=self.instance.pk)
        return url

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            format, checksum = video_files.clean_video(upload)
            library.check_new_checksum(
                Video, checksum, upload.name, user=self.user, exclude_pk=self.instance.pk
            )
            self.video_file = (upload, format, checksum)
        return upload

    def clean(self):
        cleaned = super().clean()
        url, upload = cleaned.get("url"), cleaned.get("upload")
        if self.has_error("url") or self.has_error("upload"):
            return cleaned
        if url and upload:
            raise ValidationError(_("Give a YouTube or Vimeo address or a file, not both."))
        keeps_file = not url and not upload and bool(self.instance.file)
        if not (url or upload or keeps_file):
            raise ValidationError(
                _("Give a YouTube or Vimeo address, or upload an MP4 or WebM file.")
            )
        if (upload or keeps_file) and not cleaned.get("poster"):
            self.add_error("poster", _("An uploaded video needs a poster image."))
        return cleaned

    def save(self, commit=True):
        if self.embed is not None:
            library.set_embed(self.instance, self.embed, self.cleaned_data["url"])
        elif self.video_file is not None:
            library.store_video_file(self.instance, *self.video_file)
        return super().save(commit)


class GalleryItemFormSet(forms.BaseInlineFormSet):
    """The gallery's items: the same image or video may appear once."""

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            for field in ("image", "video"):
                media = form.cleaned_data.get(field)
                if media is None:
                    continue
                if (field, media.pk) in seen:
                    form.add_error(
                        field, _("“%(title)s” is already in this gallery.") % {"title": media}
                    )
                seen.add((field, media.pk))
