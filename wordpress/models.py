"""What the import remembers of a WordPress site: its attachments and its galleries.

Both tables were created by the posts app, when the migration lived there;
they keep their names (``db_table``) so that moving the code moved no data.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from media_gallery.models import published_q


class WordPressAttachmentQuerySet(models.QuerySet):
    def with_public_media(self):
        """Attachments whose image or video visitors may see, with it loaded."""
        return self.filter(published_q("image__") | published_q("video__")).select_related(
            "image", "video"
        )


class WordPressAttachment(models.Model):
    """An attachment read from a WordPress export, and the image or video it became.

    Every attachment of the export is recorded, whatever became of it, so the
    import can be completed later without the export (a file missing from
    ``--uploads-dir`` leaves a row without a media item, which a second run
    with the file fills in), old addresses (``/?attachment_id=``, the
    attachment page, ``/wp-content/uploads/…``) find their media item, and
    the same file attached twice leads both attachments to one image.
    """

    wp_id = models.PositiveBigIntegerField(_("WordPress id"), unique=True)
    parent_wp_id = models.PositiveBigIntegerField(
        _("WordPress id of the post it belongs to"), null=True, blank=True
    )
    url = models.URLField(_("address on the old site"), max_length=1000)
    link_path = models.CharField(
        _("attachment page on the old site"),
        max_length=1000,
        blank=True,
        db_index=True,
        help_text=_("The path (and query) of its <link>, as visitors ask for it."),
    )
    file_path = models.CharField(
        _("file"),
        max_length=500,
        blank=True,
        db_index=True,
        help_text=_("Relative to wp-content/uploads."),
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    slug = models.CharField(_("slug"), max_length=200, blank=True)
    caption = models.TextField(_("caption"), blank=True)
    description = models.TextField(_("description"), blank=True)
    alt_text = models.CharField(_("alternative text"), max_length=500, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("upload date"), null=True, blank=True)
    status = models.CharField(_("WordPress status"), max_length=20, blank=True)
    menu_order = models.IntegerField(_("order"), default=0)
    file_found = models.BooleanField(
        _("file found"),
        null=True,
        help_text=_("Whether the file was in --uploads-dir; empty when not checked."),
    )
    file_checksum = models.CharField(
        _("checksum of the imported file"),
        max_length=64,
        blank=True,
        help_text=_(
            "SHA-256 of the file the media item was made from: a later import leaves an "
            "unchanged file alone, even if an editor has replaced it here since."
        ),
    )
    image = models.ForeignKey(
        "media_gallery.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="wordpress_attachments",
    )
    video = models.ForeignKey(
        "media_gallery.Video",
        verbose_name=_("video"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="wordpress_attachments",
    )

    objects = WordPressAttachmentQuerySet.as_manager()

    class Meta:
        # The table the model had when it lived in the posts app, kept as it was.
        db_table = "posts_wordpressattachment"
        verbose_name = _("WordPress attachment")
        verbose_name_plural = _("WordPress attachments")
        ordering = ["wp_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(image__isnull=True) | Q(video__isnull=True),
                name="wordpress_attachment_one_media_item",
            ),
        ]

    def __str__(self):
        return self.title or self.file_path or str(self.wp_id)

    @property
    def media(self):
        return self.image or self.video


class WordPressGallery(models.Model):
    """A gallery in a WordPress post's body (``[gallery]`` or a gallery block) and the
    gallery it became.

    Keyed on the post's WordPress id and the gallery's place in its body, so a
    second import updates the same gallery. ``shortcode`` says which images
    it shows, in WordPress's terms: explicit attachment ids, or the
    attachments of a post; they are resolved once every attachment is in.
    """

    post_wp_id = models.PositiveBigIntegerField(_("WordPress id of the post"))
    position = models.PositiveSmallIntegerField(_("place in the post"))
    shortcode = models.TextField(_("shortcode"))
    gallery = models.OneToOneField(
        "media_gallery.Gallery",
        verbose_name=_("gallery"),
        on_delete=models.CASCADE,
        related_name="wordpress_record",
    )

    class Meta:
        db_table = "posts_wordpressgallery"
        verbose_name = _("WordPress gallery")
        verbose_name_plural = _("WordPress galleries")
        ordering = ["post_wp_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["post_wp_id", "position"], name="wordpress_gallery_unique_place"
            ),
        ]

    def __str__(self):
        return f"{self.shortcode} (post {self.post_wp_id})"
