"""Whole pages for anonymous visitors, from the shared cache, invalidated by tags.

A view that may be cached says what it shows with ``tag(request, ...)``:
``"sidebar"`` (every page with the Recent Posts and Categories widgets),
``"listings"`` (lists of posts: home, categories, feeds…), ``"post:12"``,
``"image:3"``… Each tag has a version in the shared cache; a cached page
remembers the versions it was rendered with and is served only while they
are all current. Changing content bumps the versions of exactly the tags
that show it (after the transaction commits), on every app server at once,
with no TTL to wait for.

Content dated in the future (scheduled posts, media) must appear on time
with no event to bump a tag, so a page also expires when the next dated item
goes live: apps register when that is with ``register_schedule``.

Not cached: anything but GET/HEAD, visitors with a session (staff), pages
that set cookies, errors, and views that did not tag themselves. A page whose
tags were bumped while it was being rendered is not stored either (it may
show the content from before the change). Query parameters no view reads
are left out of the key, so random ones cannot fill the cache.

The page cache needs a cache all processes share (Redis): with local
memory, a change made in one process would not reach the others, so it is
off unless REDIS_URL is set (settings.PAGE_CACHE).
"""

from .tags import (
    bump,
    register_schedule,
    seconds_until_next_publication,
    shared_cache,
    tag,
    tagged,
    versions,
)

__all__ = [
    "bump",
    "register_schedule",
    "seconds_until_next_publication",
    "shared_cache",
    "tag",
    "tagged",
    "versions",
]
