"""What staff see of each other's media: lists, autocompletes, previews, duplicate warnings.

Authors and Contributors see their own items and published ones, never a
colleague's draft or scheduled item; Editors and administrators see all.
"""

import datetime
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from media_gallery.models import Gallery, Image, Video
from posts.models import Post
from tests.factories import PostFactory, UserFactory

from . import samples
from .factories import GalleryFactory, ImageFactory, VideoFactory
from .test_admin import errors, image_form, member, video_form

pytestmark = pytest.mark.django_db

TOMORROW = timezone.now() + datetime.timedelta(days=1)
YESTERDAY = timezone.now() - datetime.timedelta(days=1)

# Who added each item and its state; the title says both.
LIBRARY = [
    ("Anna's draft", "anna", {"status": "draft"}),
    ("Anna's scheduled", "anna", {"published_at": TOMORROW}),
    ("Cyrus's draft", "cyrus", {"status": "draft"}),
    ("Omid's draft", "omid", {"status": "draft"}),
    ("Omid's scheduled", "omid", {"published_at": TOMORROW}),
    ("Omid's published", "omid", {"published_at": YESTERDAY}),
    ("Imported draft", None, {"status": "draft"}),
    ("Imported published", None, {"published_at": YESTERDAY}),
]
PUBLISHED = ["Imported published", "Omid's published"]
SEES = {
    "anna": sorted(["Anna's draft", "Anna's scheduled", *PUBLISHED]),
    "cyrus": sorted(["Cyrus's draft", *PUBLISHED]),
    "omid": sorted(["Omid's draft", "Omid's scheduled", "Omid's published", "Imported published"]),
    "eddie": sorted(title for title, _owner, _state in LIBRARY),
}


@pytest.fixture
def staff(db):
    call_command("setup_roles", verbosity=0)
    return {
        "anna": member("Author", "anna"),
        "omid": member("Author", "omid"),
        "cyrus": member("Contributor", "cyrus"),
        "eddie": member("Editor", "eddie"),
    }


def make_library(model, staff):
    """One item of ``model`` per row of ``LIBRARY``, added by its owner."""
    for position, (title, owner, state) in enumerate(LIBRARY):
        user = staff[owner] if owner else None
        if model is Image:
            ImageFactory(
                title=title,
                user=user,
                data=samples.jpeg(64, 48, seed=position, identifying=False),
                renditions=False,
                **state,
            )
        elif model is Video:
            VideoFactory(title=title, uploaded_by=user, **state)
        else:
            GalleryFactory(title=title, uploaded_by=user, **state)


@pytest.fixture
def library(staff):
    for model in (Image, Video, Gallery):
        make_library(model, staff)
    return {title: Image.objects.get(title=title) for title, _owner, _state in LIBRARY}


def test_visible_to_for_visitors_and_former_staff(library, staff):
    """Without a staff account (signed out, or no longer staff) only published items count,
    even for items nobody added (the import's), whose uploader is empty."""
    former = staff["anna"]
    former.is_staff = False
    for user in (AnonymousUser(), former):
        titles = sorted(Image.objects.visible_to(user).values_list("title", flat=True))
        assert titles == PUBLISHED


def seen_by(client, user, url, titles):
    """``titles(response)`` for ``user`` signed in, or the status when refused."""
    client.force_login(user)
    response = client.get(url)
    return titles(response) if response.status_code == 200 else response.status_code


@pytest.mark.parametrize("model", ["image", "video", "gallery"])
def test_changelists_show_own_and_published_items(client, library, staff, model):
    """Contributors may not list videos at all (no permission); superusers see all."""
    url = reverse(f"admin:media_gallery_{model}_changelist")
    staff["boss"] = UserFactory(username="boss", is_staff=True, is_superuser=True)

    def titles(response):
        return sorted(item.title for item in response.context["cl"].result_list)

    seen = {name: seen_by(client, user, url, titles) for name, user in staff.items()}
    assert seen == {
        **SEES,
        "cyrus": 403 if model == "video" else SEES["cyrus"],
        "boss": SEES["eddie"],
    }


