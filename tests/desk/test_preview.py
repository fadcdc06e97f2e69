"""Preview: the change form as typed, on the public template, saving nothing."""

import pytest
from django.test import Client
from django.urls import reverse
from taggit.models import Tag

from posts.models import Post, Redirect
from tests.factories import CategoryFactory, PageFactory, PostFactory
from tests.staff import form_data

pytestmark = pytest.mark.django_db


def preview_url(post):
    return reverse("desk:preview", args=[post.kind, post.pk])


def test_preview_shows_unsaved_changes_of_a_published_post_and_saves_nothing(client, staff):
    post = PostFactory(title="As published", slug="as-published", author=staff["author"])
    category = CategoryFactory(name="Human Rights")
    client.force_login(staff["author"])
    response = client.post(
        preview_url(post),
        form_data(
            title="Typed, not saved",
            slug="a-new-address",
            body="<p>New text</p><script>alert(1)</script>",
            status="published",
            categories=[category.pk],
            tags="Brand new tag, Paris",
        ),
    )
    assert response.status_code == 200
    assert "<h1>Typed, not saved</h1>" in response.text
    assert "<p>New text</p>" in response.text
    assert "alert(1)" not in response.text  # sanitised, as saving would
    assert "Human Rights" in response.text
    assert "Brand new tag" in response.text
    assert "Unsaved changes: nothing is saved until you save the form." in response.text
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    assert response["X-Robots-Tag"] == "noindex"

    post.refresh_from_db()
    assert (post.title, post.slug, post.body) == (
        "As published",
        "as-published",
        "<p>Body of the post.</p>",
    )
    assert list(post.categories.all()) == []
    assert not Tag.objects.exists()
    assert not Redirect.objects.exists()
    assert Post.objects.count() == 1


def test_preview_of_a_new_post_creates_nothing(client, staff):
    client.force_login(staff["contributor"])
    response = client.post(
        reverse("desk:preview_new", args=["post"]),
        form_data(title="Not yet a post", slug="", body="<p>Draft text</p>", status="pending"),
    )
    assert response.status_code == 200
    assert "<h1>Not yet a post</h1>" in response.text
    assert "<p>Draft text</p>" in response.text
    assert "is <strong>pending review</strong>" in response.text
    assert not Post.objects.exists()


def test_pages_preview_new_and_changed(client, staff):
    parent = PageFactory(title="About", slug="about")
    client.force_login(staff["editor"])
    response = client.post(
        reverse("desk:preview_new", args=["page"]),
        form_data(
            title="Team", slug="team", parent=parent.pk, menu_order=0, author=staff["editor"].pk
        ),
    )
    assert response.status_code == 200
    assert "<h1>Team</h1>" in response.text
    assert Post.objects.count() == 1

    response = client.post(
        preview_url(parent),
        form_data(title="About us", slug="about", menu_order=0, author=staff["editor"].pk),
    )
    assert "<h1>About us</h1>" in response.text
    assert Post.objects.get().title == "About"


def test_fields_with_errors_are_shown_as_saved_and_named(client, staff):
    PostFactory(slug="taken")
    post = PostFactory(title="Saved title", author=staff["editor"])
    client.force_login(staff["editor"])
    response = client.post(
        preview_url(post),
        form_data(title="Typed title", slug="taken", status="no-such-status"),
    )
    assert response.status_code == 200
    assert "<h1>Typed title</h1>" in response.text
    assert "Shown as saved until corrected: Status (Select a valid choice." in response.text
    assert "Shown as saved until corrected: Slug (Another post already uses this slug.)" in (
        response.text
    )


def test_a_contributor_cannot_preview_as_published(client, staff):
    """Roles apply as when saving: a Contributor's form cannot publish, even in a preview."""
    post = PostFactory(status="draft", published_at=None, author=staff["contributor"])
    client.force_login(staff["contributor"])
    response = client.post(preview_url(post), form_data(status="published"))
    assert "is <strong>draft</strong>" in response.text


def test_only_those_who_may_change_the_post_preview_it(client, staff):
    theirs = PostFactory(status="draft", published_at=None, author=staff["other_author"])
    published = PostFactory(author=staff["contributor"])
    client.force_login(staff["author"])
    assert client.post(preview_url(theirs), form_data()).status_code == 403
    client.force_login(staff["contributor"])
    assert client.post(preview_url(published), form_data()).status_code == 403
    assert client.post(reverse("desk:preview_new", args=["page"]), form_data()).status_code == 403
    client.force_login(staff["editor"])
    assert client.post(preview_url(theirs), form_data()).status_code == 200


def test_preview_refuses_get_unknown_posts_and_visitors(client, staff):
    post = PostFactory(author=staff["editor"])
    client.force_login(staff["editor"])
    assert client.get(preview_url(post)).status_code == 405
    assert client.get(reverse("desk:preview_new", args=["post"])).status_code == 405
    assert client.post(reverse("desk:preview", args=["post", 999999]), {}).status_code == 404
    assert client.post(reverse("desk:preview", args=["page", post.pk]), {}).status_code == 404
    client.logout()
    response = client.post(preview_url(post), form_data())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_change_form_has_the_preview_button(client, staff):
    post = PostFactory(author=staff["editor"])
    client.force_login(staff["editor"])
    page = client.get(reverse("admin:posts_post_change", args=[post.pk])).text
    assert (
        f'<input type="submit" value="Preview" class="desk-preview" name="_preview" '
        f'formaction="{preview_url(post)}" formtarget="_blank" formnovalidate>'
    ) in page
    add = client.get(reverse("admin:posts_page_add")).text
    assert f'formaction="{reverse("desk:preview_new", args=["page"])}"' in add


def test_no_cache_keeps_a_preview(client, staff, settings):
    """With the page cache on, visitors still get the saved post after a preview of changes."""
    settings.PAGE_CACHE = True
    post = PostFactory(title="As published", slug="as-published", author=staff["editor"])
    visitor = Client()
    assert "<h1>As published</h1>" in visitor.get("/as-published/").text
    client.force_login(staff["editor"])
    preview = client.post(preview_url(post), form_data(title="Typed", slug="as-published"))
    assert "<h1>Typed</h1>" in preview.text
    again = visitor.get("/as-published/")
    assert again["X-Cache"] == "hit"
    assert "<h1>As published</h1>" in again.text
