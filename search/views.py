from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django_ratelimit.decorators import ratelimit

import pagecache
from freeiran.security import address_key

from . import engine
from .backends import SearchTimeout
from .filters import SearchFilterSet
from .models import SearchEntry
from .query import clean

# Search pages are many and each is rarely asked for twice: keep them briefly
# (changes to content still make them stale at once, by their tags).
SEARCH_CACHE_SECONDS = 60
TOO_LONG = "This search took too long. Please refine it: add a word, or choose a type or category."


@require_safe
def results(request):
    """The result page: validate, search, paginate, render."""
    filterset = SearchFilterSet(request.GET or None, queryset=SearchEntry.objects.visible())
    context = {"filterset": filterset, "form": filterset.form}
    if not filterset.is_bound:
        return render(request, "search/results.html", context)
    if not filterset.is_valid():
        return render(request, "search/results.html", context, status=400)

    try:
        context.update(vars(engine.search_page(filterset, request.GET.get("page"))))
    except SearchTimeout:
        # Not cached: the same search may well finish when the server is less busy.
        context.update(search=filterset.search_request(), timed_out=TOO_LONG)
        return render(request, "search/results.html", context, status=503)
    pagecache.tag(request, "sidebar", "search", timeout=SEARCH_CACHE_SECONDS)
    return render(request, "search/results.html", context)


@require_safe
@ratelimit(key=address_key, rate=lambda group, request: settings.LIVE_SEARCH_RATE, block=False)
def live(request):
    """The top matches as JSON, for the header box's as-you-type results.

    Rate-limited per address (the shared cache counts across app servers);
    over the limit the script simply shows nothing until the next minute.
    """
    if getattr(request, "limited", False):
        response = JsonResponse(
            {"results": [], "error": "Too many searches from your address; wait a minute."},
            status=429,
        )
        response["Retry-After"] = "60"
        return response
    text = clean(request.GET.get("q", ""))
    try:
        results = engine.live(text) if text else []
    except SearchTimeout:
        return JsonResponse({"results": [], "error": TOO_LONG}, status=503)
    pagecache.tag(request, "search", timeout=SEARCH_CACHE_SECONDS)
    return JsonResponse({"results": results})
