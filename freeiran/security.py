"""Security headers and request limits that Django's own middleware does not cover."""

import ipaddress

from django.conf import settings
from django.http import HttpResponse

# No page of the site uses these browser features; the video players may go
# full screen.
PERMISSIONS_POLICY = ", ".join(
    [
        "camera=()",
        "microphone=()",
        "geolocation=()",
        "payment=()",
        "usb=()",
        "browsing-topics=()",
        'fullscreen=(self "https://www.youtube-nocookie.com" "https://player.vimeo.com")',
    ]
)
# gunicorn refuses request lines over 8 KB first (freeiran/gunicorn.py); this is the
# backstop for other servers. A 10,000-character search still gets its message.
MAX_URL_LENGTH = 65536


def client_address(request):
    """The visitor's address, for throttling: never what the visitor says it is.

    Behind PROXY_COUNT proxies that each append to X-Forwarded-For, the
    entry that many places from the right is the one our nearest trusted
    proxy saw; anything further left was written by the client.
    """
    if settings.PROXY_COUNT:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        if len(hops) >= settings.PROXY_COUNT and is_address(hops[-settings.PROXY_COUNT]):
            return hops[-settings.PROXY_COUNT]
    return request.META.get("REMOTE_ADDR", "")


def is_address(text):
    """Whether ``text`` is an IP address (a proxy may pass on "unknown", or a port)."""
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def address_key(group, request):
    """django-ratelimit key: one count per visitor address."""
    return client_address(request)


def declared_length(request):
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return None


def too_large():
    return HttpResponse(
        "This request is too large for the site.", status=413, content_type="text/plain"
    )


def request_limits(get_response):
    """Refuse oversized bodies (413) and absurd addresses (414) before any of it is read.

    Only the admin takes large bodies (uploads), up to MAX_REQUEST_BYTES;
    everything else, forms included, fits in PUBLIC_MAX_REQUEST_BYTES. The
    declared length is checked before Django parses a byte of the body; a
    body longer than it declared is cut off by Django's own limits.
    """

    def middleware(request):
        length = declared_length(request)
        if length is None:
            return HttpResponse("Bad Content-Length.", status=400, content_type="text/plain")
        limit = (
            settings.MAX_REQUEST_BYTES
            if request.path.startswith("/admin/")
            else settings.PUBLIC_MAX_REQUEST_BYTES
        )
        if length > limit:
            return too_large()
        if len(request.get_full_path()) > MAX_URL_LENGTH:
            return HttpResponse("This address is too long.", status=414, content_type="text/plain")
        return get_response(request)

    return middleware


def staff_uploads_only(get_response):
    """Large bodies only from signed-in staff: checked after authentication, before
    CSRF protection or any view reads (and spools to disk) the body."""

    def middleware(request):
        if declared_length(request) > settings.PUBLIC_MAX_REQUEST_BYTES and not (
            request.user.is_authenticated and request.user.is_staff
        ):
            return too_large()
        return get_response(request)

    return middleware


def permissions_policy(get_response):
    """Add Permissions-Policy: the browser features no page of the site uses."""

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response

    return middleware
