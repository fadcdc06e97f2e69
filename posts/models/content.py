"""What the site publishes: the category tree, posts and pages."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from ..html import excerpt_from_html, html_to_text, sanitize_html, sanitized_html_to_text
from ..languages import text_direction
from ..querysets import CategoryQuerySet, PostQuerySet
from ..signals import posts_updated
from ..slugs import TITLE_SLUG_LENGTH, slug_is_free, title_slug, unique_slug
from ..tree import PATH_SEPARATOR, SlugPathTree
from .redirects import Redirect

# Where a post's teaser ends (WordPress's <!--more-->). Comments do not
# survive sanitising, so the mark is the element WordPress itself renders
# for it; the listing summary is taken from the text before it.
MORE_MARKER = '<span id="more"></span>'


def tree_position():
    """An SQL expression giving each category its place in tree order.

    The table is small, so the order is computed in Python (see
    ``in_tree_order``) and handed to the database as a CASE expression.
    """
    positions = [
        models.When(pk=category.pk, then=models.Value(position))
        for position, category in enumerate(Category.objects.in_tree_order())
    ]
    if not positions:
        return models.F("path").asc()
    return models.Case(
        *positions, default=models.Value(0), output_field=models.IntegerField()
    ).asc()


class Category(SlugPathTree, models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        allow_unicode=True,
        help_text=_("The last part of the category's address. Unique across categories."),
    )
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text=_("Leave empty for a top-level category."),
    )
    path = models.CharField(max_length=1000, unique=True, editable=False)
    wp_id = models.PositiveBigIntegerField(
        _("WordPress term id"), null=True, blank=True, unique=True, editable=False
    )

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["path"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        """Keep the stored path, and those of all descendants, in step with the tree;
        the description (written in the editor) sanitised like a body."""
        self.description = sanitize_html(self.description)
        if not self.slug:
            self.slug = title_slug(self.name, TITLE_SLUG_LENGTH) or "category"
        self.save_with_path(super().save, *args, **kwargs)

    def get_absolute_url(self):
        return reverse("posts:category", kwargs={"path": self.path})

    def delete(self, *args, **kwargs):
        return self.delete_keeping_children(super().delete, *args, **kwargs)

    @property
    def depth(self):
        return self.path.count(PATH_SEPARATOR)

    @property
    def description_text(self):
        """The description as plain text (feeds)."""
        return sanitized_html_to_text(self.description)

    def clean(self):
        if error := self.parent_error():
            raise ValidationError({"parent": error})

    def ancestors(self):
        """The categories above this one, top first (one query)."""
        segments = self.path.split(PATH_SEPARATOR)[:-1]
        paths = [PATH_SEPARATOR.join(segments[: i + 1]) for i in range(len(segments))]
        by_path = {c.path: c for c in Category.objects.filter(path__in=paths)}
        return [by_path[p] for p in paths if p in by_path]


class Post(SlugPathTree, models.Model):
    class Kind(models.TextChoices):
        POST = "post", _("Post")
        PAGE = "page", _("Page")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING = "pending", _("Pending review")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        PRIVATE = "private", _("Private")

    # The statuses visitors may see, from the publication date on (see published()).
    LISTED_STATUSES = (Status.PUBLISHED, Status.SCHEDULED)

    kind = models.CharField(_("type"), max_length=10, choices=Kind, default=Kind.POST)
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        allow_unicode=True,
        help_text=_("The address of the post, e.g. free-iran-2024. Unique among posts (or pages)."),
    )
    path = models.CharField(max_length=1000, db_index=True, editable=False)
    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_("Scripts, inline styles and unsafe links are removed when you save."),
    )
    excerpt = models.TextField(
        _("excerpt"),
        blank=True,
        help_text=_("A short summary for listings and feeds. Empty: the first 55 words are used."),
    )
    summary = models.TextField(editable=False, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="posts",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("Empty: set when the post is published. A future date schedules the post."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sticky = models.BooleanField(
        _("sticky"), default=False, help_text=_("Keep this post at the top of the home page.")
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    categories = models.ManyToManyField(
        Category, verbose_name=_("categories"), blank=True, related_name="posts"
    )
    tags = TaggableManager(verbose_name=_("tags"), blank=True)
    featured_image = models.ForeignKey(
        "media_gallery.Image",
        verbose_name=_("featured image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="featured_in",
        help_text=_("Shown in listings, feeds and sharing previews, and above the text."),
    )
    gallery = models.ForeignKey(
        "media_gallery.Gallery",
        verbose_name=_("gallery"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
        help_text=_("Shown below the text once the gallery is published."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        limit_choices_to={"kind": "page"},
    )
    menu_order = models.IntegerField(_("order"), default=0)
    password = models.CharField(
        _("password"),
        max_length=255,
        blank=True,
        help_text=_(
            "Visitors must enter this password to read the body; the title stays public. "
            "Empty: no password."
        ),
    )
    wp_id = models.PositiveBigIntegerField(
        _("WordPress id"), null=True, blank=True, unique=True, editable=False
    )
    wp_url = models.URLField(_("WordPress address"), max_length=500, blank=True, editable=False)
    wp_thumbnail_id = models.PositiveBigIntegerField(
        _("WordPress featured image id"), null=True, blank=True, editable=False
    )

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "slug"], name="post_unique_slug_per_kind"),
        ]
        indexes = [
            models.Index(fields=["kind", "sticky", "published_at"], name="post_listing_idx"),
            models.Index(fields=["author", "published_at"], name="post_author_idx"),
            # "When does the next scheduled post go live?" on every cache refill.
            models.Index(fields=["status", "published_at"], name="post_status_date_idx"),
            # Feeds, archives and sitemaps: newest posts of a kind.
            models.Index(fields=["kind", "published_at"], name="post_kind_date_idx"),
        ]
        permissions = [
            ("publish_post", _("Can publish, schedule and unpublish")),
            ("edit_others_posts", _("Can edit content of other authors")),
        ]

    def __str__(self):
        return self.title or str(_("(no title)"))

    def save(self, *args, **kwargs):
        old_path = self.path
        self.prepare_body()
        if not self.slug:
            self.slug = self.unique_slug(title_slug(self.title, TITLE_SLUG_LENGTH) or "untitled")
        if self.kind == self.Kind.POST:
            self.parent = None
        self.normalise_publication()
        moved = self.save_with_path(super().save, *args, **kwargs)
        if old_path and old_path != self.path and self.was_listed():
            Redirect.objects.remember_move(self, old_path)
        self._stored_status = self.status
        if moved:  # subpages got new addresses without a save of their own
            posts_updated.send(sender=Post, pks=[page.pk for page in moved])

    def get_absolute_url(self):
        return reverse("posts:detail", kwargs={"path": self.path})

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._stored_status = instance.__dict__.get("status")  # None when deferred
        return instance

    def was_listed(self):
        """Whether visitors could see this post at its address as it was loaded: only then
        is an old address worth keeping (a draft's never served anyone)."""
        stored = getattr(self, "_stored_status", None)
        return (stored or self.status) in self.LISTED_STATUSES

    def delete(self, *args, **kwargs):
        return self.delete_keeping_children(super().delete, *args, **kwargs)

    def clean(self):
        if error := self.parent_error():
            raise ValidationError({"parent": error})
        if self.slug and not self.parent_id and not slug_is_free(self.slug):
            raise ValidationError(
                {
                    "slug": _(
                        "“%(slug)s” is taken by the site's own pages (archives, search, "
                        "galleries…): choose another slug."
                    )
                    % {"slug": self.slug}
                }
            )
        if self.slug:
            duplicate = Post.objects.filter(kind=self.kind, slug=self.slug).exclude(pk=self.pk)
            if duplicate.exists():
                raise ValidationError(
                    {"slug": _("Another %(kind)s already uses this slug.") % {"kind": self.kind}}
                )
        if self.status == self.Status.SCHEDULED and not self.published_at:
            raise ValidationError(
                {"published_at": _("Choose the date and time to publish a scheduled post.")}
            )

    @property
    def is_listed(self):
        """``listed()`` for this one post."""
        return self.status in self.LISTED_STATUSES

    @property
    def text_direction(self):
        return text_direction(self.language)

    def prepare_body(self):
        """Sanitise the body and derive the listing summary, as every save does.

        Bulk writers (the WordPress import) bypass ``save()`` and call this so
        the rules stay in one place. The summary is the excerpt, or the text
        before the "more" mark, or the first words of the body; a
        password-protected post has none, since listings and feeds are public.
        """
        self.body = sanitize_html(self.body)
        if self.password:
            self.summary = ""
        elif self.excerpt:
            self.summary = html_to_text(self.excerpt)
        else:
            self.summary = excerpt_from_html(self.body.split(MORE_MARKER, 1)[0])

    def unique_slug(self, base):
        """``base``, or ``base-2``, ``base-3``…, free among this post's kind and, at the
        top level, not one of the site's own addresses."""
        others = Post.objects.filter(kind=self.kind).exclude(pk=self.pk)
        return unique_slug(base, others, allowed=None if self.parent_id else slug_is_free)

    def normalise_publication(self):
        """Give a published post its date, and schedule one dated in the future."""
        if self.status in (self.Status.PUBLISHED, self.Status.SCHEDULED, self.Status.PRIVATE):
            self.published_at = self.published_at or timezone.now()
        if self.status == self.Status.PUBLISHED and self.published_at > timezone.now():
            self.status = self.Status.SCHEDULED

    def tree(self):
        return Post.objects.filter(kind=self.kind)


class PageManager(models.Manager.from_queryset(PostQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(kind=Post.Kind.PAGE)


class Page(Post):
    """Pages as their own entry in the admin; the same table as posts."""

    objects = PageManager()

    class Meta:
        proxy = True
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = Post.Kind.PAGE
