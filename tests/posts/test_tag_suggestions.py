"""Tag suggestions and the tags list show tags of published posts and the user's own only.

A tag that only a colleague's draft carries tells what they are working on.
"""

import datetime
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from tests.factories import PageFactory, PostFactory, UserFactory
from tests.staff import member

pytestmark = pytest.mark.django_db

TOMORROW = timezone.now() + datetime.timedelta(days=1)


@pytest.fixture
def staff(db):
    call_command("setup_roles", verbosity=0)
    return {
        "anna": member("Author", "anna"),
        "cyrus": member("Contributor", "cyrus"),
        "eddie": member("Editor", "eddie"),
        "boss": UserFactory(username="boss", is_staff=True, is_superuser=True),
    }


@pytest.fixture
def tagged(staff):
    """Tags carried by posts in every state; the tag's name says which."""
    omid = UserFactory(username="omid", is_staff=True)
    PostFactory(author=omid, tags=["Tehran rally"])
    PageFactory(author=omid, tags=["Tehran page"])
    PostFactory(author=omid, status="draft", tags=["Tehran secret"])
    PostFactory(author=omid, status="pending", tags=["Tehran pending"])
    PostFactory(author=omid, status="private", tags=["Tehran private"])
    PostFactory(author=omid, status="scheduled", published_at=TOMORROW, tags=["Tehran future"])
    PostFactory(author=staff["anna"], status="draft", tags=["Tehran plan"])
    PostFactory(author=staff["cyrus"], status="pending", tags=["Tehran notes"])
    PostFactory(author=staff["eddie"], status="draft", tags=["Tehran edit"])
    Tag.objects.create(name="Tehran unused")


PUBLISHED = ["Tehran page", "Tehran rally"]
EVERY_TAG = sorted(
    [
        *PUBLISHED,
        "Tehran edit",
        "Tehran future",
        "Tehran notes",
        "Tehran pending",
        "Tehran plan",
        "Tehran private",
        "Tehran secret",
        "Tehran unused",
    ]
)


def seen_by(client, staff, url, names):
    """``names(response)`` for each member of staff, or the status when refused."""
    seen = {}
    for username, user in staff.items():
        client.force_login(user)
        response = client.get(url)
        seen[username] = names(response) if response.status_code == 200 else response.status_code
    return seen


@pytest.mark.parametrize("kind", ["post", "page"])
def test_suggestions_are_tags_of_published_posts_and_the_users_own(client, staff, tagged, kind):
    """Editors too: a colleague's draft tags are not the site's vocabulary yet."""
    url = reverse(f"admin:posts_{kind}_tag_suggestions") + "?term=teh"
    assert seen_by(client, staff, url, lambda response: response.json()["results"]) == {
        "anna": ["Tehran page", "Tehran plan", "Tehran rally"],
        "cyrus": ["Tehran notes", "Tehran page", "Tehran rally"],
        "eddie": ["Tehran edit", "Tehran page", "Tehran rally"],
        "boss": PUBLISHED,
    }


def test_suggestions_never_complete_a_colleagues_draft_tag(client, staff, tagged):
    client.force_login(staff["anna"])
    url = reverse("admin:posts_post_tag_suggestions")
    assert client.get(url).json() == {"results": []}
    assert client.get(url, {"term": "Tehran s"}).json() == {"results": []}
    assert client.get(url, {"term": "x" * 5000}).json() == {"results": []}


def test_tags_list_hides_tags_only_colleagues_drafts_carry(client, staff, tagged):
    """Editors and administrators manage tags, so they see them all."""

    def names(response):
        return sorted(tag.name for tag in response.context["cl"].result_list)

    assert seen_by(client, staff, reverse("admin:taggit_tag_changelist"), names) == {
        "anna": ["Tehran page", "Tehran plan", "Tehran rally"],
        "cyrus": ["Tehran notes", "Tehran page", "Tehran rally"],
        "eddie": EVERY_TAG,
        "boss": EVERY_TAG,
    }


def test_tag_autocomplete_hides_tags_only_colleagues_drafts_carry(client, staff, tagged):
    """Asked as the admin's JavaScript asks; no form uses it, but the address answers."""
    query = {"term": "teh", "app_label": "posts", "model_name": "post", "field_name": "tags"}
    url = f"{reverse('admin:autocomplete')}?{urlencode(query)}"

    def names(response):
        return sorted(result["text"] for result in response.json()["results"])

    assert seen_by(client, staff, url, names) == {
        "anna": ["Tehran page", "Tehran plan", "Tehran rally"],
        "cyrus": ["Tehran notes", "Tehran page", "Tehran rally"],
        "eddie": EVERY_TAG,
        "boss": EVERY_TAG,
    }


def test_a_hidden_tags_page_is_not_found(client, staff, tagged):
    client.force_login(staff["anna"])
    secret = Tag.objects.get(name="Tehran secret")
    response = client.get(reverse("admin:taggit_tag_change", args=[secret.pk]))
    assert (response.status_code, response.get("Location")) == (302, reverse("admin:index"))


def test_posts_list_filters_by_the_tags_of_the_posts_it_lists(client, staff, tagged):
    """Authors and Contributors list their own posts, so only those posts' tags."""

    def names(response):
        """The filter's choices between "All" and "-" (no tags)."""
        (tags,) = [spec for spec in response.context["cl"].filter_specs if spec.title == "tags"]
        return [choice["display"] for choice in tags.choices(response.context["cl"])][1:-1]

    on_posts = [tag for tag in EVERY_TAG if tag not in ("Tehran page", "Tehran unused")]
    assert seen_by(client, staff, reverse("admin:posts_post_changelist"), names) == {
        "anna": ["Tehran plan"],
        "cyrus": ["Tehran notes"],
        "eddie": on_posts,
        "boss": on_posts,
    }
