"""What staff see of each other's media: lists, autocompletes, previews, hand-made forms.

Authors and Contributors see their own items and published ones, never a
colleague's draft or scheduled item; Editors and administrators see all.
The library is built once for the module (the tests only read it, or change
it inside their own transaction); duplicate warnings are in
test_insiders_duplicates.py.
"""

import datetime
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from media_gallery.models import Gallery, Image, Video
from posts.models import Post
from tests.factories import PostFactory, UserFactory
from tests.shared_data import built_once, use_shared

from . import samples
from .factories import GalleryFactory, ImageFactory, VideoFactory
from .test_admin import member

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("library"),
    pytest.mark.xdist_group(__name__),  # one worker: one build
]

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


def make_staff():
    call_command("setup_roles", verbosity=0)
    member("Author", "anna")
    member("Author", "omid")
    member("Contributor", "cyrus")
    member("Editor", "eddie")


def make_library(model):
    """One item of ``model`` per row of ``LIBRARY``, added by its owner."""
    for position, (title, owner, state) in enumerate(LIBRARY):
        user = get_user_model().objects.get(username=owner) if owner else None
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


def build():
    make_staff()
    for model in (Image, Video, Gallery):
        make_library(model)


@pytest.fixture(scope="module")
def library_once(django_db_setup, django_db_blocker, tmp_path_factory):
    with built_once(django_db_blocker, tmp_path_factory.mktemp("insiders-media"), build) as site:
        yield site


@pytest.fixture
def library(library_once, request, settings):
    """The library's images by title (its videos and galleries have the same titles)."""
    use_shared(library_once, request, settings)
    return {title: Image.objects.get(title=title) for title, _owner, _state in LIBRARY}


@pytest.fixture
def staff(library):
    """The library's owners and an Editor, as stored (each test gets its own copies)."""
    return {
        name: get_user_model().objects.get(username=name)
        for name in ("anna", "omid", "cyrus", "eddie")
    }


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
