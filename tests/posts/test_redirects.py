"""Redirect rows: validation, the admin, and old addresses kept when a post moves."""

import pytest
from django.core.exceptions import ValidationError

from posts.models import Redirect
from tests.factories import CategoryFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("fields", "field_in_error"),
    [
        ({"old_path": "no-slash/", "target_url": "/x/"}, "old_path"),
        ({"old_path": "//evil.example/", "target_url": "/x/"}, "old_path"),
        ({"old_path": "/a/", "target_url": "javascript:alert(1)"}, "target_url"),
        ({"old_path": "/a/", "target_url": "//evil.example/"}, "target_url"),
        ({"old_path": "/a/"}, "target_url"),
    ],
)
def test_invalid_redirects_are_refused(fields, field_in_error):
    with pytest.raises(ValidationError) as raised:
        Redirect(**fields).full_clean()
    assert field_in_error in raised.value.message_dict


def test_exactly_one_target():
    post = PostFactory()
    with pytest.raises(ValidationError):
        Redirect(old_path="/a/", post=post, category=CategoryFactory()).full_clean()
    Redirect(old_path="/a/", post=post).full_clean()
    Redirect(old_path="/b/", target_url="https://example.org/").full_clean()


def test_moving_a_post_records_its_old_address():
    post = PostFactory(slug="before")
    post.slug = "after"
    post.save()
    redirect = Redirect.objects.get()
    assert (redirect.old_path, redirect.post, redirect.origin) == ("/before/", post, "moved")
    assert str(redirect) == f"/before/ → {post.title}"


def test_redirect_admin_lists_and_searches(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    Redirect.objects.create(old_path="/2017/07/01/old/", post=PostFactory(title="Moved story"))
    response = client.get("/admin/posts/redirect/?q=old")
    assert response.status_code == 200
    assert "/2017/07/01/old/" in response.text
    assert "Moved story" in response.text
    assert client.get("/admin/posts/redirect/add/").status_code == 200
