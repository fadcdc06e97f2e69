"""Deletes of content, media, groups and accounts; an account's events outlive it."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from audit.models import AuditEvent
from tests.factories import CategoryFactory, PageFactory, PostFactory, UserFactory
from tests.media_gallery.factories import GalleryFactory, ImageFactory, VideoFactory

from .conftest import clear_log, logged

pytestmark = pytest.mark.django_db

COMMAND = {"via": "command"}


def test_an_editor_deleting_a_post_in_the_admin(client, editor):
    post = PostFactory(title="Statement")
    client.force_login(editor)
    clear_log()

    response = client.post(
        reverse("admin:posts_post_delete", args=[post.pk]),
        {"post": "yes"},
        REMOTE_ADDR="2001:db8::5",
    )

    assert response.status_code == 302
    assert logged() == [("deleted", "eddie", "posts.post", "Statement", "2001:db8::5", {})]


@pytest.mark.parametrize(
    ("make", "kind", "name"),
    [
        (lambda: PageFactory(title="About us"), "posts.page", "About us"),
        (lambda: CategoryFactory(name="Reports"), "posts.category", "Reports"),
        (lambda: ImageFactory(title="Rally", renditions=False), "media_gallery.image", "Rally"),
        (lambda: VideoFactory(title="Rally"), "media_gallery.video", "Rally"),
        (lambda: GalleryFactory(title="Rally"), "media_gallery.gallery", "Rally"),
        (lambda: Group.objects.create(name="Translators"), "auth.group", "Translators"),
    ],
)
def test_each_kind_of_delete(make, kind, name):
    item = make()
    pk = item.pk
    clear_log()

    item.delete()

    assert logged() == [("deleted", "", kind, name, None, COMMAND)]
    assert AuditEvent.objects.get().object_id == str(pk)


def test_a_deleted_accounts_events_keep_its_name(client, admin_user):
    leaving = UserFactory(username="leaving", is_staff=True)
    client.force_login(leaving)
    client.force_login(admin_user)
    clear_log()

    client.post(
        reverse("admin:auth_user_delete", args=[leaving.pk]),
        {"post": "yes"},
        REMOTE_ADDR="203.0.113.5",
    )

    assert logged() == [("deleted", "root", "auth.user", "leaving", "203.0.113.5", {})]
    assert AuditEvent.objects.get().user == admin_user


def test_earlier_events_of_a_deleted_account_are_kept(client):
    leaving = UserFactory(username="leaving", is_staff=True)
    client.force_login(leaving)

    leaving.delete()

    signed_in = AuditEvent.objects.get(action="signed_in")
    assert (signed_in.user, signed_in.username) == (None, "leaving")


def test_an_account_deleting_itself(client, admin_user):
    """The event cannot point at the account it deletes; its name says who it was."""
    client.force_login(admin_user)
    clear_log()

    response = client.post(reverse("admin:auth_user_delete", args=[admin_user.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not get_user_model().objects.exists()
    assert logged() == [("deleted", "root", "auth.user", "root", "127.0.0.1", {})]
    assert AuditEvent.objects.get().user is None
