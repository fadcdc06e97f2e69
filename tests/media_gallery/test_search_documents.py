"""The search hook: one plain document per image, video and gallery."""

import datetime

import pytest
from django.utils import timezone

from media_gallery.models import Gallery, Image, Video
from media_gallery.search_documents import SEARCHABLE_MODELS, document_for, searchable_queryset
from tests.factories import CategoryFactory

from .factories import GalleryFactory, ImageFactory, VideoFactory

pytestmark = pytest.mark.django_db


def test_image_document():
    rights = CategoryFactory(name="Human Rights")
    image = ImageFactory(
        title="Vigil",
        alt_text="Candles and portraits",
        caption="Families remember 1988.",
        credit="NCRI",
        categories=[rights],
        language="en",
    )
    document = document_for(searchable_queryset(Image).get())
    assert document == {
        "kind": "media",
        "title": "Vigil",
        "body": "Candles and portraits Families remember 1988. NCRI",
        "category_ids": [rights.pk],
        "language": "en",
        "published_at": image.published_at,
        "is_listed": True,
        "url": image.get_absolute_url(),
        "thumbnail_url": image.renditions.get(spec="fill-150x150", format="jpeg").url,
    }


def test_video_and_gallery_documents():
    poster = ImageFactory()
    video = VideoFactory(title="Speech", description="Opening speech.", poster=poster)
    gallery = GalleryFactory(title="Summit", description="Photos.", items=[poster])
    video_document = document_for(searchable_queryset(Video).get())
    gallery_document = document_for(searchable_queryset(Gallery).get())
    assert (video_document["body"], video_document["url"]) == (
        "Opening speech.",
        video.get_absolute_url(),
    )
    assert gallery_document["url"] == gallery.get_absolute_url()
    thumbnail = poster.renditions.get(spec="fill-150x150", format="jpeg").url
    assert video_document["thumbnail_url"] == gallery_document["thumbnail_url"] == thumbnail
    assert document_for(VideoFactory())["thumbnail_url"] is None


def test_drafts_are_not_listed_and_future_items_carry_their_date():
    ImageFactory(status="draft")
    future = timezone.now() + datetime.timedelta(days=1)
    GalleryFactory(status="published", published_at=future)
    assert [document_for(obj)["is_listed"] for obj in searchable_queryset(Image)] == [False]
    gallery = document_for(searchable_queryset(Gallery).get())
    assert (gallery["is_listed"], gallery["published_at"]) == (True, future)


@pytest.mark.parametrize("model", SEARCHABLE_MODELS)
def test_indexing_takes_a_fixed_number_of_queries(model, django_assert_max_num_queries):
    for _ in range(4):
        poster = ImageFactory(categories=[CategoryFactory()])
        VideoFactory(poster=poster)
        GalleryFactory(items=[poster])
    with django_assert_max_num_queries(5):
        documents = [document_for(obj) for obj in searchable_queryset(model)]
    assert len(documents) == 4
    assert all(document["thumbnail_url"] for document in documents)
