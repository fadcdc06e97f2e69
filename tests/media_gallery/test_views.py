"""Public media pages: gallery index, gallery, image and video pages."""

import datetime
import re

import pytest
from django.utils import timezone

from media_gallery.models import GalleryItem
from tests.factories import UserFactory

from .factories import GalleryFactory, ImageFactory, VideoFactory

pytestmark = pytest.mark.django_db


def grid_links(response):
    """Where each thumbnail of the gallery grid leads (the no-JavaScript path)."""
    return re.findall(
        r'<a class="gallery-grid__link" href="([^"]+)" data-lightbox-item>', response.text
    )


def test_gallery_shows_items_in_the_editors_order_and_only_published_ones(client):
    first, second = ImageFactory(title="First"), ImageFactory(title="Second")
    hidden = ImageFactory(title="Hidden", status="draft")
    video = VideoFactory(title="Film")
    gallery = GalleryFactory(
        title="Berlin rally", slug="berlin-rally", items=[second, video, hidden, first]
    )
    response = client.get("/gallery/berlin-rally/")
    assert response.status_code == 200
    assert grid_links(response) == [
        second.get_absolute_url(),
        video.get_absolute_url(),
        first.get_absolute_url(),
    ]
    GalleryItem.objects.filter(gallery=gallery, image=first).update(sort_order=1)
    assert grid_links(client.get("/gallery/berlin-rally/"))[0] == first.get_absolute_url()


def test_gallery_grid_and_lightbox_markup(client):
    image = ImageFactory(title="Crowd", alt_text="A crowd with flags", caption="Berlin, July 2023")
    GalleryFactory(slug="berlin", items=[image])
    html = client.get("/gallery/berlin/").text
    assert 'alt="A crowd with flags"' in html
    assert "<template data-lightbox-content>" in html
    assert '<dialog class="lightbox"' in html
    assert "Berlin, July 2023" in html
    assert re.search(r'<script src="/static/media_gallery/lightbox.js" defer></script>', html)
    assert "style=" not in html.split("<main")[1]  # no inline styles (strict CSP ahead)
    assert "<script>" not in html  # no inline scripts


def test_draft_gallery_is_hidden_but_staff_can_preview_it(client):
    GalleryFactory(slug="soon", status="draft")
    GalleryFactory(slug="later", published_at=timezone.now() + datetime.timedelta(days=1))
    assert client.get("/gallery/soon/").status_code == 404
    assert client.get("/gallery/later/").status_code == 404
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    preview = client.get("/gallery/soon/")
    assert preview.status_code == 200
    assert "Preview: this gallery is <strong>draft</strong>" in preview.text
    assert preview["X-Robots-Tag"] == "noindex"
    assert preview["Cache-Control"] == "private, no-store"


def test_gallery_index_lists_published_galleries_with_covers(client, settings):
    settings.GALLERIES_PER_PAGE = 2
    cover = ImageFactory(title="Cover")
    older = GalleryFactory(
        title="Older",
        published_at=timezone.now() - datetime.timedelta(days=3),
        items=[ImageFactory(), VideoFactory()],
    )
    GalleryFactory(title="Newest", cover=cover)
    GalleryFactory(title="Middle", published_at=timezone.now() - datetime.timedelta(days=1))
    GalleryFactory(title="Draft", status="draft")
    first = client.get("/gallery/")
    assert [g.title for g in first.context["galleries"]] == ["Newest", "Middle"]
    assert cover.renditions.get(spec="fill-150x150", format="jpeg").url in first.text
    second = client.get("/gallery/page/2/")
    assert [g.title for g in second.context["galleries"]] == ["Older"]
    assert "1 photo · 1 video" in second.text
    assert older.cover_image() == older.items.first().image
    assert client.get("/gallery/page/1/").status_code == 301
    assert client.get("/gallery/page/3/").status_code == 404


@pytest.mark.parametrize("count", [2, 10])
def test_gallery_index_query_count_does_not_grow_with_galleries(
    client, django_assert_num_queries, count
):
    for number in range(count):
        cover = ImageFactory() if number % 2 else None
        GalleryFactory(cover=cover, items=[ImageFactory(), VideoFactory()])
    client.get("/gallery/")
    with django_assert_num_queries(5):
        # count, galleries (with covers and item counts), cover renditions,
        # first images, their renditions
        response = client.get("/gallery/")
    assert response.text.count('class="gallery-card__cover"') == count


