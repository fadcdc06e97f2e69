"""Signals this app sends for changes that Django's model signals do not report."""

from django.dispatch import Signal

# Sent with ``image_pk`` when renditions were replaced in place (an UPDATE,
# which sends no post_save): pages and search entries showing them follow.
renditions_replaced = Signal()
