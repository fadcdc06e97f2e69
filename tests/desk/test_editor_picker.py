"""The editor's media picker: the library as the user may see it, newest first, searched by
title; uploads from the editor; 403 for those who may not write, and no GET that changes."""

import html
import json
import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from media_gallery.models import Image, MediaStatus
from tests.factories import UserFactory
from tests.media_gallery import samples
from tests.media_gallery.factories import GalleryFactory, ImageFactory

pytestmark = pytest.mark.django_db

IMAGES = reverse("desk:editor_images")
UPLOAD = reverse("desk:editor_upload")
GALLERIES = reverse("desk:editor_galleries")


@pytest.fixture
def staff(db):
    call_command("setup_roles", verbosity=0)

    def member(role, username):
        user = UserFactory(username=username, is_staff=True)
        if role:
            user.groups.add(Group.objects.get(name=role))
        return user

    return {
        "editor": member("Editor", "eddie"),
        "author": member("Author", "anna"),
        "contributor": member("Contributor", "cyrus"),
        "nobody": member(None, "nadia"),
    }


def titles(response):
    return [item["title"] for item in response.json()["results"]]


def test_images_newest_first_searched_by_title_with_thumbnails(client, staff):
    older = ImageFactory(title="Rally in Paris")
    ImageFactory(title="Portrait")
    newer = ImageFactory(title="Rally in Berlin")
    client.force_login(staff["editor"])
    assert titles(client.get(IMAGES)) == ["Rally in Berlin", "Portrait", "Rally in Paris"]
    found = client.get(IMAGES, {"q": "rally"}).json()["results"]
    assert [item["id"] for item in found] == [newer.pk, older.pk]
    assert "-fill-150x150." in found[0]["thumbnail"]
    assert found[0]["alt"] == "What Rally in Berlin shows"


def test_a_colleague_s_draft_image_is_not_offered(client, staff):
    ImageFactory(title="Published")
    ImageFactory(title="Eddie's draft", status=MediaStatus.DRAFT, user=staff["editor"])
    ImageFactory(title="Anna's draft", status=MediaStatus.DRAFT, user=staff["author"])
    client.force_login(staff["author"])
    assert titles(client.get(IMAGES)) == ["Anna's draft", "Published"]
    client.force_login(staff["editor"])
    assert len(titles(client.get(IMAGES))) == 3


def test_the_preview_of_an_image_the_user_may_not_see_is_not_found(client, staff):
    draft = ImageFactory(status=MediaStatus.DRAFT, user=staff["editor"])
    client.force_login(staff["author"])
    preview = reverse("desk:editor_image_preview", args=[draft.pk])
    assert client.get(preview).status_code == 404
    client.force_login(staff["editor"])
    response = client.get(preview)
    assert response.status_code == 302
    assert "-fill-150x150." in response["Location"]


def test_galleries_are_offered_with_their_addresses(client, staff):
    gallery = GalleryFactory(title="Free Iran 2024", status=MediaStatus.PUBLISHED)
    client.force_login(staff["contributor"])
    assert client.get(GALLERIES).json()["results"] == [
        {"id": gallery.pk, "title": "Free Iran 2024", "url": gallery.get_absolute_url()}
    ]


def test_a_bad_page_number_is_a_400_with_the_reason(client, staff):
    client.force_login(staff["editor"])
    response = client.get(IMAGES, {"page": "zero"})
    assert response.status_code == 400
    assert response.json()["errors"]["page"][0]["message"] == "Enter a whole number."


def test_staff_who_may_not_write_are_refused(client, staff):
    client.force_login(staff["nobody"])
    for url in (IMAGES, GALLERIES, reverse("desk:editor_image_preview", args=[1])):
        assert client.get(url).status_code == 403
    assert client.post(UPLOAD).status_code == 403


def test_visitors_are_sent_to_sign_in(client):
    response = client.get(IMAGES)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_an_upload_from_the_editor_adds_an_image(client, staff):
    client.force_login(staff["author"])
    response = client.post(UPLOAD, {"file": samples.upload(samples.jpeg(seed=7), "march.jpg")})
    assert response.status_code == 201
    image = Image.objects.get()
    assert response.json()["id"] == image.pk
    assert (image.title, image.uploaded_by, image.status) == (
        "march",
        staff["author"],
        MediaStatus.PUBLISHED,
    )


def test_a_contributor_may_not_upload(client, staff):
    client.force_login(staff["contributor"])
    response = client.post(UPLOAD, {"file": samples.upload(samples.jpeg(seed=7), "march.jpg")})
    assert response.status_code == 403
    assert not Image.objects.exists()


def editor_urls(client):
    """The addresses the body's editor is given on the "Add post" form."""
    page = client.get(reverse("admin:posts_post_add")).content.decode()
    config = re.search(r'data-desk-editor="([^"]*)"', page)[1]
    return json.loads(html.unescape(config))["urls"]


def test_the_picker_offers_an_upload_only_to_those_who_may_upload(client, staff):
    """A Contributor's picker has no upload (it could only end in "The server answered 403")."""
    client.force_login(staff["contributor"])
    assert editor_urls(client)["upload"] is None
    client.force_login(staff["author"])
    assert editor_urls(client)["upload"] == UPLOAD


def test_a_refused_file_is_a_400_with_the_reason(client, staff):
    client.force_login(staff["editor"])
    response = client.post(UPLOAD, {"file": samples.upload(samples.not_an_image(), "x.jpg")})
    assert response.status_code == 400
    assert response.json()["errors"]["file"][0]["message"]
    assert not Image.objects.exists()


def test_upload_refuses_get(client, staff):
    client.force_login(staff["editor"])
    assert client.get(UPLOAD).status_code == 405
