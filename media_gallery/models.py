"""The media library: images (with their renditions), videos and galleries.

When each is public is decided in one place, ``publication``.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from posts.html import sanitize_html, sanitized_html_to_text
from posts.languages import text_direction
from posts.models import Category
from posts.slugs import TITLE_SLUG_LENGTH, title_slug, unique_slug

from . import files
from .image_files import ImageFiles
from .publication import MediaQuerySet, MediaStatus, published_q


def media_file_name(folder, title, extension):
    """``<folder>/<year>/<month>/<title-slug>-<random>.<ext>``.

    The random part keeps addresses of unpublished media unguessable, and
    the name never repeats what the uploaded file was called on a camera or
    a phone.
    """
    now = timezone.now()
    stem = slugify(title)[:60].strip("-") or folder.rstrip("s")
    return f"{folder}/{now:%Y/%m}/{stem}-{secrets.token_hex(6)}.{extension}"


class MediaItem(models.Model):
    """What images, videos and galleries share: title, publication, taxonomy."""

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        allow_unicode=True,
        blank=True,
        help_text=_("Part of the address. Empty: made from the title."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MediaStatus, default=MediaStatus.PUBLISHED
    )
    published_at = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("Empty: set when it is published. A future date keeps it hidden until then."),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    categories = models.ManyToManyField(
        Category, verbose_name=_("categories"), blank=True, related_name="%(class)s_items"
    )
    tags = TaggableManager(verbose_name=_("tags"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MediaQuerySet.as_manager()

    # Fields written in the rich-text editor: HTML, sanitised on every save
    # (whatever wrote it: the admin, the WordPress import, the demo) and shown as is.
    rich_text_fields = ()

    class Meta:
        abstract = True
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        for name in self.rich_text_fields:
            setattr(self, name, sanitize_html(getattr(self, name)))
        if not self.slug:
            self.slug = title_slug(self.title, TITLE_SLUG_LENGTH) or self._meta.model_name
        if self.status == MediaStatus.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    @property
    def is_listed(self):
        """``listed()`` for this one object."""
        return self.status == MediaStatus.PUBLISHED

    @property
    def is_public(self):
        """``published()`` for this one object (tests check that the two agree)."""
        return (
            self.is_listed and self.published_at is not None and self.published_at <= timezone.now()
        )

    @property
    def text_direction(self):
        return text_direction(self.language)


class Image(MediaItem):
    """A photo. ``file`` is the cleaned original: EXIF orientation applied,
    scaled to at most 2560 px, re-encoded without any metadata except the
    colour profile. The uploaded bytes themselves are never stored."""

    file = models.FileField(_("file"), max_length=255)
    width = models.PositiveIntegerField(_("width"), editable=False)
    height = models.PositiveIntegerField(_("height"), editable=False)
    format = models.CharField(_("format"), max_length=10, editable=False)
    bytes = models.PositiveBigIntegerField(_("file size"), editable=False)
    animated = models.BooleanField(_("animated"), default=False, editable=False)
    checksum = models.CharField(
        _("checksum"),
        max_length=64,
        unique=True,
        editable=False,
        help_text=_("SHA-256 of the uploaded file, so the same file is not added twice."),
    )
    alt_text = models.CharField(
        _("alternative text"),
        max_length=300,
        blank=True,
        help_text=_(
            "What the photo shows, for people who cannot see it. Empty: the title is used."
        ),
    )
    caption = models.TextField(_("caption"), blank=True)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Longer text shown on the image's own page (WordPress's description)."),
    )
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    taken_on = models.DateField(
        _("date taken"), null=True, blank=True, help_text=_("Read from the camera when known.")
    )
    focal_x = models.PositiveSmallIntegerField(
        _("focal point across (%)"),
        default=50,
        validators=[MaxValueValidator(100)],
        help_text=_("Square thumbnails are cropped around this point: 0 is the left edge."),
    )
    focal_y = models.PositiveSmallIntegerField(
        _("focal point down (%)"),
        default=50,
        validators=[MaxValueValidator(100)],
        help_text=_("0 is the top edge."),
    )

    rich_text_fields = ("caption", "description")

    class Meta(MediaItem.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def save(self, *args, **kwargs):
        """Save; a replaced file is deleted after commit, and ``renditions_outdated`` tells
        the receivers whether the renditions must be made again (file or focal point)."""
        loaded = getattr(self, "_rendition_origin", None)
        current = self.rendition_origin()
        self.renditions_outdated = current != loaded
        super().save(*args, **kwargs)
        if self.renditions_outdated and loaded and loaded[0] != self.file.name:
            files.delete_on_commit(self.file.storage, loaded[0])
        self._rendition_origin = current

    def get_absolute_url(self):
        return reverse("media_gallery:image", kwargs={"pk": self.pk, "slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        if {"file", "focal_x", "focal_y"} <= set(field_names):  # not when deferred
            instance._rendition_origin = instance.rendition_origin()
        return instance

    @property
    def alt(self):
        return self.alt_text or self.title

    @property
    def caption_text(self):
        """The caption as plain text (sharing previews, search, the editor's picker)."""
        return sanitized_html_to_text(self.caption)

    @property
    def description_text(self):
        return sanitized_html_to_text(self.description)

    def nearest_file(self, width):
        """The smallest stored file at least ``width`` wide, in the image's own format
        (an ``image_files.Candidate``: url, width, height, bytes, mime_type)."""
        return ImageFiles(self).nearest(width)

    def rendition_origin(self):
        """What renditions are made from; when it changes they are made again."""
        return (self.file.name, self.focal_x, self.focal_y)


class Rendition(models.Model):
    """One resized copy of an image: a (spec, format) pair, e.g. ("width-768", "webp")."""

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="renditions")
    spec = models.CharField(max_length=20)
    format = models.CharField(max_length=10)
    file = models.FileField(max_length=255)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    bytes = models.PositiveBigIntegerField()
    origin_key = models.CharField(
        max_length=300, help_text="The image file and focal point this was made from."
    )

    class Meta:
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")
        constraints = [
            models.UniqueConstraint(
                fields=["image", "spec", "format"], name="rendition_unique_spec_format"
            ),
        ]

    def __str__(self):
        return f"{self.spec} {self.format} ({self.width}×{self.height})"

    @property
    def url(self):
        return self.file.url

    @property
    def mime_type(self):
        return f"image/{self.format}"