@pytest.mark.parametrize("count", [6, 60])
def test_gallery_page_query_count_does_not_grow_with_items(
    client, django_assert_num_queries, count
):
    """Items, their images, videos, posters and renditions load in a fixed number of queries."""
    poster = ImageFactory()
    media = [ImageFactory() for _ in range(count - 2)] + [
        VideoFactory(poster=poster),
        VideoFactory(),
    ]
    GalleryFactory(slug="big", items=media)
    client.get("/gallery/big/")  # warm the widget cache, as a real visitor would find it
    with django_assert_num_queries(5):
        # gallery, items (with images, videos, posters), image renditions,
        # poster renditions, categories
        response = client.get("/gallery/big/")
    assert len(grid_links(response)) == count


def test_image_page(client):
    image = ImageFactory(title="Women lead the march", caption="Tehran, 2022", credit="NCRI")
    GalleryFactory(title="Uprising", items=[image])
    response = client.get(image.get_absolute_url())
    assert response.status_code == 200
    assert "<h1>Women lead the march</h1>" in response.text
    assert "Photo: NCRI" in response.text
    assert 'fetchpriority="high"' in response.text
    assert ">Uprising</a>" in response.text
    assert (
        f'<meta property="og:image" content="http://testserver{image.file.url}">' in response.text
    )


def test_image_address_with_an_old_slug_redirects(client):
    image = ImageFactory(title="Rally")
    assert client.get(f"/photos/{image.pk}-old-name/").url == image.get_absolute_url()
    assert client.get(f"/photos/{image.pk}/").status_code == 301
    assert client.get(f"/photos/{image.pk + 100}-rally/").status_code == 404


def test_draft_image_is_hidden(client):
    image = ImageFactory(status="draft")
    assert client.get(image.get_absolute_url()).status_code == 404


THIRD_PARTY = re.compile(r"youtube|youtu\.be|ytimg|vimeo|vimeocdn|google", re.I)


def loading_attributes(html):
    """Attribute values the browser fetches on page load (not links the visitor may follow)."""
    return re.findall(r'\s(?:src|srcset|poster|data|content)="([^"]*)"', html) + re.findall(
        r'<link[^>]*href="([^"]*)"', html
    )


@pytest.mark.parametrize(
    ("provider", "video_id", "player"),
    [
        ("youtube", "M7lc1UVf-VE", "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE?rel=0"),
        ("vimeo", "76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
    ],
)
def test_video_facade_loads_nothing_from_the_host_before_a_click(
    client, provider, video_id, player
):
    video = VideoFactory(
        title="Summit opening", provider=provider, video_id=video_id, poster=ImageFactory()
    )
    html = client.get(video.get_absolute_url()).text
    assert "<iframe" not in html
    assert not [url for url in loading_attributes(html) if THIRD_PARTY.search(url)]
    assert f'href="{player.replace("&", "&amp;")}"' in html
    assert 'data-video-player data-video-title="Summit opening"' in html
    assert "Play video: </span>Summit opening" in html
    assert video.poster.renditions.get(spec="width-300", format="webp").url in html  # our poster


def test_video_without_poster_shows_a_placeholder(client):
    html = client.get(VideoFactory().get_absolute_url()).text
    assert 'class="video-facade__placeholder"' in html
    assert not [url for url in loading_attributes(html) if THIRD_PARTY.search(url)]


def test_uploaded_video_plays_in_a_video_element(client):
    from media_gallery import library

    from . import samples

    video = VideoFactory.build(title="Clip", poster=ImageFactory())
    library.store_video_file(
        video, samples.upload(samples.mp4(), "clip.mp4", "video/mp4"), "mp4", "c" * 64
    )
    video.save()
    html = client.get(video.get_absolute_url()).text
    assert f'<source src="{video.file.url}" type="video/mp4">' in html
    assert 'preload="none"' in html
    assert f'poster="{video.poster.file.url}"' in html  # our own file, nearest to 1024 px
    assert "data-video-facade" not in html
