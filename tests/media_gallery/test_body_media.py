"""Videos and galleries placed in post bodies: markers that survive sanitising, shown as
the click-to-load facade and the gallery grid, in a fixed number of queries."""

import pytest

from media_gallery import body_media
from media_gallery.models import MediaStatus, Video
from posts.html import sanitize_html
from tests.factories import PostFactory

from .factories import GalleryFactory, ImageFactory, VideoFactory

pytestmark = pytest.mark.django_db


def test_markers_survive_sanitising_unchanged():
    gallery = GalleryFactory(title="Rally & march")
    for marker in (
        body_media.video_marker("https://www.youtube.com/watch?v=SQEQr7c0-dw&t=3"),
        body_media.gallery_marker(gallery),
    ):
        assert sanitize_html(marker) == marker


def test_video_markers_become_facades():
    video = VideoFactory(title="Speech", video_id="SQEQr7c0-dw")
    body = (
        "<p>Before.</p>" + body_media.video_marker("https://youtu.be/SQEQr7c0-dw") + "<p>After.</p>"
    )
    shown = body_media.render(body)
    assert shown.videos == [video]
    assert shown.html.startswith('<p>Before.</p><div class="post-video">')
    assert 'href="https://www.youtube-nocookie.com/embed/SQEQr7c0-dw?rel=0"' in shown.html
    assert 'data-video-title="Speech"' in shown.html
    assert shown.html.endswith("<p>After.</p>")
    assert shown.cache_tags == [f"video:{video.pk}"]


def test_a_video_not_in_the_library_still_gets_a_facade():
    shown = body_media.render(body_media.video_marker("https://vimeo.com/22439234"), "A post")
    assert 'href="https://player.vimeo.com/video/22439234?dnt=1"' in shown.html
    assert 'data-video-title="A post"' in shown.html
    assert shown.cache_tags == []
    assert not Video.objects.exists()


def test_an_address_that_is_no_video_stays_a_link():
    marker = body_media.video_marker("https://www.youtube.com/watch?v=x")
    assert body_media.render(marker).html == marker


def test_gallery_markers_become_grids_and_unpublished_ones_go():
    images = [ImageFactory(), ImageFactory()]
    shown_gallery = GalleryFactory(items=images)
    draft = GalleryFactory(items=images, status=MediaStatus.DRAFT)
    body = body_media.gallery_marker(shown_gallery) + body_media.gallery_marker(draft)
    shown = body_media.render(body)
    assert shown.galleries == [shown_gallery]
    assert shown.html.count('class="gallery-grid__item"') == 2
    assert f'<a href="{shown_gallery.get_absolute_url()}">' in shown.html
    assert draft.get_absolute_url() not in shown.html
    assert shown.gallery_ids == {shown_gallery.pk}


def test_a_draft_gallery_placed_in_a_body_is_followed_for_when_it_is_published():
    draft = GalleryFactory(items=[ImageFactory()], status=MediaStatus.DRAFT)
    shown = body_media.render(body_media.gallery_marker(draft))
    assert shown.html == ""
    assert shown.cache_tags == [f"gallery:{draft.pk}"]


def test_a_draft_video_shows_the_posts_title_not_its_own():
    draft = VideoFactory(
        title="SECRET draft headline", video_id="SQEQr7c0-dw", status=MediaStatus.DRAFT
    )
    shown = body_media.render(body_media.video_marker("https://youtu.be/SQEQr7c0-dw"), "Rally")
    assert "SECRET" not in shown.html
    assert 'data-video-title="Rally"' in shown.html
    assert shown.cache_tags == [f"video:{draft.pk}"]


def test_text_an_editor_writes_after_a_marker_is_kept():
    VideoFactory(video_id="SQEQr7c0-dw")
    gallery = GalleryFactory(items=[ImageFactory()])
    body = (
        '<p class="video-placeholder"><a href="https://youtu.be/SQEQr7c0-dw">'
        "https://youtu.be/SQEQr7c0-dw</a> Speech of 2023</p>"
        '<h2>Important</h2><p>Keep <a href="/x/">this link</a></p>'
        + body_media.gallery_marker(gallery)[:-4]
        + " and a note</p><p>Tail</p>"
    )
    shown = body_media.render(body).html
    for kept in ("Speech of 2023", "<h2>Important</h2>", "this link</a>", "and a note", "Tail"):
        assert kept in shown


def test_a_body_without_markers_costs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        shown = body_media.render("<p>Only text.</p>")
    assert (shown.html, shown.has_media) == ("<p>Only text.</p>", False)


def test_queries_do_not_grow_with_the_media_shown(django_assert_num_queries):
    def body(count):
        markers = []
        for _ in range(count):
            gallery = GalleryFactory(items=[ImageFactory(), VideoFactory()])
            video = VideoFactory(poster=ImageFactory())
            markers += [
                body_media.gallery_marker(gallery),
                body_media.video_marker(f"https://youtu.be/{video.video_id}"),
            ]
        return "".join(markers)

    one, three = body(1), body(3)
    # Videos with their posters' renditions; galleries, their items, the items' renditions.
    with django_assert_num_queries(5):
        body_media.render(one)
    with django_assert_num_queries(5):
        body_media.render(three)


def test_post_page_shows_its_body_media_in_place(client):
    gallery = GalleryFactory(items=[ImageFactory()])
    post = PostFactory(
        body="<p>Intro.</p>" + body_media.gallery_marker(gallery) + "<p>End.</p>", gallery=gallery
    )
    page = client.get(post.get_absolute_url()).text
    assert "media_gallery/lightbox.js" in page
    page = page.split("<main", 1)[1]
    assert page.index("Intro.") < page.index('class="gallery-grid"') < page.index("End.")
    assert page.count('class="gallery-grid"') == 1  # Post.gallery is not shown again below


def test_post_gallery_not_in_the_body_is_still_shown_below(client):
    gallery = GalleryFactory(items=[ImageFactory()])
    post = PostFactory(body="<p>Text.</p>", gallery=gallery)
    page = client.get(post.get_absolute_url()).text.split("<main", 1)[1]
    assert page.index("Text.") < page.index('id="post-gallery-heading"')


def test_markers_are_in_no_excerpt(client):
    """A draft gallery's title (its marker's link text) reaches no listing, feed or meta
    description, nor does a video's address; text written after a marker stays."""
    gallery = GalleryFactory(title="Safe-house pictures", status=MediaStatus.DRAFT)
    video = "https://youtu.be/SQEQr7c0-dw"
    marker = body_media.video_marker(video)
    post = PostFactory(
        status="published",
        body="<p>The words of the post.</p>"
        + body_media.gallery_marker(gallery)
        + marker
        + marker.replace("</a></p>", "</a> and more words.</p>"),
    )
    assert post.summary == f"The words of the post. {video} and more words."
    for address in (post.get_absolute_url(), "/", "/feed/"):
        shown = client.get(address).content.decode()
        assert "The words of the post." in shown
        assert "Safe-house pictures" not in shown
