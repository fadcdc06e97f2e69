"""The middleware that answers anonymous visitors from the cache and stores what views tagged."""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_cache_control

from .tags import seconds_until_next_publication, versions

PAGE_PREFIX = "page:"
# Every query parameter a cached view reads: search form fields and the
# sitemaps' page. Others do not change a page, so they are not in its key.
KEY_PARAMETERS = ("q", "exact", "field", "type", "category", "sort", "opts", "page", "p")


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
