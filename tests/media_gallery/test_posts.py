"""Posts with a featured image and a gallery: listings, the post page, feeds."""

import xml.etree.ElementTree as ET

import pytest

from tests.factories import PostFactory

from . import samples
from .factories import GalleryFactory, ImageFactory, VideoFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def photo():
    return ImageFactory(
        title="Rally", alt_text="Marchers with flags", caption="Berlin", credit="NCRI"
    )


def test_listing_shows_featured_thumbnails_of_public_images_only(client, photo):
    PostFactory(title="With photo", featured_image=photo)
    PostFactory(title="With draft photo", featured_image=ImageFactory(status="draft"))
    html = client.get("/").text
    assert html.count('class="post-summary__image"') == 1
    assert photo.renditions.get(spec="fill-150x150", format="jpeg").url in html


@pytest.mark.parametrize("count", [3, 10])
def test_listing_query_count_with_featured_images(client, django_assert_max_num_queries, count):
    for _ in range(count):
        PostFactory(featured_image=ImageFactory())
    client.get("/")
    with django_assert_max_num_queries(5):  # the listing's 4, and the images' renditions
        response = client.get("/")
    assert response.text.count('class="post-summary__image"') == count


def test_post_page_shows_the_featured_image_and_shares_it(client, photo):
    post = PostFactory(title="Summit", slug="summit", featured_image=photo)
    html = client.get(post.get_absolute_url()).text
    assert '<figure class="featured-image">' in html
    assert 'fetchpriority="high"' in html
    assert 'Berlin <span class="credit">Photo: NCRI</span>' in html
    assert f'<meta property="og:image" content="http://testserver{photo.file.url}">' in html
    assert '<meta property="og:image:alt" content="Marchers with flags">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert f'"image": "http://testserver{photo.file.url}"' in html  # JSON-LD


def test_post_page_shows_its_gallery_once_published(client, photo):
    gallery = GalleryFactory(title="Berlin rally", status="draft", items=[photo, VideoFactory()])
    post = PostFactory(slug="with-gallery", gallery=gallery)
    assert "data-lightbox" not in client.get(post.get_absolute_url()).text
    gallery.status = "published"
    gallery.save()
    html = client.get(post.get_absolute_url()).text
    assert f'<a href="{gallery.get_absolute_url()}">Berlin rally</a>' in html
    assert html.count("data-lightbox-item") == 2
    assert "/static/media_gallery/lightbox.js" in html


def test_feeds_carry_the_featured_image_as_an_enclosure(client):
    photo = ImageFactory(data=samples.jpeg(2000, 1000, identifying=False))
    PostFactory(title="With photo", featured_image=photo)
    PostFactory(title="Without")
    rendition = photo.renditions.get(spec="width-1024", format="jpeg")
    enclosure = {
        "url": f"http://testserver{rendition.url}",
        "length": str(rendition.bytes),
        "type": "image/jpeg",
    }
    items = ET.fromstring(client.get("/feed/").content).find("channel").findall("item")
    by_title = {item.findtext("title"): item.find("enclosure") for item in items}
    assert by_title["Without"] is None
    assert by_title["With photo"].attrib == enclosure
    atom = ET.fromstring(client.get("/feed/atom/").content)
    links = [
        link.attrib
        for entry in atom.findall(f"{ATOM}entry")
        for link in entry.findall(f"{ATOM}link")
        if link.get("rel") == "enclosure"
    ]
    assert links == [
        {
            "rel": "enclosure",
            "href": enclosure["url"],
            "length": enclosure["length"],
            "type": "image/jpeg",
        }
    ]


def test_deleting_the_image_leaves_the_post(photo):
    post = PostFactory(featured_image=photo)
    photo.delete()
    post.refresh_from_db()
    assert post.featured_image is None
