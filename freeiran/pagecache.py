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
that set cookies, errors, and views that did not tag themselves.
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
PAGE_TIMEOUT = 60 * 60 * 24


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
    """Make every page showing any of ``tags`` stale, once the transaction commits."""
    if not tags:
        return
    new_version = time.time_ns()
    transaction.on_commit(
        lambda: cache.set_many({VERSION_PREFIX + t: new_version for t in tags}, None)
    )


def versions(tags):
    """Current versions of ``tags`` (a tag never bumped gets one now)."""
    keys = [VERSION_PREFIX + t for t in tags]
    found = cache.get_many(keys)
    missing = {key: time.time_ns() for key in keys if key not in found}
    for key, version in missing.items():
        if not cache.add(key, version, None):
            version = cache.get(key, version)
        found[key] = version
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
        response = self.get_response(request)
        tags = getattr(request, "cache_tags", None)
        if tags and cacheable_response(response):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            if not response.has_header("ETag"):
                response["ETag"] = f'"{hashlib.md5(response.content).hexdigest()}"'
            response["X-Cache"] = "miss"
            entry = {"tags": sorted(tags), "versions": versions(tags), "response": response}
            cache.set(key, entry, seconds_until_next_publication(request.cache_timeout))
        return response


def cacheable_request(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and getattr(settings, "PAGE_CACHE", True)
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
    """One entry per host and full path (with its query string), hashed to a fixed length."""
    address = f"{request.get_host()}{request.get_full_path()}"
    return PAGE_PREFIX + hashlib.sha256(address.encode()).hexdigest()
