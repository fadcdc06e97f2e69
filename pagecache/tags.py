"""Cache tags: what a page shows, and their versions in the shared cache (see the package)."""

import logging
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

VERSION_PREFIX = "tag-version:"
# Tags make pages stale at once; the timeout only bounds the damage of a
# bump that could not reach the cache (see ``bump``).
PAGE_TIMEOUT = 60 * 60
# Bumps the shared cache refused (an outage); sent again before the next use.
_unsent = {}

_schedules = []


def register_schedule(next_publication):
    """``next_publication()`` returns when the next future-dated item goes live, or None."""
    _schedules.append(next_publication)


def seconds_until_next_publication(limit):
    """Seconds until something scheduled appears (at most ``limit``, at least 1)."""
    now = timezone.now()
    due = [when for when in (schedule() for schedule in _schedules) if when is not None]
    if not due:
        return limit
    return max(1, min(limit, int((min(due) - now).total_seconds()) + 1))


def shared_cache():
    """Whether every process sees the same cache (Redis), or each its own memory."""
    return "LocMemCache" not in settings.CACHES["default"]["BACKEND"]


def tag(request, *tags, timeout=PAGE_TIMEOUT):
    """Let this response be cached for anonymous visitors, as showing ``tags``."""
    request.cache_tags = set(getattr(request, "cache_tags", ())) | set(tags)
    request.cache_timeout = min(getattr(request, "cache_timeout", timeout), timeout)


def tagged(*tags, timeout=PAGE_TIMEOUT):
    """Decorator form of ``tag`` for views we do not write ourselves (sitemaps)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            tag(request, *tags, timeout=timeout)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def bump(*tags):
    """Make every page showing any of ``tags`` stale, once the transaction commits.

    The new version is the time of the commit, so a page rendered before it
    can tell (see ``PageCacheMiddleware``). If the cache refuses the write,
    the bump is kept and sent again before this process next uses the cache.
    """
    if tags:
        transaction.on_commit(lambda: send({VERSION_PREFIX + t: time.time_ns() for t in tags}))


def send(new_versions):
    _unsent.update(new_versions)
    pending = dict(_unsent)
    failed = set(cache.set_many(pending, None) or ())
    for key in set(pending) - failed:
        _unsent.pop(key, None)
    if failed:
        logger.error("Cache refused %d tag bumps; they will be sent again.", len(failed))


def versions(tags):
    """Current versions of ``tags`` (0 for a tag never bumped)."""
    if _unsent:
        send({})
    keys = [VERSION_PREFIX + t for t in tags]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            found[key] = 0 if cache.add(key, 0, None) else cache.get(key, 0)
    return {key.removeprefix(VERSION_PREFIX): value for key, value in found.items()}
