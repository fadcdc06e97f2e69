"""Signals this app sends for changes that Django's model signals do not report."""

from django.dispatch import Signal

# Sent with ``pks`` after writes that bypass save() (status actions, imports,
# pages moved with their parent, a tag renamed), so that derived data — the
# page cache, the search index — can follow.
posts_updated = Signal()
