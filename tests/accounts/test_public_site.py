"""Outside the admin too, a password alone shows nothing unpublished: the public site's
previews of drafts answer a staff session only once it has passed its second step."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PostFactory
from tests.media_gallery.factories import ImageFactory

from .conftest import current_code, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafts(editor):
    post = PostFactory(title="Unannounced rally", author=editor, status="draft")
    image = ImageFactory(title="Unannounced poster", status="draft", renditions=False)
    return {
        "post": reverse("posts:preview", args=[post.pk]),
        "image": image.get_absolute_url(),
    }


def test_a_password_alone_previews_no_draft(client, editor, drafts):
    TOTPDevice.objects.create(user=editor, name="Phone", confirmed=True)
    sign_in(client)

    preview = client.get(drafts["post"], follow=True)
    assert "Unannounced rally" not in preview.text
    assert preview.redirect_chain[-1][0].startswith(reverse("accounts:verify"))
    assert client.get(drafts["image"]).status_code == 404


def test_a_first_sign_in_previews_no_draft_before_enrolling(client, editor, drafts):
    sign_in(client)

    preview = client.get(drafts["post"], follow=True)
    assert "Unannounced rally" not in preview.text
    assert preview.redirect_chain[-1][0].startswith(reverse("accounts:security"))
    assert client.get(drafts["image"]).status_code == 404


def test_after_the_second_step_drafts_are_previewed(client, editor, drafts):
    device = TOTPDevice.objects.create(user=editor, name="Phone", confirmed=True)
    sign_in(client)
    client.post(reverse("accounts:verify"), {"code": current_code(device)})

    assert "Unannounced rally" in client.get(drafts["post"]).text
    assert "Unannounced poster" in client.get(drafts["image"]).text


def test_optional_mode_previews_with_the_password(client, editor, drafts, settings):
    settings.STAFF_2FA = "optional"
    sign_in(client)

    assert client.get(drafts["post"]).status_code == 200
    assert client.get(drafts["image"]).status_code == 200


def test_a_visitors_page_does_not_read_the_session(client, db):
    """The check is lazy: a page that never asks who is there stays shared by every visitor
    (no ``Vary: Cookie``), so the page cache and proxies keep one copy."""
    PostFactory(title="Rally in Berlin")

    response = client.get("/")

    assert response.status_code == 200
    assert "Cookie" not in response.get("Vary", "")
