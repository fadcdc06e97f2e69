"""Published galleries, images and videos are in the sitemap; drafts are not."""

import xml.etree.ElementTree as ET

import pytest

from tests.media_gallery.factories import GalleryFactory, ImageFactory, VideoFactory

pytestmark = pytest.mark.django_db

LOC = "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"


def locations(client, section):
    root = ET.fromstring(client.get(f"/sitemap-{section}.xml").content)
    return [element.text for element in root.iter(LOC)]


def test_media_sitemaps_list_published_items_only(client):
    image = ImageFactory(title="Rally", renditions=False)
    ImageFactory(title="Unpublished", status="draft", renditions=False)
    video = VideoFactory(title="Speech")
    gallery = GalleryFactory(title="Berlin", slug="berlin")
    GalleryFactory(title="Draft gallery", slug="draft-gallery", status="draft")
    assert locations(client, "images") == [f"http://testserver{image.get_absolute_url()}"]
    assert locations(client, "videos") == [f"http://testserver{video.get_absolute_url()}"]
    assert locations(client, "galleries") == [f"http://testserver{gallery.get_absolute_url()}"]
