"""Small-site mode: the app serves the files of the media library itself.

What a browser or a video player would notice: the file's bytes with its
type and a year's cache, byte ranges to seek in a video, and a 404 for
anything that is not a stored file: folders, other types, hidden files, and
paths leading out of MEDIA_ROOT.
"""

import re

import pytest
import requests
from django.test import override_settings

from media_gallery import library
from media_gallery.models import MediaStatus
from tests.freeiran.test_multiserver import BIN, free_port, start, stop, wait_until
from tests.freeiran.test_settings import manage

from . import samples
from .conftest import read
from .factories import ImageFactory

pytestmark = pytest.mark.django_db

YEAR_IMMUTABLE = "public, max-age=31536000, immutable"


@pytest.fixture
def video():
    return library.add_video_file(samples.upload(samples.mp4(), "clip.mp4", "video/mp4"))


@pytest.fixture
def clip(video):
    """The stored video's address and bytes."""
    return video.file.url, read(video.file.name)


def test_an_image_and_its_renditions_are_served_with_a_years_cache(client):
    image = ImageFactory()
    webp = image.renditions.get(spec="width-300", format="webp")
    for name, content_type in [(image.file.name, "image/jpeg"), (webp.file.name, "image/webp")]:
        response = client.get(f"/media/{name}")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == read(name)
        assert response["Content-Type"] == content_type
        assert response["Content-Length"] == str(len(read(name)))
        assert response["Cache-Control"] == YEAR_IMMUTABLE
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Accept-Ranges"] == "bytes"
        assert re.fullmatch(r'"[0-9a-f]+-[0-9a-f]+"', response["ETag"])
        assert response["Last-Modified"].endswith(" GMT")
        # Nothing that depends on who asks, nothing that names the file.
        assert "Set-Cookie" not in response
        assert "Vary" not in response
        assert "Content-Disposition" not in response


def test_the_page_of_an_image_shows_files_the_app_serves(client):
    image = ImageFactory()
    page = client.get(image.get_absolute_url()).content.decode()
    sources = re.findall(r'src="(/media/[^"]+)"', page)
    assert sources
    for source in sources:
        assert client.get(source).status_code == 200


def test_head_answers_the_headers_without_the_body(client, clip):
    url, data = clip
    response = client.head(url)
    assert response.status_code == 200
    assert response.content == b""
    assert response["Content-Length"] == str(len(data))
    assert response["Content-Type"] == "video/mp4"
    assert response["Cache-Control"] == YEAR_IMMUTABLE


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [("bytes=0-99", 0, 99), ("bytes=100-", 100, None), ("bytes=-10", -10, None)],
)
def test_a_video_player_gets_the_range_it_asks_for(client, clip, header, first, last):
    url, data = clip
    wanted = data[first : None if last is None else last + 1]
    response = client.get(url, headers={"Range": header})
    assert response.status_code == 206
    assert b"".join(response.streaming_content) == wanted
    start = first % len(data)
    assert response["Content-Range"] == f"bytes {start}-{start + len(wanted) - 1}/{len(data)}"
    assert response["Content-Length"] == str(len(wanted))
    assert response["Content-Type"] == "video/mp4"
    assert response["Cache-Control"] == YEAR_IMMUTABLE


@pytest.mark.parametrize("header", ["bytes=999999999-", "bytes=-0"])
def test_a_range_past_the_end_is_refused_with_the_size(client, clip, header):
    url, data = clip
    response = client.get(url, headers={"Range": header})
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(data)}"


@pytest.mark.parametrize(
    "header",
    ["bytes=0-1,5-6", "bytes=5-1", "bytes=x-y", "pages=1-2", "bytes=" + "9" * 5000 + "-"],
)
def test_several_or_malformed_ranges_get_the_whole_file(client, clip, header):
    url, data = clip
    response = client.get(url, headers={"Range": header})
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data


def test_a_range_of_an_older_version_gets_the_whole_file(client, clip):
    """If-Range: resume only if the file is still the one the player started with."""
    url, data = clip
    etag = client.head(url)["ETag"]
    same = client.get(url, headers={"Range": "bytes=0-9", "If-Range": etag})
    assert same.status_code == 206
    other = client.get(url, headers={"Range": "bytes=0-9", "If-Range": '"1-2"'})
    assert other.status_code == 200
    assert b"".join(other.streaming_content) == data


def test_a_browser_revalidating_gets_not_modified(client):
    image = ImageFactory(renditions=False)
    url = image.file.url
    response = client.get(url, headers={"If-None-Match": client.head(url)["ETag"]})
    assert response.status_code == 304


def test_a_file_outside_media_root_is_never_served(client, media_root):
    image = ImageFactory(renditions=False)
    secret = media_root.parent / "secret.jpg"
    secret.write_bytes(read(image.file.name))
    for path in [
        "/media/../secret.jpg",
        "/media/%2e%2e/secret.jpg",
        "/media/images/../../secret.jpg",
        f"/media/{secret}",
        f"/media//{secret}",  # redirected to the one slash, inside MEDIA_ROOT
        "/media/images/nul%00.jpg",
        "/media/" + "long/" * 2000 + "x.jpg",
    ]:
        assert client.get(path, follow=True).status_code == 404, path


