"""Password-protected posts: the title is public, the body needs the password."""

import pytest
from django.urls import reverse

from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

SECRET = "The body only members may read"


@pytest.fixture
def protected():
    return PostFactory(
        title="Members' briefing", slug="briefing", body=f"<p>{SECRET}</p>", password="open sesame"
    )


def test_body_summary_and_metadata_stay_hidden(client, protected):
    assert protected.summary == ""
    response = client.get("/briefing/")
    assert response.status_code == 200
    assert "Members&#x27; briefing" in response.text
    assert SECRET not in response.text
    assert f'action="/protected/{protected.pk}/"' in response.text
    assert "private" in response["Cache-Control"]
    for url in ["/", "/feed/", "/feed/atom/"]:
        assert SECRET not in client.get(url).text


def test_right_password_unlocks_for_this_visitor_only(client, protected):
    response = client.post(
        reverse("posts:unlock", kwargs={"pk": protected.pk}), {"password": "open sesame"}
    )
    assert (response.status_code, response["Location"]) == (302, "/briefing/")
    assert SECRET in client.get("/briefing/").text
    other_visitor = type(client)()
    assert SECRET not in other_visitor.get("/briefing/").text


def test_wrong_password_says_so(client, protected):
    response = client.post(
        reverse("posts:unlock", kwargs={"pk": protected.pk}), {"password": "guess"}
    )
    assert response.status_code == 200
    assert "That password is not right." in response.text
    assert SECRET not in response.text


def test_changing_the_password_locks_again(client, protected):
    client.post(reverse("posts:unlock", kwargs={"pk": protected.pk}), {"password": "open sesame"})
    protected.password = "new words"
    protected.save()
    assert SECRET not in client.get("/briefing/").text


def test_unlock_only_answers_posts_for_published_protected_posts(client):
    plain = PostFactory(slug="plain")
    draft = PostFactory(slug="hidden", status="draft", password="x")
    for post in (plain, draft):
        response = client.post(reverse("posts:unlock", kwargs={"pk": post.pk}), {"password": "x"})
        assert response.status_code == 404
    assert client.get(reverse("posts:unlock", kwargs={"pk": plain.pk})).status_code == 405


def test_guessing_is_limited_per_address(client, protected):
    url = reverse("posts:unlock", kwargs={"pk": protected.pk})
    for _ in range(10):
        assert client.post(url, {"password": "guess"}).status_code == 200
    limited = client.post(url, {"password": "open sesame"})
    assert limited.status_code == 429
    assert "Too many password attempts" in limited.text
    other = client.post(url, {"password": "open sesame"}, REMOTE_ADDR="198.51.100.20")
    assert other.status_code == 302
