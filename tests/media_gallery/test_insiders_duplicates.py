"""Duplicate warnings name an existing item only when the uploader may see it: a
colleague's draft is "already in the media library", nothing more."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from media_gallery.models import Image, Video

from . import samples
from .factories import ImageFactory, VideoFactory
from .test_admin import errors, image_form, member, video_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    call_command("setup_roles", verbosity=0)
    return {
        "anna": member("Author", "anna"),
        "omid": member("Author", "omid"),
        "eddie": member("Editor", "eddie"),
    }


@pytest.fixture
def duplicates(staff):
    """Omid's draft and Omid's published image and video, with known files."""
    drafts = samples.jpeg(seed=21, identifying=False)
    published = samples.jpeg(seed=22, identifying=False)
    omid = staff["omid"]
    ImageFactory(title="Omid's draft", user=omid, status="draft", data=drafts, renditions=False)
    ImageFactory(title="Omid's published", user=omid, data=published, renditions=False)
    VideoFactory(
        title="Omid's draft video", uploaded_by=omid, status="draft", video_id="drafted0001"
    )
    VideoFactory(title="Omid's video", uploaded_by=omid, video_id="public00001")
    return {"draft": drafts, "published": published}


def test_duplicate_upload_names_only_an_image_the_user_may_see(client, staff, duplicates):
    """Both upload pages: one image, and many at once."""

    def refusal(user, existing):
        client.force_login(user)
        data = duplicates[existing]
        single = client.post(
            reverse("admin:media_gallery_image_add"),
            image_form(upload=samples.upload(data, "rally.jpg")),
        )
        many = client.post(
            reverse("admin:media_gallery_image_upload"),
            {"files": [samples.upload(data, "rally.jpg")], "status": "draft", "language": "en"},
        )
        assert errors(single) == errors(many)
        return errors(single)

    named = "rally.jpg is already in the media library, as “{}”."
    assert {
        (name, existing): refusal(staff[name], existing)
        for name in ("anna", "omid", "eddie")
        for existing in ("draft", "published")
    } == {
        ("anna", "draft"): ["This file is already in the media library."],
        ("anna", "published"): [named.format("Omid's published")],
        ("omid", "draft"): [named.format("Omid's draft")],
        ("omid", "published"): [named.format("Omid's published")],
        ("eddie", "draft"): [named.format("Omid's draft")],
        ("eddie", "published"): [named.format("Omid's published")],
    }
    assert Image.objects.count() == 2


def test_replacing_a_file_with_a_colleagues_draft_names_nothing(client, staff, duplicates):
    mine = ImageFactory(title="Anna's", user=staff["anna"], renditions=False)
    client.force_login(staff["anna"])
    response = client.post(
        reverse("admin:media_gallery_image_change", args=[mine.pk]),
        image_form(title="Anna's", slug=mine.slug, upload=samples.upload(duplicates["draft"])),
    )
    assert errors(response) == ["This file is already in the media library."]


def test_duplicate_video_address_names_only_a_video_the_user_may_see(client, staff, duplicates):
    def refusal(user, video_id):
        client.force_login(user)
        response = client.post(
            reverse("admin:media_gallery_video_add"),
            video_form(url=f"https://youtu.be/{video_id}"),
        )
        return errors(response)

    named = "This video is already in the media library, as “{}”."
    assert {
        (name, video_id): refusal(staff[name], video_id)
        for name in ("anna", "eddie")
        for video_id in ("drafted0001", "public00001")
    } == {
        ("anna", "drafted0001"): ["This video is already in the media library."],
        ("anna", "public00001"): [named.format("Omid's video")],
        ("eddie", "drafted0001"): [named.format("Omid's draft video")],
        ("eddie", "public00001"): [named.format("Omid's video")],
    }
    assert Video.objects.count() == 2
