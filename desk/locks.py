"""Post locks, as in WordPress: who has a post's change form open right now.

Opening the form takes the lock when nobody else holds it; the form's script
then renews it with a heartbeat every ``POST_LOCK_HEARTBEAT_SECONDS``. A lock
whose holder missed two beats (the tab was closed, the laptop slept) is
free again, so nobody has to release it by hand. Someone else opening the
form is told who is editing and may take the lock over; the first editor's
next heartbeat learns it, and the save from their form is refused.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from posts.models import Post


def heartbeat_seconds():
    """How often an open form renews its lock (a setting, so browser tests need not wait)."""
    return settings.POST_LOCK_HEARTBEAT_SECONDS


def lifetime():
    """How long a lock lasts after its last beat: two missed beats, and half a beat more
    for a slow network or a busy server."""
    return datetime.timedelta(seconds=heartbeat_seconds() * 2.5)


class PostLockQuerySet(models.QuerySet):
    def fresh(self):
        """Locks whose holder is still beating."""
        return self.filter(beat_at__gt=timezone.now() - lifetime())

    def holder_of(self, post):
        """The fresh lock on ``post``, with its holder's public profile, or None."""
        return self.fresh().filter(post=post).select_related("user__author_profile").first()

    def beat(self, user, post):
        """``user``'s heartbeat on ``post``: keeps their lock, or takes it when it is free or
        its holder stopped beating; never takes it from someone still beating. Returns the
        lock as it is now (``user``'s, or the other holder's)."""
        now = timezone.now()
        renewed = (
            self.filter(post=post)
            .filter(Q(user=user) | Q(beat_at__lte=now - lifetime()))
            .update(
                user=user,
                beat_at=now,
                since=Case(When(user=user, then=F("since")), default=Value(now)),
            )
        )
        if not renewed:
            try:
                with transaction.atomic():
                    self.create(post=post, user=user, since=now, beat_at=now)
            except IntegrityError:
                pass  # someone else's fresh lock, or one taken an instant ago
        return self.select_related("user__author_profile").get(post=post)

    def take_over(self, user, post):
        """Give ``post``'s lock to ``user``, whoever held it."""
        now = timezone.now()
        lock, _created = self.update_or_create(
            post=post, defaults={"user": user, "since": now, "beat_at": now}
        )
        return lock

    def release(self, user, post):
        """Free ``post`` if ``user`` holds its lock (their save ends their editing)."""
        self.filter(post=post, user=user).delete()


class PostLock(models.Model):
    post = models.OneToOneField(
        Post, primary_key=True, on_delete=models.CASCADE, related_name="lock"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="post_locks"
    )
    # When this user took the lock, and when their form last beat.
    since = models.DateTimeField()
    beat_at = models.DateTimeField()

    objects = PostLockQuerySet.as_manager()

    class Meta:
        verbose_name = _("post lock")
        verbose_name_plural = _("post locks")

    def __str__(self):
        return f"{self.post_id} held by {self.user_id} since {self.since}"

    @property
    def holder_name(self):
        """The holder's public name (their author profile's), never their login."""
        profile = getattr(self.user, "author_profile", None)
        return profile.name if profile is not None else gettext("A colleague")
