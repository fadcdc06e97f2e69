"""Security headers, sign-in throttling, rate limits and hostile requests."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db

PUBLIC_URLS = [
    "/",
    "/page/2/",
    "/a-post/",
    "/category/news/",
    "/tag/paris/",
    "/author/writer/",
    "/2024/",
    "/feed/",
    "/sitemap.xml",
    "/search/?q=rally",
    "/search/live/?q=rally",
    "/gallery/",
    "/healthz",
    "/robots.txt",
]


@pytest.fixture
def site():
    from tests.factories import CategoryFactory

    writer = UserFactory(username="writer")
    PostFactory(
        title="A post",
        slug="a-post",
        author=writer,
        tags=["Paris"],
        categories=[CategoryFactory(slug="news")],
        published_at=datetime.datetime(2024, 5, 1, 10, tzinfo=datetime.UTC),
    )


def test_public_pages_carry_a_strict_content_security_policy(client, site):
    response = client.get("/a-post/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-src https://www.youtube-nocookie.com https://player.vimeo.com" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy


def test_other_security_headers(client, site):
    response = client.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "camera=()" in response["Permissions-Policy"]


def test_live_search_is_rate_limited_per_address(client, settings, site):
    settings.LIVE_SEARCH_RATE = "3/m"
    url = reverse("search:live")
    for _ in range(3):
        assert client.get(url, {"q": "post"}, REMOTE_ADDR="203.0.113.9").status_code == 200
    limited = client.get(url, {"q": "post"}, REMOTE_ADDR="203.0.113.9")
    assert limited.status_code == 429
    assert limited["Retry-After"] == "60"
    assert limited.json()["results"] == []
    assert client.get(url, {"q": "post"}, REMOTE_ADDR="203.0.113.10").status_code == 200


def post_declaring(client, url, length):
    return client.post(url, data="x" * 10, content_type="text/plain", CONTENT_LENGTH=str(length))


def test_oversized_bodies_are_refused_before_reading(client, settings):
    settings.MAX_REQUEST_BYTES = 10 * 1024 * 1024
    response = post_declaring(client, "/admin/media_gallery/image/upload/", 11 * 1024 * 1024)
    assert response.status_code == 413
    assert response.content == b"This request is too large for the site."
    assert post_declaring(client, "/", 100 * 1024).status_code == 413  # public: 64 KB


def test_only_signed_in_staff_may_send_large_bodies(client, settings):
    settings.MAX_REQUEST_BYTES = 10 * 1024 * 1024
    upload = "/admin/media_gallery/image/upload/"
    assert post_declaring(client, upload, 1024 * 1024).status_code == 413  # anonymous
    client.force_login(UserFactory(username="visitor"))
    assert post_declaring(client, upload, 1024 * 1024).status_code == 413  # not staff
    client.force_login(UserFactory(username="staffer", is_staff=True))
    assert post_declaring(client, upload, 1024 * 1024).status_code != 413


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_head_options_and_other_methods_never_fail(site, url):
    client = Client(raise_request_exception=False)
    assert client.head(url).status_code in (200, 301, 302, 404)
    assert client.options(url).status_code < 500
    for method in ("post", "put", "delete", "patch"):
        status = getattr(client, method)(url).status_code
        assert 400 <= status < 500, (method, url, status)


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_HOST": "evil.example.org"},
        {"HTTP_HOST": "testserver:99999999"},
        {"HTTP_HOST": "a" * 5000},
        {"HTTP_COOKIE": "sessionid=\x00\x01; csrftoken=;;;=; =="},
        {"HTTP_COOKIE": "sessionid=" + "x" * 8000},
        {"HTTP_ACCEPT_LANGUAGE": "xx" * 1000},
    ],
)
def test_hostile_headers_get_clean_answers(site, headers):
    response = Client(raise_request_exception=False).get("/", **headers)
    assert response.status_code in (200, 400)


@pytest.mark.parametrize("length", [5_000, 50_000])
def test_very_long_addresses_get_clean_answers(site, length):
    client = Client(raise_request_exception=False)
    assert client.get("/" + "a" * length + "/").status_code in (404, 414)
    assert client.get("/", {"x": "y" * length}).status_code in (200, 414)
    assert client.get("/search/", {"q": "y" * length}).status_code in (400, 414)


def test_behind_a_proxy_the_limit_counts_the_address_the_proxy_saw(client, settings, site):
    """The client may write anything in X-Forwarded-For; only the proxy's own entry counts."""
    settings.PROXY_COUNT = 1
    settings.LIVE_SEARCH_RATE = "2/m"
    url = reverse("search:live")
    for spoof in ("10.0.0.1", "10.0.0.2"):
        response = client.get(url, {"q": "post"}, HTTP_X_FORWARDED_FOR=f"{spoof}, 203.0.113.7")
        assert response.status_code == 200
    limited = client.get(url, {"q": "post"}, HTTP_X_FORWARDED_FOR="10.0.0.3, 203.0.113.7")
    assert limited.status_code == 429
    other = client.get(url, {"q": "post"}, HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert other.status_code == 200
    direct = client.get(url, {"q": "post"})  # no header (a health probe): REMOTE_ADDR
    assert direct.status_code == 200