def autocomplete_url(app_label, model_name, field_name, term=""):
    """The admin's autocomplete, asked as its JavaScript asks."""
    query = urlencode(
        {"term": term, "app_label": app_label, "model_name": model_name, "field_name": field_name}
    )
    return f"{reverse('admin:autocomplete')}?{query}"


def offered(response):
    return sorted(result["text"] for result in response.json()["results"])


@pytest.mark.parametrize(
    ("app_label", "model_name", "field_name"),
    [
        ("posts", "post", "featured_image"),
        ("posts", "post", "gallery"),
        ("posts", "page", "featured_image"),
        ("media_gallery", "video", "poster"),
        ("media_gallery", "gallery", "cover"),
        ("media_gallery", "galleryitem", "image"),
        ("media_gallery", "galleryitem", "video"),
    ],
)
def test_autocompletes_offer_own_and_published_items(
    client, library, staff, app_label, model_name, field_name
):
    """Contributors may not pick videos (no permission to view them)."""
    url = autocomplete_url(app_label, model_name, field_name)
    seen = {name: seen_by(client, user, url, offered) for name, user in staff.items()}
    assert seen == {**SEES, "cyrus": 403 if field_name == "video" else SEES["cyrus"]}


def test_autocomplete_search_stays_within_what_the_user_sees(client, library, staff):
    client.force_login(staff["anna"])
    featured = client.get(autocomplete_url("posts", "post", "featured_image", term="omid"))
    items = client.get(autocomplete_url("media_gallery", "galleryitem", "video", term="draft"))
    assert offered(featured) == ["Omid's published"]
    assert offered(items) == ["Anna's draft"]


def test_another_authors_draft_is_not_found_on_its_change_page(client, library, staff):
    """Authors may view images, but a colleague's draft is not theirs to look at."""
    client.force_login(staff["anna"])
    theirs = library["Omid's draft"]
    response = client.get(reverse("admin:media_gallery_image_change", args=[theirs.pk]))
    assert (response.status_code, response.get("Location")) == (302, reverse("admin:index"))


@pytest.mark.parametrize("model", [Image, Video, Gallery])
def test_draft_page_answers_its_owner_and_editors(client, library, staff, model):
    """A draft and a scheduled item: previews for their owner and Editors, 404 for others."""

    def previewed(response):
        assert response["Cache-Control"] == "private, no-store"
        return response.context["preview"]

    for title in ("Anna's draft", "Anna's scheduled"):
        url = model.objects.get(title=title).get_absolute_url()
        seen = {name: seen_by(client, user, url, previewed) for name, user in staff.items()}
        client.logout()
        seen["visitor"] = client.get(url).status_code
        assert seen == {"anna": True, "omid": 404, "cyrus": 404, "eddie": True, "visitor": 404}


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


def test_a_post_cannot_be_given_a_colleagues_draft_by_a_hand_made_form(client, library, staff):
    """The featured image and gallery fields take only what the user may know exists."""
    post = PostFactory(author=staff["anna"], status="draft", published_at=None, title="Mine")
    client.force_login(staff["anna"])
    draft_image = library["Omid's draft"]
    draft_gallery = Gallery.objects.get(title="Omid's draft")
    response = client.post(
        reverse("admin:posts_post_change", args=[post.pk]),
        {
            "title": "Mine",
            "slug": post.slug,
            "body": "<p>Text</p>",
            "excerpt": "",
            "status": "draft",
            "published_at_0": "",
            "published_at_1": "",
            "language": "en",
            "tags": "",
            "featured_image": draft_image.pk,
            "gallery": draft_gallery.pk,
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert sorted(errors) == ["featured_image", "gallery"]
    assert Post.objects.get(pk=post.pk).featured_image_id is None
