"""Values computed from published content, cached until that content changes.

Keyed by the version of the ``sidebar`` cache tag (see pagecache), which
changes whenever a post or a category changes in a way the sidebar shows,
and expiring by themselves when the next scheduled item is due: never
stale, and never recomputed on every request.
"""

from django.core.cache import cache

import pagecache

# With a shared cache every change reaches these at once; with each
# process's own memory, changes made by commands (imports, publish_scheduled)
# reach a server only when its copies expire.
MAX_AGE = 60 * 60
MAX_AGE_UNSHARED = 60


def cached_for_content(name, compute, tag="sidebar"):
    """``compute()``, cached until the cache tag ``tag`` changes or a scheduled post goes live.

    ``sidebar`` by default; values that change with what a listing shows but
    not with the sidebar (a tag's count) use ``listings``.
    """
    key = f"posts:{name}:{tag}:{pagecache.versions([tag])[tag]}"
    value = cache.get(key)
    if value is None:
        value = compute()
        age = MAX_AGE if pagecache.shared_cache() else MAX_AGE_UNSHARED
        cache.set(key, value, pagecache.seconds_until_next_publication(age))
    return value
