"""Security headers and request limits that Django's own middleware does not cover."""

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


def request_limits(get_response):
    """Refuse oversized bodies (413) and absurd addresses (414) before any of it is read.

    The declared length is checked before Django parses a byte of the body,
    so a huge upload costs nothing; a body larger than it declared is cut
    off by Django's own limits while streaming.
    """

    def middleware(request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse("Bad Content-Length.", status=400, content_type="text/plain")
        if length > settings.MAX_REQUEST_BYTES:
            return HttpResponse(
                "This upload is too large for the site.", status=413, content_type="text/plain"
            )
        if len(request.get_full_path()) > MAX_URL_LENGTH:
            return HttpResponse("This address is too long.", status=414, content_type="text/plain")
        return get_response(request)

    return middleware


def permissions_policy(get_response):
    """Add Permissions-Policy: the browser features no page of the site uses."""

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response

    return middleware
