"""Security headers, sign-in throttling, rate limits and hostile requests."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    from tests.factories import CategoryFactory

    writer = UserFactory(username="s.writer", first_name="Writer", last_name="")  # /author/writer/
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
    # Past the size checks: the upload view sends staff without the permission to add
    # images back to the image list.
    response = post_declaring(client, upload, 1024 * 1024)
    assert (response.status_code, response["Location"]) == (302, "/admin/media_gallery/image/")


@pytest.mark.parametrize(
    ("url", "head", "options"),
    [
        ("/", 200, 200),
        ("/page/2/", 404, 200),  # one post: no second page
        ("/a-post/", 200, 405),
        ("/category/news/", 200, 200),
        ("/tag/paris/", 200, 200),
        ("/author/writer/", 200, 200),
        ("/2024/", 200, 200),
        ("/feed/", 200, 405),
        ("/sitemap.xml", 200, 405),
        ("/search/?q=rally", 200, 405),
        ("/search/live/?q=rally", 200, 405),
        ("/gallery/", 200, 200),
        ("/healthz", 200, 405),
        ("/robots.txt", 200, 405),
    ],
)
def test_head_options_and_other_methods_never_fail(site, url, head, options):
    """HEAD answers as GET does; OPTIONS is answered by class-based views (200) and refused
    by the views that allow only GET and HEAD (405); writing methods are refused (405)."""
    client = Client(raise_request_exception=False)
    assert client.head(url).status_code == head
    assert client.options(url).status_code == options
    for method in ("post", "put", "delete", "patch"):
        status = getattr(client, method)(url).status_code
        assert status == 405, (method, url, status)


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"HTTP_HOST": "evil.example.org"}, 400),  # not in ALLOWED_HOSTS
        ({"HTTP_HOST": "testserver:99999999"}, 200),  # any port of an allowed host
        ({"HTTP_HOST": "a" * 5000}, 400),
        ({"HTTP_COOKIE": "sessionid=\x00\x01; csrftoken=;;;=; =="}, 200),
        ({"HTTP_COOKIE": "sessionid=" + "x" * 8000}, 200),
        ({"HTTP_ACCEPT_LANGUAGE": "xx" * 1000}, 200),
    ],
)
def test_hostile_headers_get_clean_answers(site, headers, status):
    response = Client(raise_request_exception=False).get("/", **headers)
    assert response.status_code == status


@pytest.mark.parametrize(
    ("length", "statuses"),
    [
        # Under the 64 KB address limit: no such page, the home page, a too-long search.
        (5_000, (404, 200, 400)),
        (50_000, (404, 200, 400)),
        # Over it: refused before any view runs.
        (70_000, (414, 414, 414)),
    ],
)
def test_very_long_addresses_get_clean_answers(site, length, statuses):
    client = Client(raise_request_exception=False)
    assert (
        client.get("/" + "a" * length + "/").status_code,
        client.get("/", {"x": "y" * length}).status_code,
        client.get("/search/", {"q": "y" * length}).status_code,
    ) == statuses


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
