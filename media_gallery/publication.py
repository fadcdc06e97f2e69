"""When media are public: the one rule for images, videos and galleries.

Images and videos are public once published, like WordPress attachments;
galleries are drafted and published like posts. ``MediaQuerySet.published``
decides that for all three, ``published_q`` says the same of rows reached
through a relation, and ``MediaItem.is_public`` mirrors it for one object
already in memory (the search index and templates need a yes/no).
``MediaQuerySet.visible_to`` extends the rule to staff, for the admin and
previews.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from posts import roles


class MediaStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class MediaQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: published, and dated now or earlier.

        Every public view, feed, template tag and search document of images,
        videos and galleries starts from this method (or ``published_q``).
        """
        return self.filter(published_q())

    def listed(self):
        """The status half of ``published()``: public now or from their date on."""
        return self.filter(status=MediaStatus.PUBLISHED)

    def upcoming(self):
        """Items that will become public at their date, with no further change."""
        return self.listed().filter(published_at__gt=timezone.now())

    def visible_to(self, user):
        """What ``user`` may know exists: everything for those who may edit others'
        content (Editors, administrators); published items and their own for other
        staff; published items for everyone else.

        Authors and Contributors must not learn of colleagues' drafts and scheduled
        items (titles, files, dates), so every admin list, autocomplete, picker,
        preview and duplicate warning starts from this method.
        """
        if not (user.is_active and user.is_staff):
            return self.published()
        if user.has_perm(roles.EDIT_OTHERS):
            return self
        return self.filter(published_q() | Q(uploaded_by=user))

    def newest_first(self):
        return self.order_by("-published_at", "-pk")


def published_q(prefix=""):
    """The published rule as a ``Q``, for rows reached through a relation (``prefix="image__"``)."""
    return Q(
        **{
            f"{prefix}status": MediaStatus.PUBLISHED,
            f"{prefix}published_at__lte": timezone.now(),
        }
    )
