"""Images, videos and galleries are the "Media" type of the search."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from search.models import SearchEntry
from tests.factories import CategoryFactory
from tests.media_gallery.factories import GalleryFactory, ImageFactory, VideoFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(django_capture_on_commit_callbacks):
    category = CategoryFactory(name="Media Gallery", slug="media-gallery")
    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory(
            title="Rally in Paris", caption="Supporters at Villepinte", categories=[category]
        )
        VideoFactory(title="Speech video", description="Keynote at the Villepinte summit")
        GalleryFactory(title="Villepinte 2018", description="Photos of the day", items=[image])
        GalleryFactory(title="Villepinte draft", status="draft")
    return image


def test_media_are_found_by_their_words_and_typed_media(client, media):
    response = client.get(reverse("search:results"), {"q": "villepinte", "type": "media"})
    entries = response.context["results"].entries
    assert sorted(e.title for e in entries) == ["Rally in Paris", "Speech video", "Villepinte 2018"]
    assert {e.get_kind_display() for e in entries} == {"Media"}
    assert response.context["facets"]["kinds"][2] == ("media", "Media", 3)


def test_thumbnails_in_results_and_live_search(client, media):
    live = client.get(reverse("search:live"), {"q": "rally paris"}).json()["results"]
    assert len(live) == 1
    assert live[0]["type"] == "Media"
    assert live[0]["url"] == media.get_absolute_url()
    assert live[0]["thumbnail"] == media.renditions.get(spec="fill-150x150", format="jpeg").url
    html = client.get(reverse("search:results"), {"q": "rally paris"}).text
    assert f'src="{live[0]["thumbnail"]}"' in html


def test_media_categories_filter(client, media):
    category = media.categories.get()
    response = client.get(reverse("search:results"), {"q": "villepinte", "category": category.pk})
    assert [e.title for e in response.context["results"].entries] == ["Rally in Paris"]


def test_media_follow_changes(media, django_capture_on_commit_callbacks, find):
    with django_capture_on_commit_callbacks(execute=True):
        media.caption = "Supporters at Auvers-sur-Oise"
        media.save()
    assert find("auvers") == ["Rally in Paris"]
    with django_capture_on_commit_callbacks(execute=True):
        media.status = "draft"
        media.save()
    assert find("auvers") == []
    with django_capture_on_commit_callbacks(execute=True):
        media.delete()
    assert not SearchEntry.objects.filter(source="media_gallery.image").exists()


def test_future_media_become_findable_at_their_time(django_capture_on_commit_callbacks, find):
    import time_machine

    due = timezone.now() + datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        VideoFactory(title="Countdown to the summit", published_at=due)
    assert find("countdown") == []
    with time_machine.travel(due + datetime.timedelta(minutes=1), tick=False):
        assert find("countdown") == ["Countdown to the summit"]
