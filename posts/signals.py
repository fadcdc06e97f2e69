"""Signals this app sends for changes that Django's model signals do not report."""

from django.dispatch import Signal

# Sent with ``pks`` after writes that bypass save() (status actions, imports,
# pages moved with their parent, a tag renamed), so that derived data — the
# page cache, the search index — can follow.
posts_updated = Signal()

# Sent with ``status`` (the new one) and ``previous`` ({pk: status before}, for
# the posts whose status changed) when the status actions set a status with
# one UPDATE, which sends no post_save: for the audit log.
status_changed = Signal()

# Sent with ``instance`` (the post or page) and ``revision`` (what it was
# restored from) when content is restored from an earlier revision.
content_restored = Signal()
