"""An imported password-protected post's gallery and videos are not public on their own.

Regression: its gallery was published and listed in /gallery/, the sitemap
and search; its video was public and found by live search.
"""

import pytest

from media_gallery.models import Gallery, MediaStatus, Video
from tests.media_gallery import samples
from tests.wordpress.conftest import run_import, write_wxr, wxr_attachment, wxr_item

pytestmark = pytest.mark.django_db

BODY = "[gallery]\n\nhttps://www.youtube.com/watch?v=SQEQr7c0-dw\n\nThe rest of the text."


def test_a_protected_posts_gallery_and_video_are_drafts(tmp_path, client):
    uploads = tmp_path / "uploads"
    (uploads / "2017/07").mkdir(parents=True)
    for wp_id in (21, 22):
        (uploads / f"2017/07/p{wp_id}.jpg").write_bytes(samples.jpeg(seed=wp_id))
    export = write_wxr(
        tmp_path,
        wxr_item(1, title="For members", content=BODY, password="members-only"),
        wxr_item(2, title="For everyone", content=BODY.replace("SQEQr7c0-dw", "M7lc1UVf-VE")),
        wxr_attachment(21, "2017/07/p21.jpg", parent=1),
        wxr_attachment(22, "2017/07/p22.jpg", parent=2),
    )

    run_import(export, uploads_dir=str(uploads), verbosity=0)

    assert sorted(Gallery.objects.values_list("title", "status")) == [
        ("For everyone", MediaStatus.PUBLISHED),
        ("For members", MediaStatus.DRAFT),
    ]
    assert sorted(Video.objects.values_list("video_id", "status")) == [
        ("M7lc1UVf-VE", MediaStatus.PUBLISHED),
        ("SQEQr7c0-dw", MediaStatus.DRAFT),
    ]
    listed = client.get("/gallery/").context["galleries"]
    assert [gallery.title for gallery in listed] == ["For everyone"]
    live = client.get("/search/live/", {"q": "for members"}).json()["results"]
    assert [result["type"] for result in live] == ["Post"]
