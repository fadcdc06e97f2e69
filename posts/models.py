from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from .html import excerpt_from_html, html_to_text, sanitize_html
from .languages import text_direction
from .querysets import (
    AuthorProfileQuerySet,
    CategoryQuerySet,
    PostQuerySet,
    RedirectQuerySet,
)
from .signals import posts_updated
from .slugs import slug_is_free, unique_slug
from .tree import PATH_SEPARATOR, SlugPathTree

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
        """Keep the stored path, and those of all descendants, in step with the tree."""
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True)[:200] or "category"
        self.save_with_path(super().save, *args, **kwargs)

    def get_absolute_url(self):
        return reverse("posts:category", kwargs={"path": self.path})

    def delete(self, *args, **kwargs):
        return self.delete_keeping_children(super().delete, *args, **kwargs)

    @property
    def depth(self):
        return self.path.count(PATH_SEPARATOR)

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
            self.slug = self.unique_slug(
                slugify(self.title, allow_unicode=True)[:190] or "untitled"
            )
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


class AuthorProfile(models.Model):
    """How visitors know an author: the name on bylines and the address of their archive.

    Kept apart from the account so that the login never shows in public: a
    login that leaks can be phished or sprayed, and this organisation's staff
    are targets. The slug is made from the author's name, or is a placeholder
    (``author-<id>``) until the account has one; the author (or an
    administrator) may change it, and the old address then redirects. Every
    account has a profile: made when it is saved (``posts.receivers``), by the
    WordPress import, and by a migration for accounts older than profiles.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="author_profile",
    )
    slug = models.SlugField(
        _("address"),
        max_length=100,
        unique=True,
        allow_unicode=True,
        help_text=_(
            "The last part of your author page's address, /author/…/. Anyone can see it: "
            "never use your login. When you change it, the old address leads to the new one."
        ),
    )
    display_name = models.CharField(
        _("public name"),
        max_length=150,
        blank=True,
        help_text=_(
            "The name shown with your posts, in feeds and to search engines, e.g. a pen "
            "name. Empty: the first and last name of the account."
        ),
    )

    objects = AuthorProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("author profile")
        verbose_name_plural = _("author profiles")
        ordering = ["slug"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        """A slug from the name when there is none yet (or only the placeholder); the old
        address kept leading here when the slug changes."""
        if not self.slug or (self.has_placeholder_slug() and self.own_name):
            self.slug = self.unique_slug(slugify(self.own_name, allow_unicode=True)[:90])
        stored = AuthorProfile.objects.filter(pk=self.pk).values_list("slug", flat=True)
        old_slug = stored.first() if self.pk is not None else None
        super().save(*args, **kwargs)
        if old_slug and old_slug != self.slug:
            Redirect.objects.remember_author_move(self, old_slug)

    def get_absolute_url(self):
        return reverse("posts:author", kwargs={"slug": self.slug})

    @property
    def own_name(self):
        """The name the author chose, or the account's; empty if neither has one."""
        return self.display_name or self.user.get_full_name()

    @property
    def name(self):
        """The name visitors see: never the login, even for an account without a name."""
        return self.own_name or gettext("Staff writer")

    def placeholder_slug(self):
        return f"author-{self.user_id}"

    def has_placeholder_slug(self):
        return self.slug == self.placeholder_slug()

    def unique_slug(self, base):
        """``base``, or ``base-2``, ``base-3``… (as WordPress makes author slugs unique);
        the placeholder when there is no base."""
        others = AuthorProfile.objects.exclude(pk=self.pk)
        return unique_slug(base or self.placeholder_slug(), others)


class Redirect(models.Model):
    """An old address (e.g. a WordPress permalink) answered with a 301 to its new place.

    The target is a post or page, a category, an author, or a URL; following
    the object rather than a stored URL keeps the redirect right when it moves
    again (an author's archive moves with their slug).
    Consulted only for addresses that would otherwise be a 404.
    """

    class Origin(models.TextChoices):
        IMPORT = "import", _("WordPress import")
        MOVED = "moved", _("Address changed")
        MANUAL = "manual", _("Added by hand")

    old_path = models.CharField(
        _("old address"),
        max_length=1000,
        unique=True,
        help_text=_(
            "The path visitors ask for, starting with / (e.g. /2017/07/01/old-name/), "
            "or / with one WordPress query parameter (e.g. /?author=3)."
        ),
    )
    post = models.ForeignKey(
        Post,
        verbose_name=_("post or page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="redirects",
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="redirects",
    )
    author = models.ForeignKey(
        AuthorProfile,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="redirects",
    )
    target_url = models.CharField(
        _("new address"),
        max_length=1000,
        blank=True,
        help_text=_(
            "For anything else: a path on this site (/tag/iran/) or a full https:// address."
        ),
    )
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin, default=Origin.MANUAL, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RedirectQuerySet.as_manager()

    class Meta:
        verbose_name = _("redirect")
        verbose_name_plural = _("redirects")
        ordering = ["old_path"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(post__isnull=False, category__isnull=True, author__isnull=True, target_url="")
                    | Q(
                        post__isnull=True,
                        category__isnull=False,
                        author__isnull=True,
                        target_url="",
                    )
                    | Q(
                        post__isnull=True,
                        category__isnull=True,
                        author__isnull=False,
                        target_url="",
                    )
                    | (
                        Q(post__isnull=True, category__isnull=True, author__isnull=True)
                        & ~Q(target_url="")
                    )
                ),
                name="redirect_has_one_target",
            ),
        ]

    def __str__(self):
        return f"{self.old_path} → {self.target_description()}"

    def clean(self):
        errors = {}
        if not self.old_path.startswith("/") or self.old_path.startswith("//"):
            errors["old_path"] = _("Start with a single /, e.g. /2017/07/01/old-name/.")
        targets = [
            self.post_id is not None,
            self.category_id is not None,
            self.author_id is not None,
            bool(self.target_url),
        ]
        if sum(targets) != 1:
            errors["target_url"] = _(
                "Choose exactly one of a post or page, a category, an author, or an address."
            )
        elif self.target_url and not (
            (self.target_url.startswith("/") and not self.target_url.startswith("//"))
            or self.target_url.startswith(("https://", "http://"))
        ):
            errors["target_url"] = _("Use a path starting with / or a full http(s):// address.")
        if errors:
            raise ValidationError(errors)

    def destination(self):
        """The URL to send visitors to, or None while the target is not public."""
        if self.post_id is not None:
            if not Post.objects.published().filter(pk=self.post_id).exists():
                return None
            return self.post.get_absolute_url()
        if self.category_id is not None:
            return self.category.get_absolute_url()
        if self.author_id is not None:
            if not AuthorProfile.objects.public().filter(pk=self.author_id).exists():
                return None
            return self.author.get_absolute_url()
        return self.target_url or None

    def target_description(self):
        if self.post_id is not None:
            return str(self.post)
        if self.category_id is not None:
            return str(self.category)
        if self.author_id is not None:
            return str(self.author)
        return self.target_url