class VideoQuerySet(MediaQuerySet):
    def for_display(self):
        return self.select_related("poster").prefetch_related("poster__renditions")


class Video(MediaItem):
    """A YouTube or Vimeo video shown behind a click-to-load facade, or an uploaded file."""

    class Provider(models.TextChoices):
        YOUTUBE = "youtube", "YouTube"
        VIMEO = "vimeo", "Vimeo"
        FILE = "file", _("Uploaded file")

    description = models.TextField(_("description"), blank=True)
    provider = models.CharField(_("source"), max_length=10, choices=Provider, editable=False)
    url = models.URLField(
        _("YouTube or Vimeo address"),
        max_length=500,
        blank=True,
        help_text=_("e.g. https://www.youtube.com/watch?v=… or https://vimeo.com/…"),
    )
    video_id = models.CharField(max_length=64, blank=True, editable=False)
    privacy_hash = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="The key of an unlisted Vimeo video, needed by its player.",
    )
    file = models.FileField(
        _("video file"),
        max_length=255,
        blank=True,
        help_text=_("An MP4 or WebM file, instead of a YouTube or Vimeo address."),
    )
    file_format = models.CharField(max_length=10, blank=True, editable=False)
    bytes = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    checksum = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    poster = models.ForeignKey(
        Image,
        verbose_name=_("poster image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="poster_for",
        help_text=_(
            "Shown before the video plays. Required for an uploaded file; without one a "
            "YouTube or Vimeo video shows a plain placeholder (we never load their thumbnails)."
        ),
    )

    objects = VideoQuerySet.as_manager()

    class Meta(MediaItem.Meta):
        verbose_name = _("video")
        verbose_name_plural = _("videos")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "video_id"],
                condition=~Q(provider="file"),
                name="video_unique_embed",
                violation_error_message=_("This video is already in the library."),
            ),
        ]

    def save(self, *args, **kwargs):
        """Save; a replaced or removed video file is deleted from storage after commit."""
        loaded = getattr(self, "_loaded_file", "")
        super().save(*args, **kwargs)
        if loaded and loaded != self.file.name:
            files.delete_on_commit(self.file.storage, loaded)
        self._loaded_file = self.file.name

    def get_absolute_url(self):
        return reverse("media_gallery:video", kwargs={"pk": self.pk, "slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        if "file" in field_names:  # not when deferred
            instance._loaded_file = instance.file.name
        return instance

    @property
    def is_embed(self):
        return self.provider in (self.Provider.YOUTUBE, self.Provider.VIMEO)

    @property
    def mime_type(self):
        return f"video/{self.file_format}" if self.file_format else ""


class GalleryQuerySet(MediaQuerySet):
    def with_covers(self):
        """Load each gallery's cover image, or its first published image, with renditions.

        A fixed number of queries however many galleries there are; read it
        with ``Gallery.cover_image()``.
        """
        first_images = (
            GalleryItem.objects.filter(published_q("image__"))
            .select_related("image")
            .prefetch_related("image__renditions")
            .order_by("sort_order", "pk")
        )
        return self.select_related("cover").prefetch_related(
            "cover__renditions",
            models.Prefetch("items", queryset=first_images[:1], to_attr="first_image_items"),
        )

    def with_item_counts(self):
        """Annotate how many published images and videos each gallery shows."""
        return self.annotate(
            image_count=models.Count("items", filter=published_q("items__image__"), distinct=True),
            video_count=models.Count("items", filter=published_q("items__video__"), distinct=True),
        )


class Gallery(MediaItem):
    """Ordered images and videos with a cover, shown as a grid with a lightbox."""

    description = models.TextField(_("description"), blank=True)
    cover = models.ForeignKey(
        Image,
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cover_of",
        help_text=_("Empty: the gallery's first image."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        allow_unicode=True,
        unique=True,
        help_text=_("The gallery's address: /gallery/<slug>/. Unique across galleries."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MediaStatus, default=MediaStatus.DRAFT
    )

    objects = GalleryQuerySet.as_manager()

    rich_text_fields = ("description",)

    class Meta(MediaItem.Meta):
        verbose_name = _("gallery")
        verbose_name_plural = _("galleries")

    def save(self, *args, **kwargs):
        if not self.slug:
            base = slugify(self.title, allow_unicode=True)[:190] or "gallery"
            self.slug = unique_slug(base, Gallery.objects.exclude(pk=self.pk))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("media_gallery:gallery", kwargs={"slug": self.slug})

    @property
    def description_text(self):
        """The description as plain text (sharing previews, search)."""
        return sanitized_html_to_text(self.description)

    def cover_image(self, items=None):
        """The cover if it is public, else the first published image, else None.

        ``items``: the gallery's public items when already loaded (no query then).
        """
        if self.cover is not None and self.cover.is_public:
            return self.cover
        if items is None:
            items = getattr(self, "first_image_items", None)
        if items is None:
            items = self.items.filter(published_q("image__")).select_related("image")[:1]
        return next((item.image for item in items if item.image_id), None)

    def renumber_items(self):
        """Number the items 10, 20, 30… in their order, leaving room to slot one in between."""
        items = list(self.items.order_by("sort_order", "pk"))
        for position, item in enumerate(items, start=1):
            item.sort_order = position * 10
        GalleryItem.objects.bulk_update(items, ["sort_order"])

    def public_items(self):
        """This gallery's items visitors may see (``GalleryItemQuerySet.public``)."""
        return self.items.public()


class GalleryItemQuerySet(models.QuerySet):
    def public(self):
        """Items whose image or video is published, in the editor's order, ready to render."""
        return (
            self.filter(published_q("image__") | published_q("video__"))
            .select_related("image", "video", "video__poster")
            .prefetch_related("image__renditions", "video__poster__renditions")
            .order_by("sort_order", "pk")
        )


class GalleryItem(models.Model):
    gallery = models.ForeignKey(Gallery, on_delete=models.CASCADE, related_name="items")
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    image = models.ForeignKey(
        Image,
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="gallery_items",
    )
    video = models.ForeignKey(
        Video,
        verbose_name=_("video"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="gallery_items",
    )

    objects = GalleryItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("gallery item")
        verbose_name_plural = _("gallery items")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(image__isnull=False, video__isnull=True)
                | Q(image__isnull=True, video__isnull=False),
                name="gallery_item_image_or_video",
                violation_error_message=_("Choose an image or a video (one of the two)."),
            ),
            models.UniqueConstraint(
                fields=["gallery", "image"],
                condition=Q(image__isnull=False),
                name="gallery_item_unique_image",
                violation_error_message=_("This image is already in the gallery."),
            ),
            models.UniqueConstraint(
                fields=["gallery", "video"],
                condition=Q(video__isnull=False),
                name="gallery_item_unique_video",
                violation_error_message=_("This video is already in the gallery."),
            ),
        ]

    def __str__(self):
        return str(self.media)

    @property
    def media(self):
        return self.image or self.video

    @property
    def kind(self):
        return "image" if self.image_id else "video"
