"""Autosaves: what an editor had typed in a post's form, kept apart from the post.

One record per user and post (and one per user and kind for a post not yet
saved, from the "Add post" form), replaced by each autosave. The post
itself never changes: saving the form does that, and removes the autosaves
it supersedes. What is kept is each field's value as its widget read it from
the form, so restoring is filling the form's initial values.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from posts.models import Post

# The editor's page sends what changed at most this often, and when it is left.
AUTOSAVE_SECONDS = 15


class AutosaveQuerySet(models.QuerySet):
    def of(self, user, kind, post=None):
        """``user``'s autosave of ``post``, or of a new post of ``kind`` when ``post`` is None."""
        if post is None:
            return self.filter(user=user, kind=kind, post__isnull=True)
        return self.filter(user=user, post=post)

    def record(self, user, kind, post, data):
        """Keep ``data`` as ``user``'s autosave (replacing the previous one); the autosave."""
        lookup = {"user": user, "kind": kind, "post": post}
        autosave, _created = self.update_or_create(
            **lookup, defaults={"data": data, "saved_at": timezone.now()}
        )
        return autosave

    def offered(self, user, kind, post=None):
        """The autosave to offer when ``user`` opens the form: only one newer than the post's
        last save (an older one holds nothing the post does not)."""
        autosaves = self.of(user, kind, post)
        if post is not None:
            autosaves = autosaves.filter(saved_at__gt=post.updated_at)
        return autosaves.first()

    def superseded_by_save(self, user, post, added):
        """Remove what saving ``post`` supersedes: every autosave of it and, when it was just
        added, ``user``'s autosave of a new post of its kind."""
        superseded = Q(post=post)
        if added:
            superseded |= Q(user=user, kind=post.kind, post__isnull=True)
        self.filter(superseded).delete()


class Autosave(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="autosaves"
    )
    kind = models.CharField(max_length=10, choices=Post.Kind)
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="autosaves"
    )
    # Field name -> the value its widget read from the form (text, a list, a boolean).
    data = models.JSONField()
    saved_at = models.DateTimeField()

    objects = AutosaveQuerySet.as_manager()

    class Meta:
        verbose_name = _("autosave")
        verbose_name_plural = _("autosaves")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "post"],
                condition=Q(post__isnull=False),
                name="desk_autosave_one_per_user_and_post",
            ),
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=Q(post__isnull=True),
                name="desk_autosave_one_new_per_user_and_kind",
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.post_id or 'new'} by {self.user_id} at {self.saved_at}"
