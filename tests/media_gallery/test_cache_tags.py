"""Cached pages that show media are refreshed when the media change (review findings)."""

import pytest

from media_gallery import renditions
from tests.factories import PostFactory
from tests.media_gallery.factories import GalleryFactory, ImageFactory, VideoFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE = True


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            return change()

    return run


def cached(client, url):
    return client.get(url)["X-Cache"]


def test_unpublishing_a_video_refreshes_posts_showing_its_gallery(client, commit):
    video = commit(lambda: VideoFactory(title="Speech"))
    gallery = commit(lambda: GalleryFactory(title="Summit", slug="summit", items=[video]))
    commit(lambda: PostFactory(slug="report", gallery=gallery))
    cached(client, "/report/")
    assert cached(client, "/report/") == "hit"

    def unpublish():
        video.status = "draft"
        video.save()

    commit(unpublish)
    assert cached(client, "/report/") == "miss"


def test_replaced_renditions_refresh_the_pages_showing_them(client, commit):
    image = commit(lambda: ImageFactory(title="Rally"))
    url = image.get_absolute_url()
    cached(client, url)
    assert cached(client, url) == "hit"

    def move_focal_point():
        image.focal_x, image.focal_y = 0.1, 0.9
        image.save()
        renditions.sync(image, force=True)

    commit(move_focal_point)
    assert cached(client, url) == "miss"


def test_deleting_a_featured_image_refreshes_post_listings(client, commit):
    image = commit(lambda: ImageFactory(title="Cover"))
    commit(lambda: PostFactory(slug="pictured", featured_image=image))
    cached(client, "/")
    assert cached(client, "/") == "hit"
    commit(image.delete)
    assert cached(client, "/") == "miss"


def test_renditions_made_after_an_upload_refresh_the_pages_showing_the_image(client, commit):
    """Until its renditions exist a page shows the original; once they are made, the
    image's page, a gallery holding it and a post featuring it are rendered again."""
    image = ImageFactory(title="Rally", renditions=False)  # its queued renditions never run
    gallery = commit(lambda: GalleryFactory(title="Summit", slug="summit", items=[image]))
    commit(lambda: PostFactory(slug="report", featured_image=image))
    urls = [image.get_absolute_url(), gallery.get_absolute_url(), "/report/"]
    for url in urls:
        cached(client, url)
    assert [cached(client, url) for url in urls] == ["hit", "hit", "hit"]

    commit(lambda: renditions.sync(image))

    assert [cached(client, url) for url in urls] == ["miss", "miss", "miss"]
    assert "-width-300.webp" in client.get("/report/").text
