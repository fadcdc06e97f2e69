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

import hashlib
import logging
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

VERSION_PREFIX = "tag-version:"
PAGE_PREFIX = "page:"
# Tags make pages stale at once; the timeout only bounds the damage of a
# bump that could not reach the cache (see ``bump``).
PAGE_TIMEOUT = 60 * 60
# Every query parameter a cached view reads: search form fields and the
# sitemaps' page. Others do not change a page, so they are not in its key.
KEY_PARAMETERS = ("q", "exact", "field", "type", "category", "sort", "opts", "page", "p")

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


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not cacheable_request(request):
            return self.get_response(request)
        key = page_key(request)
        hit = cache.get(key)
        if hit is not None and versions(hit["tags"]) == hit["versions"]:
            response = hit["response"]
            response["X-Cache"] = "hit"
            return response
        started = time.time_ns()
        response = self.get_response(request)
        tags = getattr(request, "cache_tags", None)
        if tags and cacheable_response(response):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            if not response.has_header("ETag"):
                response["ETag"] = f'"{hashlib.md5(response.content).hexdigest()}"'
            response["X-Cache"] = "miss"
            current = versions(tags)
            if max(current.values()) < started:
                entry = {"tags": sorted(tags), "versions": current, "response": response}
                cache.set(key, entry, seconds_until_next_publication(request.cache_timeout))
        return response


def cacheable_request(request):
    return (
        settings.PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def cacheable_response(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def page_key(request):
    """One entry per host, path and the query parameters views read, hashed."""
    parameters = sorted(
        (name, value)
        for name, values in request.GET.lists()
        if name in KEY_PARAMETERS
        for value in values
    )
    address = f"{request.get_host()}{request.path}?{parameters!r}"
    return PAGE_PREFIX + hashlib.sha256(address.encode()).hexdigest()
