"""A password-protected post's galleries and videos are not public on their own.

Regression: the gallery of a protected post was listed in /gallery/, the
sitemap and search with its captions, and its video was public and found
by live search.
"""

import pytest

from media_gallery import body_media
from media_gallery.models import Gallery, MediaStatus, Video
from tests.factories import PostFactory

from .factories import GalleryFactory, ImageFactory, VideoFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            return change()

    return run


def shows(gallery=None, videos=()):
    body = "<p>Text.</p>"
    if gallery is not None:
        body += body_media.gallery_marker(gallery)
    for video in videos:
        body += body_media.video_marker(video.url)
    return body


def test_setting_a_password_hides_the_posts_galleries_and_videos(client, commit):
    below = GalleryFactory(title="Below the text", items=[ImageFactory(caption="Faces")])
    inside = GalleryFactory(title="In the text", items=[ImageFactory()])
    video = VideoFactory(title="Testimony", video_id="SQEQr7c0-dw")
    post = commit(lambda: PostFactory(gallery=below, body=shows(inside, [video])))
    assert client.get(below.get_absolute_url()).status_code == 200

    post.password = "only-for-friends"
    commit(post.save)

    assert sorted(Gallery.objects.values_list("title", "status")) == [
        ("Below the text", MediaStatus.DRAFT),
        ("In the text", MediaStatus.DRAFT),
    ]
    assert Video.objects.get().status == MediaStatus.DRAFT
    assert client.get(below.get_absolute_url()).status_code == 404
    assert "Below the text" not in client.get("/gallery/").text
    assert client.get("/search/live/", {"q": "testimony"}).json() == {"results": []}
    assert client.get("/search/", {"q": "below the text"}).context["results"].total == 0


def test_media_another_open_post_shows_stay_public(commit):
    shared = GalleryFactory(title="Shared")
    video = VideoFactory(title="Shared video", video_id="M7lc1UVf-VE")
    commit(lambda: PostFactory(title="Open", body=shows(shared, [video])))
    protected = commit(lambda: PostFactory(title="Protected", body=shows(shared, [video])))

    protected.password = "secret"
    commit(protected.save)

    assert Gallery.objects.get().status == MediaStatus.PUBLISHED
    assert Video.objects.get().status == MediaStatus.PUBLISHED
