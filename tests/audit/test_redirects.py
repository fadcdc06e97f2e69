"""Redirects added, changed and deleted, by hand or by a post's new address."""

import pytest
from django.urls import reverse

from posts.models import Redirect
from tests.factories import PostFactory

from .conftest import clear_log, logged

pytestmark = pytest.mark.django_db


def test_an_editor_adding_changing_and_deleting_a_redirect(client, editor):
    client.force_login(editor)
    clear_log()
    form = {"old_path": "/donate/", "post": "", "category": "", "target_url": "/support-us/"}

    client.post(reverse("admin:posts_redirect_add"), form, REMOTE_ADDR="203.0.113.5")
    redirect = Redirect.objects.get()
    client.post(
        reverse("admin:posts_redirect_change", args=[redirect.pk]),
        {**form, "target_url": "https://evil.example/"},
        REMOTE_ADDR="203.0.113.5",
    )
    client.post(
        reverse("admin:posts_redirect_delete", args=[redirect.pk]),
        {"post": "yes"},
        REMOTE_ADDR="203.0.113.5",
    )

    kind, address = "posts.redirect", "203.0.113.5"
    assert logged() == [
        (
            "redirect_changed",
            "eddie",
            kind,
            "/donate/ → /support-us/",
            address,
            {"change": "added"},
        ),
        (
            "redirect_changed",
            "eddie",
            kind,
            "/donate/ → https://evil.example/",
            address,
            {"change": "changed"},
        ),
        (
            "redirect_changed",
            "eddie",
            kind,
            "/donate/ → https://evil.example/",
            address,
            {"change": "deleted"},
        ),
    ]


def test_redirects_that_follow_a_post_are_recorded_too():
    """Saving a post under a new address adds one; deleting the post deletes it."""
    post = PostFactory(title="Statement", slug="statement")
    clear_log()

    post.slug = "statement-2025"
    post.save()
    post.delete()

    command = {"via": "command"}
    assert logged() == [
        (
            "redirect_changed",
            "",
            "posts.redirect",
            "/statement/ → Statement",
            None,
            {"change": "added", **command},
        ),
        (
            "redirect_changed",
            "",
            "posts.redirect",
            "/statement/ → Statement",
            None,
            {"change": "deleted", **command},
        ),
        ("deleted", "", "posts.post", "Statement", None, command),
    ]
