"""Visibility of media, and the gallery's own bookkeeping."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from media_gallery.models import Gallery, GalleryItem, Image, Video

from .factories import GalleryFactory, ImageFactory, VideoFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()
CASES = [
    ("published", NOW - datetime.timedelta(days=1), True),
    ("published", NOW + datetime.timedelta(days=1), False),
    ("draft", NOW - datetime.timedelta(days=1), False),
    ("draft", None, False),
]


@pytest.mark.parametrize(
    ("factory", "model"), [(ImageFactory, Image), (VideoFactory, Video), (GalleryFactory, Gallery)]
)
def test_published_and_is_public_agree(factory, model):
    """One rule, stated twice (for queries and for one object): the two never disagree."""
    objects = [factory(status=status, published_at=date) for status, date, _public in CASES]
    published = set(model.objects.published())
    for obj, (_status, _date, public) in zip(objects, CASES, strict=True):
        assert (obj in published, obj.is_public) == (public, public)


def test_publishing_sets_the_date_and_title_gives_the_slug():
    gallery = Gallery.objects.create(title="Free Iran 2024: Berlin", status="draft")
    assert (gallery.slug, gallery.published_at) == ("free-iran-2024-berlin", None)
    gallery.status = "published"
    moment = timezone.now().replace(microsecond=0)
    with time_machine.travel(moment, tick=False):
        gallery.save()
    assert gallery.published_at == moment
    persian = Gallery.objects.create(title="گردهمایی ایران آزاد", status="draft")
    assert persian.slug == "گردهمایی-ایران-آزاد"
    again = Gallery.objects.create(title="Free Iran 2024: Berlin!")
    assert again.slug == "free-iran-2024-berlin-2"


def test_renumbering_keeps_the_order_with_room_between():
    first, second, third = ImageFactory(), ImageFactory(), ImageFactory()
    gallery = GalleryFactory()
    for order, image in [(5, second), (5, third), (1, first)]:
        GalleryItem.objects.create(gallery=gallery, image=image, sort_order=order)
    gallery.renumber_items()
    assert [(item.image, item.sort_order) for item in gallery.items.all()] == [
        (first, 10),
        (second, 20),
        (third, 30),
    ]


def test_cover_is_the_chosen_image_else_the_first_published_one():
    draft_cover = ImageFactory(status="draft")
    hidden, shown = ImageFactory(status="draft"), ImageFactory()
    gallery = GalleryFactory(cover=draft_cover, items=[VideoFactory(), hidden, shown])
    assert gallery.cover_image() == shown
    gallery.cover = shown
    assert gallery.cover_image() == shown
    assert GalleryFactory(items=[VideoFactory()]).cover_image() is None


def test_item_counts_count_published_media_only():
    GalleryFactory(items=[ImageFactory(), ImageFactory(status="draft"), VideoFactory()])
    gallery = Gallery.objects.with_item_counts().get()
    assert (gallery.image_count, gallery.video_count) == (1, 1)
