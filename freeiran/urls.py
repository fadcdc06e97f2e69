from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.decorators.http import require_safe

from freeiran.health import healthz
from media_gallery.serving import media_file
from media_gallery.sitemaps import sitemaps as media_sitemaps
from pagecache import tagged
from posts.sitemaps import sitemaps as post_sitemaps
from posts.views import robots_txt

# The admin carries the site's own name, in its header, title bar and sign-in page.
admin.site.site_header = admin.site.site_title = settings.SITE_NAME
handler500 = "freeiran.health.server_error"
sitemaps = {**post_sitemaps, **media_sitemaps}


def sitemap(view):
    """Sitemap views: GET and HEAD only, cached as showing every listing."""
    return require_safe(tagged("listings", "media-listings")(view))


urlpatterns = [
    path("admin/security/", include("accounts.urls")),
    # Passkey ceremonies, under the namespace django-otp-webauthn's scripts reverse.
    path("admin/security/passkeys/", include("accounts.passkey_urls")),
    path("admin/desk/", include("desk.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("search/", include("search.urls")),
    path("sitemap.xml", sitemap(sitemap_views.index), {"sitemaps": sitemaps}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap(sitemap_views.sitemap),
        {"sitemaps": sitemaps},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("", include("media_gallery.urls")),
    # Uploaded files, while no web server or object storage serves them (SERVE_MEDIA).
    path(f"{settings.MEDIA_URL.strip('/')}/<path:name>", media_file, name="media_file"),
    # Last: its catch-all serves posts and pages at WordPress-style addresses.
    path("", include("posts.urls")),
]
