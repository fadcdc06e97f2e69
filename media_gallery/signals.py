"""Signals this app sends for changes that Django's model signals do not report."""

from django.dispatch import Signal

# Sent with ``image_pk`` once ``renditions.sync`` has made, replaced or removed
# any of an image's renditions: pages and search entries showing the image
# follow. One signal per image rather than a model signal per rendition (up
# to 14 of them, and replacements are UPDATEs, which send none).
renditions_changed = Signal()
