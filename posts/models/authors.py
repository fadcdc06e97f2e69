"""Authors' public profiles: the name and address visitors know them by."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..querysets import AuthorProfileQuerySet
from ..slugs import unique_slug
from .redirects import Redirect


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
