"""Autosave: a separate record per user and post, offered when the form is reopened."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from desk.models import Autosave
from posts.models import Post
from tests.factories import CategoryFactory, PostFactory
from tests.staff import form_data

pytestmark = pytest.mark.django_db


def autosave_url(post):
    return reverse("desk:autosave", args=[post.kind, post.pk])


def change_url(post):
    return reverse("admin:posts_post_change", args=[post.pk])


NEW_POST = reverse("desk:autosave_new", args=["post"])


def test_autosave_keeps_the_form_apart_from_the_post(client, staff):
    post = PostFactory(title="Saved title", slug="saved", author=staff["author"])
    category = CategoryFactory()
    client.force_login(staff["author"])
    response = client.post(
        autosave_url(post),
        form_data(title="Typed title", slug="saved", categories=[category.pk], tags="a, b"),
    )
    assert response.status_code == 200
    assert set(response.json()) == {"saved_at", "time"}
    autosave = Autosave.objects.get()
    assert (autosave.user, autosave.post, autosave.kind) == (staff["author"], post, "post")
    assert autosave.data["title"] == "Typed title"
    assert autosave.data["categories"] == [str(category.pk)]
    assert autosave.data["published_at"] == ["", ""]
    assert "csrfmiddlewaretoken" not in autosave.data
    post.refresh_from_db()
    assert post.title == "Saved title"

    client.post(autosave_url(post), form_data(title="Typed again", slug="saved"))
    assert [a.data["title"] for a in Autosave.objects.all()] == ["Typed again"]


def test_each_user_has_their_own_autosave(client, staff):
    post = PostFactory(author=staff["editor"])
    for user in (staff["editor"], staff["admin"]):
        client.force_login(user)
        client.post(autosave_url(post), form_data(title=f"By {user.username}"))
    assert sorted(a.data["title"] for a in post.autosaves.all()) == ["By eddie", "By root"]


def test_reopening_offers_the_autosave_and_restoring_fills_the_form(client, staff):
    post = PostFactory(title="Saved title", slug="saved", author=staff["editor"])
    client.force_login(staff["editor"])
    moment = timezone.now() + datetime.timedelta(minutes=5)
    with time_machine.travel(moment, tick=False):
        client.post(autosave_url(post), form_data(title="Typed title", body="<p>Typed</p>"))
    offer = client.get(change_url(post))
    assert "Restore the autosave from" in offer.text
    assert 'href="?autosave=restore"' in offer.text
    assert offer.context["adminform"].form["title"].value() == "Saved title"

    restored = client.get(change_url(post) + "?autosave=restore")
    form = restored.context["adminform"].form
    assert form["title"].value() == "Typed title"
    assert form["body"].value() == "<p>Typed</p>"
    assert "The form shows the autosave from" in restored.text
    post.refresh_from_db()
    assert post.title == "Saved title"


def test_an_autosave_older_than_the_last_save_is_not_offered(client, staff):
    post = PostFactory(author=staff["editor"])
    client.force_login(staff["editor"])
    with time_machine.travel(timezone.now() - datetime.timedelta(hours=1), tick=False):
        client.post(autosave_url(post), form_data(title="Stale"))
    assert "Restore the autosave" not in client.get(change_url(post)).text
    restored = client.get(change_url(post) + "?autosave=restore")
    assert restored.context["adminform"].form["title"].value() == post.title


def test_a_choice_that_no_longer_exists_is_not_restored(client, staff):
    post = PostFactory(title="Saved", slug="saved", author=staff["editor"])
    category = CategoryFactory(name="Gone")
    client.force_login(staff["editor"])
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5), tick=False):
        client.post(
            autosave_url(post),
            form_data(title="Typed", slug="saved", categories=[category.pk, "junk"]),
        )
    category.delete()
    restored = client.get(change_url(post) + "?autosave=restore")
    assert restored.status_code == 200
    form = restored.context["adminform"].form
    assert form["title"].value() == "Typed"
    assert list(form["categories"].value()) == []
    assert "Not restored (no longer valid): Categories." in restored.text


def test_saving_the_post_removes_its_autosaves(client, staff):
    post = PostFactory(slug="saved", author=staff["editor"])
    other = PostFactory(author=staff["editor"])
    client.force_login(staff["admin"])
    client.post(autosave_url(post), form_data(title="Admin typed"))
    client.force_login(staff["editor"])
    client.post(autosave_url(post), form_data(title="Typed"))
    client.post(autosave_url(other), form_data(title="Elsewhere"))
    response = client.post(
        change_url(post), form_data(title="Saved now", slug="saved", author=staff["editor"].pk)
    )
    assert response.status_code == 302
    assert [a.post for a in Autosave.objects.all()] == [other]


def test_a_new_post_has_one_autosave_per_user_until_a_post_is_added(client, staff):
    """The "Add post" form autosaves too, as the user's one new post of that kind."""
    client.force_login(staff["contributor"])
    client.post(NEW_POST, form_data(title="First try"))
    client.post(NEW_POST, form_data(title="Second try"))
    autosave = Autosave.objects.get()
    assert (autosave.post, autosave.kind, autosave.data["title"]) == (None, "post", "Second try")

    add = reverse("admin:posts_post_add")
    assert "Restore the autosave from" in client.get(add).text
    restored = client.get(add + "?autosave=restore")
    assert restored.context["adminform"].form["title"].value() == "Second try"
    assert not Post.objects.exists()

    client.post(add, form_data(title="Second try", slug="second-try"))
    assert Post.objects.get().title == "Second try"
    assert not Autosave.objects.exists()


def test_only_those_who_may_change_the_post_autosave_it(client, staff):
    theirs = PostFactory(status="draft", published_at=None, author=staff["other_author"])
    published = PostFactory(author=staff["contributor"])
    client.force_login(staff["author"])
    assert client.post(autosave_url(theirs), form_data()).status_code == 403
    client.force_login(staff["contributor"])
    assert client.post(autosave_url(published), form_data()).status_code == 403
    new_page = reverse("desk:autosave_new", args=["page"])
    assert client.post(new_page, form_data()).status_code == 403
    assert not Autosave.objects.exists()


def test_autosave_refuses_get_unknown_posts_and_visitors(client, staff):
    post = PostFactory(author=staff["editor"])
    client.force_login(staff["editor"])
    assert client.get(autosave_url(post)).status_code == 405
    assert client.get(NEW_POST).status_code == 405
    assert client.post(reverse("desk:autosave", args=["post", 999999]), {}).status_code == 404
    client.logout()
    assert client.post(autosave_url(post), form_data()).status_code == 302
    assert not Autosave.objects.exists()


def test_the_change_form_carries_the_autosave_script_and_address(client, staff):
    post = PostFactory(author=staff["editor"])
    client.force_login(staff["editor"])
    page = client.get(change_url(post)).text
    assert '<script src="/static/desk/autosave.js">' in page
    assert f'data-url="{autosave_url(post)}" data-seconds="15"' in page
