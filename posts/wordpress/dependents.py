"""What must be refreshed after content is written in bulk.

Bulk writes bypass ``save()`` and its signals, so the import calls
``refresh_dependents()`` once at the end instead of once per row.
"""

from posts.widgets import content_changed


def refresh_dependents():
    """Mark cached widgets stale and rebuild indexes derived from posts.

    The search index rebuild belongs here (the search app is being built);
    nothing else derived from content needs a rebuild today.
    """
    content_changed()
