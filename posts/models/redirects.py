"""Redirects: old addresses answered with a 301 to where their content is now."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..querysets import RedirectQuerySet


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
        "posts.Post",
        verbose_name=_("post or page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="redirects",
    )
    category = models.ForeignKey(
        "posts.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="redirects",
    )
    author = models.ForeignKey(
        "posts.AuthorProfile",
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
            if not self.target_model("post").objects.published().filter(pk=self.post_id).exists():
                return None
            return self.post.get_absolute_url()
        if self.category_id is not None:
            return self.category.get_absolute_url()
        if self.author_id is not None:
            public = self.target_model("author").objects.public()
            if not public.filter(pk=self.author_id).exists():
                return None
            return self.author.get_absolute_url()
        return self.target_url or None

    def target_model(self, field_name):
        """The model a target field points to (named, not imported: posts and authors
        remember their old addresses here, so they import this module)."""
        return self._meta.get_field(field_name).related_model

    def target_description(self):
        if self.post_id is not None:
            return str(self.post)
        if self.category_id is not None:
            return str(self.category)
        if self.author_id is not None:
            return str(self.author)
        return self.target_url
