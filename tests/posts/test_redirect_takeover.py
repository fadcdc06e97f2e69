"""Saving a post never takes over an address someone else's redirect or page answers.

Regression: renaming a post whose old slug equalled a stored redirect's path
overwrote that redirect, so a Contributor could break ``/donate/`` with a
draft and an Author could point it at their own post.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from posts.models import Post, Redirect
from tests.factories import PageFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

DONATE = "https://donate.example.org/"


@pytest.fixture
def donate_redirect():
    return Redirect.objects.create(old_path="/donate/", target_url=DONATE)


def staff_member(role):
    call_command("setup_roles", verbosity=0)
    user = UserFactory(username=f"{role.lower()}-1", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def rename_in_admin(client, user, post, new_slug, status):
    client.force_login(user)
    response = client.post(
        reverse("admin:posts_post_change", args=[post.pk]),
        {
            "title": post.title,
            "slug": new_slug,
            "body": "<p>Text</p>",
            "excerpt": "",
            "status": status,
            "published_at_0": "2024-01-01",
            "published_at_1": "10:00:00",
            "language": "en",
            "tags": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_a_contributors_draft_cannot_break_a_redirect(client, donate_redirect):
    contributor = staff_member("Contributor")
    draft = PostFactory(
        slug="donate", status="draft", published_at=None, author=contributor, title="Mine"
    )
    rename_in_admin(client, contributor, draft, "elsewhere", "draft")

    assert Redirect.objects.get(old_path="/donate/").target_url == DONATE
    assert client.get("/donate/")["Location"] == DONATE


def test_an_author_cannot_point_a_redirect_at_their_post(client, donate_redirect):
    author = staff_member("Author")
    post = PostFactory(slug="donate", status="published", author=author, title="Give to me")
    rename_in_admin(client, author, post, "give", "published")

    redirect = Redirect.objects.get(old_path="/donate/")
    assert (redirect.target_url, redirect.post_id) == (DONATE, None)


def test_a_move_never_claims_an_address_another_page_answers():
    PageFactory(slug="about", title="About us")
    post = PostFactory(slug="about", title="About the summit")  # a post may share a page's slug
    post.slug = "summit"
    post.save()

    assert not Redirect.objects.filter(old_path="/about/").exists()


def test_a_published_post_still_keeps_its_old_address():
    post = PostFactory(slug="first-name", status="published")
    post.slug = "second-name"
    post.save()

    redirect = Redirect.objects.get(old_path="/first-name/")
    assert (redirect.post, redirect.origin) == (post, Redirect.Origin.MOVED)


def test_a_drafts_old_slug_is_not_remembered():
    draft = PostFactory(slug="working-title", status="draft", published_at=None)
    draft.slug = "final-title"
    draft.save()

    assert not Redirect.objects.filter(old_path="/working-title/").exists()


def test_editors_manage_redirects(client):
    editor = staff_member("Editor")
    client.force_login(editor)
    response = client.post(
        reverse("admin:posts_redirect_add"), {"old_path": "/appeal/", "target_url": DONATE}
    )
    assert response.status_code == 302
    assert Redirect.objects.get(old_path="/appeal/").target_url == DONATE


def test_an_import_leaves_redirects_made_by_hand(donate_redirect):
    post = PostFactory(slug="donate-now")
    Redirect.objects.record(
        [Redirect(old_path="/donate/", post=post, origin=Redirect.Origin.IMPORT)]
    )
    assert Redirect.objects.get(old_path="/donate/").target_url == DONATE
    assert Post.objects.count() == 1
