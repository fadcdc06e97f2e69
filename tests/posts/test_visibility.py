"""Visitors never see drafts, pending, private or future posts, anywhere."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from posts.models import Post
from tests.factories import CategoryFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

HIDDEN_TITLE = "Hidden headline zebra"


def public_urls(post, category, author):
    """Every public place a post could show up."""
    year = (post.published_at or timezone.now()).year
    return [
        reverse("posts:home"),
        category.get_absolute_url(),
        reverse("posts:tag", kwargs={"slug": "secret-tag"}),
        author.author_profile.get_absolute_url(),
        reverse("posts:year", kwargs={"year": year}),
        reverse("posts:feed"),
        reverse("posts:feed_atom"),
        reverse("posts:category_feed", kwargs={"path": category.path}),
        reverse("posts:tag_feed", kwargs={"slug": "secret-tag"}),
        reverse("posts:author_feed", kwargs={"slug": author.author_profile.slug}),
        "/sitemap-posts.xml",
    ]


@pytest.fixture
def setting():
    """A category, tag and author that also hold one visible post, so their pages exist."""
    category = CategoryFactory(name="Shared category", slug="shared")
    author = UserFactory(username="writer")
    PostFactory(
        title="Visible neighbour", author=author, categories=[category], tags=["secret-tag"]
    )
    return category, author


def hidden_post(status, category, author, published_at):
    return PostFactory(
        title=HIDDEN_TITLE,
        slug="hidden-headline",
        status=status,
        published_at=published_at,
        author=author,
        categories=[category],
        tags=["secret-tag"],
    )


future = timezone.now() + datetime.timedelta(days=3)
past = timezone.now() - datetime.timedelta(days=3)


@pytest.mark.parametrize(
    ("status", "published_at"),
    [
        (Post.Status.DRAFT, None),
        (Post.Status.PENDING, None),
        (Post.Status.PRIVATE, past),
        (Post.Status.SCHEDULED, future),
        (Post.Status.PUBLISHED, future),
    ],
)
def test_hidden_post_appears_nowhere(client, setting, status, published_at):
    """The post's title is on no public page, feed or sitemap, and its address is a 404."""
    category, author = setting
    post = hidden_post(status, category, author, published_at)
    for url in public_urls(post, category, author):
        response = client.get(url)
        assert response.status_code == 200, url
        assert HIDDEN_TITLE not in response.text, url
        assert "hidden-headline" not in response.text, url
    assert client.get("/hidden-headline/").status_code == 404


def test_hidden_post_is_not_counted(client, setting):
    """The categories widget counts only what visitors can open."""
    category, author = setting
    hidden_post(Post.Status.DRAFT, category, author, None)
    response = client.get(reverse("posts:home"))
    assert 'Shared category</a> <span class="count">(1)</span>' in response.text


def test_published_in_the_future_is_stored_as_scheduled(setting):
    category, author = setting
    post = hidden_post(Post.Status.PUBLISHED, category, author, future)
    assert post.status == Post.Status.SCHEDULED


def test_scheduled_post_appears_when_its_time_comes(client, setting):
    """No cron and no cache clearing: the post shows up everywhere once its date passes."""
    category, author = setting
    due = timezone.now() + datetime.timedelta(hours=2)
    post = hidden_post(Post.Status.SCHEDULED, category, author, due)
    assert HIDDEN_TITLE not in client.get(reverse("posts:home")).text  # fills the widget cache

    with time_machine.travel(due + datetime.timedelta(minutes=1), tick=False):
        for url in public_urls(post, category, author):
            response = client.get(url)
            assert response.status_code == 200, url
            assert "hidden-headline" in response.text, url
        detail = client.get("/hidden-headline/")
        assert detail.status_code == 200
        sidebar = detail.text.split('id="recent-posts-heading"')[1]
        assert HIDDEN_TITLE in sidebar


def test_published_queryset_is_the_single_rule(setting):
    category, author = setting
    hidden_post(Post.Status.PRIVATE, category, author, past)
    assert list(Post.objects.published().values_list("title", flat=True)) == ["Visible neighbour"]


def test_a_tag_only_drafts_carry_is_not_revealed(client):
    PostFactory(title="Draft", status="draft", published_at=None, tags=["secret-operation"])
    assert client.get("/tag/secret-operation/").status_code == 404
    assert client.get("/tag/secret-operation/feed/").status_code == 404
