"""The Theme Unit Test export, imported once for this module with its uploads: media
items, their fields and files, featured images, galleries, videos in bodies, and the
old addresses of the attachments.

The tests only read the site, or change rows inside their own transaction (undone
after each test); those that import again or write files are in test_media_import.py
and test_legacy.py.
"""

import datetime
import re
from urllib.parse import unquote

import pytest

from media_gallery.models import Image, MediaStatus, Video
from posts.models import Post
from tests.media_gallery import samples
from tests.media_gallery.conftest import read
from tests.wordpress.test_importer import summary
from tests.wordpress.test_legacy import follow, old_links
from tests.wordpress.test_media_import import FEATURED, IMAGES, VIDEOS, image_of
from wordpress.models import WordPressAttachment, WordPressGallery

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("imported_site_with_media"),
    pytest.mark.xdist_group(__name__),  # one worker: one build
]


def test_attachments_become_images_and_videos(imported_site_with_media, storage_files):
    output = imported_site_with_media
    rows = summary(output)
    assert rows["attachments"] == [37, 0, 0, 0, 0]
    assert rows["images"] == [IMAGES, 0, 0, 0, 0]
    assert rows["videos"] == [VIDEOS, 0, 0, 0, 0]
    assert "Other attachments (recorded, not media the library holds): mp3 (1)" in output
    assert "Missing media: none." in output
    assert (Image.objects.count(), Video.objects.filter(provider="file").count()) == (35, 1)
    assert WordPressAttachment.objects.filter(image__isnull=False).count() == IMAGES
    assert WordPressAttachment.objects.get(wp_id=1692).image.animated  # spectacles.gif
    stored = storage_files()
    assert len(stored) == IMAGES + VIDEOS  # originals only: renditions come afterwards
    assert "Renditions: 35 images need them." in output
    assert "regenerate_renditions --missing-only" in output


def test_image_fields_come_from_the_attachment(imported_site_with_media):
    bell = image_of(754)
    assert (bell.title, bell.alt_text, bell.caption) == (
        "Bell on Wharf",
        "Bell on Wharf",
        "<p>Bell on wharf in San Francisco</p>",
    )
    # HTML, in paragraphs, as WordPress shows it.
    assert bell.description == (
        "<p>Public domain via https://www.burningwell.org/gallery2/v/Objects/100_5478.JPG.html</p>"
    )
    assert bell.slug == "100_5478"
    assert bell.published_at == datetime.datetime(2008, 6, 16, 21, 34, 50, tzinfo=datetime.UTC)
    assert bell.status == MediaStatus.PUBLISHED
    assert bell.is_public
    assert (bell.width, bell.height, bell.format) == (320, 240, "JPEG")
    # The media library's own upload path: the stored file carries no camera metadata.
    content = read(bell.file.name)
    for marker in samples.IDENTIFYING:
        assert marker not in content
    video = WordPressAttachment.objects.get(wp_id=1690).video
    assert (video.title, video.provider, video.file_format) == (
        "2014-slider-mobile-behavior",
        "file",
        "mp4",
    )
    assert samples.LOCATION not in read(video.file.name)


def test_featured_images_are_set_wherever_the_attachment_was(imported_site_with_media):
    assert "Featured images: 6 in the file, 6 set now." in imported_site_with_media
    featured = Post.objects.filter(featured_image__isnull=False)
    assert featured.count() == 6
    for post_wp_id, attachment_wp_id in FEATURED.items():
        assert Post.objects.get(wp_id=post_wp_id).featured_image == image_of(attachment_wp_id)
    for post in featured:
        assert post.featured_image == image_of(post.wp_thumbnail_id)


def test_gallery_shortcodes_become_galleries_in_order(imported_site_with_media, client):
    post = Post.objects.get(wp_id=555)  # [gallery] ten times, in other columns: one gallery
    attached = WordPressAttachment.objects.filter(parent_wp_id=555, image__isnull=False)
    expected = [row.image for row in attached.order_by("menu_order", "wp_id")]
    gallery = post.gallery
    assert [item.image for item in gallery.items.order_by("sort_order")] == expected
    assert (gallery.title, gallery.status, gallery.published_at) == (
        "Post Format: Gallery",
        MediaStatus.PUBLISHED,
        post.published_at,
    )
    assert post.body.count(f'id="gallery-{gallery.pk}"') == 10
    assert WordPressGallery.objects.filter(post_wp_id=555).count() == 1
    tiled = Post.objects.get(wp_id=1031).gallery  # ids="755,757,758,760,766,763": no 763
    assert [item.image for item in tiled.items.order_by("sort_order")] == [
        image_of(wp_id) for wp_id in (755, 757, 758, 760, 766)
    ]
    response = client.get(post.get_absolute_url())
    assert response.text.count('class="post-gallery"') == 10
    assert response.text.count('class="gallery-grid__item"') == 10 * len(expected)
    assert "gallery-placeholder" not in response.text
    assert 'id="post-gallery-heading"' not in response.text  # not shown a second time below


def test_videos_in_bodies_are_facades_that_load_nothing_before_a_click(
    imported_site_with_media, client
):
    youtube = Video.objects.get(provider="youtube", video_id="SQEQr7c0-dw")
    assert (youtube.title, youtube.status) == ("Post Format: Video (YouTube)", "published")
    post = Post.objects.get(slug="post-format-video-youtube")
    response = client.get(post.get_absolute_url())
    page = response.text
    assert 'class="video-facade"' in page
    assert "video-placeholder" not in page
    # Nothing from YouTube is requested on load: the only address of it is the play link.
    requested = re.findall(r"<(?:img|iframe|script|link|record|video)\b[^>]*>", page)
    hosts = ("youtube.com", "youtube-nocookie.com", "ytimg.com", "vimeo.com", "vimeocdn.com")
    assert not [tag for tag in requested if any(host in tag for host in hosts)]
    assert "<iframe" not in page
    links = re.findall(r'href="(https?://[^/"]*(?:youtube|vimeo)[^"]*)"', page)
    assert links == ["https://www.youtube-nocookie.com/embed/SQEQr7c0-dw?rel=0"]
    # No inline script or style: the facade's behaviour and look come from files.
    assert not re.search(r'<script(?![^>]*\b(?:src=|type="application/ld\+json"))[^>]*>', page)
    assert "style=" not in page.split("<main", 1)[1]
    assert "media_gallery/video-facade.js" in page
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_every_attachment_answers_at_its_old_link(
    imported_site_with_media, theme_unit_test, client
):
    """Its media item's page; the MP3, which is none, leads to the post it belongs to."""
    links = old_links(theme_unit_test, statuses=("inherit",), post_types=("attachment",))
    assert len(links) == 37
    for wp_id, link in links:
        attachment = WordPressAttachment.objects.get(wp_id=wp_id)
        expected = (
            attachment.media.get_absolute_url()
            if attachment.media
            else Post.objects.get(wp_id=attachment.parent_wp_id).get_absolute_url()
        )
        for address in (link, f"/?attachment_id={wp_id}"):
            chain = follow(client, address)
            assert [status for status, _ in chain] == [301, 200], (address, chain)
            assert unquote(chain[-1][1]) == unquote(expected), (address, chain)


def test_unpublished_media_are_not_revealed_by_old_addresses(client):
    canola = WordPressAttachment.objects.get(wp_id=611).image
    canola.status = "draft"
    canola.save()
    assert follow(client, "/wp-content/uploads/2008/06/canola2.jpg")[-1][0] == 404
    assert client.get("/?attachment_id=611")["Location"] == "/post-format-gallery/"
