"""Old WordPress search addresses (``/?s=…`` and Ajax Search Lite's options) keep working."""

from urllib.parse import urlencode

from django.http import HttpResponsePermanentRedirect
from django.urls import reverse

from posts.models import Category

from .models import SearchEntry

# Ajax Search Lite's post types -> ours.
LEGACY_TYPES = {
    "post": SearchEntry.Kind.POST,
    "page": SearchEntry.Kind.PAGE,
    "attachment": SearchEntry.Kind.MEDIA,
}
LEGACY_FIELDS = {"title": "title", "content": "content"}


def legacy_search_redirect(get_response):
    """Redirect ``/?s=…`` (with ASL's ``asl_gen[]``, ``categoryset[]``, ``customset[]``)."""

    def middleware(request):
        if request.path == "/" and "s" in request.GET:
            return HttpResponsePermanentRedirect(canonical_search_url(request.GET))
        return get_response(request)

    return middleware


def canonical_search_url(params):
    query = [("q", params.get("s", "")[:1000])]
    options = params.getlist("asl_gen[]")
    if "exact" in options:
        query.append(("exact", "1"))
    fields = [LEGACY_FIELDS[o] for o in options if o in LEGACY_FIELDS]
    if options:
        query += [("field", field) for field in fields] + [("opts", "1")]
    query += [
        ("type", LEGACY_TYPES[kind])
        for kind in params.getlist("customset[]")
        if kind in LEGACY_TYPES
    ]
    wordpress_ids = [
        int(i)
        for i in params.getlist("categoryset[]")
        if i.isascii() and i.isdigit() and len(i) < 12
    ]
    if wordpress_ids:
        pks = Category.objects.filter(wp_id__in=wordpress_ids).values_list("pk", flat=True)
        query += [("category", pk) for pk in sorted(pks)]
    return f"{reverse('search:results')}?{urlencode(query)}"