def test_folders_are_never_listed(client, media_root):
    image = ImageFactory(renditions=False)
    folder = image.file.name.rsplit("/", 1)[0]
    (media_root / "looks-like.jpg").mkdir()
    for path in ["/media/", "/media/images/", f"/media/{folder}/", "/media/looks-like.jpg"]:
        response = client.get(path)
        assert response.status_code == 404, path
        assert image.file.name.rsplit("/", 1)[1] not in response.content.decode()


def test_only_the_types_the_library_stores_are_served(client, media_root):
    """An HTML or SVG file dropped in MEDIA_ROOT must not run as the site's own page."""
    (media_root / "images").mkdir(parents=True)
    for name in ["page.html", "drawing.svg", "notes.txt", ".hidden.jpg", "images/.env.jpg"]:
        (media_root / name).write_bytes(b"<script>alert(1)</script>")
        assert client.get(f"/media/{name}").status_code == 404, name
    assert client.get("/media/missing.jpg").status_code == 404


def test_only_get_and_head(client):
    image = ImageFactory(renditions=False)
    assert client.post(image.file.url).status_code == 405


def test_a_drafts_files_are_not_found_from_anything_public(client):
    """Drafts are kept private as on S3 or behind nginx: by an address that nothing
    public shows, that cannot be guessed, and that no folder listing gives away."""
    draft = ImageFactory(status=MediaStatus.DRAFT, title="Embargoed rally")
    names = [draft.file.name, *(r.file.name for r in draft.renditions.all())]
    assert re.fullmatch(r"images/\d{4}/\d{2}/embargoed-rally-[0-9a-f]{12}\.jpg", draft.file.name)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get("/media/images/embargoed-rally.jpg").status_code == 404
    folder = draft.file.name.rsplit("/", 1)[0]
    pages = ["/", "/gallery/", "/sitemap.xml", "/search/?q=embargoed", f"/media/{folder}/"]
    for page in pages:
        text = client.get(page).content.decode()
        assert not any(name.rsplit(".", 1)[0] in text for name in names), page


def test_served_photos_carry_no_camera_metadata(client):
    data = samples.jpeg()
    assert any(marker in data for marker in samples.IDENTIFYING)
    image = ImageFactory(data=data)
    for name in [image.file.name, *(r.file.name for r in image.renditions.all())]:
        served = b"".join(client.get(f"/media/{name}").streaming_content)
        assert not any(marker in served for marker in samples.IDENTIFYING), name


@override_settings(SERVE_MEDIA=False)
def test_with_a_web_server_in_front_the_app_serves_no_media(client):
    image = ImageFactory(renditions=False)
    assert client.get(image.file.url).status_code == 404


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, "True"),
        ({"DJANGO_SERVE_MEDIA": "0"}, "False"),
        ({"AWS_STORAGE_BUCKET_NAME": "media"}, "False"),
    ],
)
def test_small_site_mode_is_on_with_local_storage(tmp_path, environment, expected):
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SERVE_MEDIA)",
        DJANGO_DEBUG="1",
        DJANGO_VAR_DIR=str(tmp_path),
        **environment,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected


def test_serving_local_media_with_object_storage_is_refused(tmp_path):
    result = manage(
        "check",
        DJANGO_DEBUG="1",
        DJANGO_VAR_DIR=str(tmp_path),
        DJANGO_SERVE_MEDIA="1",
        AWS_STORAGE_BUCKET_NAME="media",
    )
    assert result.returncode == 1
    assert "ImproperlyConfigured: DJANGO_SERVE_MEDIA=1 serves local files" in result.stderr


def test_gunicorn_serves_media_as_make_serve_runs_it(tmp_path):
    """Through a real WSGI server (its sendfile and HEAD handling), as ``make serve``
    runs the site: debug off, local storage, no proxy in front."""
    media = tmp_path / "media"
    (media / "videos").mkdir(parents=True)
    data = samples.mp4() * 20
    (media / "videos" / "clip-0123456789ab.mp4").write_bytes(data)
    port = free_port()
    with (tmp_path / "gunicorn.log").open("w") as log:
        server = start(
            [str(BIN / "gunicorn"), "-c", "freeiran/gunicorn.py", "freeiran.wsgi"],
            log,
            DJANGO_DEBUG="0",
            DJANGO_SECRET_KEY="serve-" + "k3y-" * 15,
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            DJANGO_VAR_DIR=str(tmp_path),
            MEDIA_ROOT=str(media),
            GUNICORN_BIND=f"127.0.0.1:{port}",
            GUNICORN_WORKERS="1",
        )
    url = f"http://127.0.0.1:{port}/media/videos/clip-0123456789ab.mp4"
    try:
        wait_until(lambda: requests.head(url, timeout=2).status_code == 200, "gunicorn")
        whole = requests.get(url, timeout=10)
        assert whole.content == data
        assert whole.headers["Cache-Control"] == YEAR_IMMUTABLE
        part = requests.get(url, headers={"Range": "bytes=1000-1999"}, timeout=10)
        assert part.status_code == 206
        assert part.content == data[1000:2000]
        assert part.headers["Content-Range"] == f"bytes 1000-1999/{len(data)}"
        head = requests.head(url, timeout=10)
        assert head.headers["Content-Length"] == str(len(data))
        assert head.content == b""
    finally:
        stop(server)
