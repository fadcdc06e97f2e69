"""What must be refreshed after content is written in bulk.

Bulk writes bypass ``save()`` and its signals, so the import calls
``refresh_dependents()`` once at the end instead of once per row.
"""

from posts.sidebar import content_changed
from search import indexing


def refresh_dependents(search_index=True, progress=None):
    """Mark cached pages and widgets stale, and bring the search index up to date.

    The rebuild writes only entries that differ from their posts, so after a
    second import of the same file it reads everything and writes nothing.
    ``progress`` is called once per indexed object.
    """
    content_changed()
    if search_index:
        return indexing.rebuild(progress=progress)
    return None
