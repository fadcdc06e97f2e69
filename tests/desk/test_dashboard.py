"""The admin index is the editor's dashboard: drafts, pending review, scheduled, recently published."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import PageFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")


def lists(response):
    return {entry.key: entry for entry in response.context["lists"]}


def titles(entry):
    return [item["post"].title for item in entry.items]


@pytest.fixture
def content(staff):
    now = timezone.now()
    hour = datetime.timedelta(hours=1)
    draft = {"status": "draft", "published_at": None}
    PostFactory(title="Cyrus draft", author=staff["contributor"], **draft)
    PostFactory(title="Anna draft", author=staff["author"], **draft)
    PageFactory(title="Editor page draft", author=staff["editor"], **draft)
    PostFactory(title="Cyrus pending", author=staff["contributor"], status="pending")
    PostFactory(title="Omid pending", author=staff["other_author"], status="pending")
    PostFactory(title="Anna tomorrow", author=staff["author"], published_at=now + 24 * hour)
    PostFactory(title="Omid in an hour", author=staff["other_author"], published_at=now + hour)
    PostFactory(title="Old news", author=staff["editor"], published_at=now - 48 * hour)
    PostFactory(title="Fresh news", author=staff["author"], published_at=now - hour)


def test_editors_see_everyones_work(client, staff, content):
    client.force_login(staff["editor"])
    response = client.get(INDEX)
    shown = lists(response)
    assert list(shown) == ["drafts", "pending", "scheduled", "published"]
    assert titles(shown["drafts"]) == ["Editor page draft", "Anna draft", "Cyrus draft"]
    assert shown["drafts"].count == 3
    assert [item["author"] for item in shown["drafts"].items] == [
        staff[role].get_full_name() for role in ("editor", "author", "contributor")
    ]
    assert titles(shown["pending"]) == ["Omid pending", "Cyrus pending"]
    assert titles(shown["scheduled"]) == ["Omid in an hour", "Anna tomorrow"]
    assert titles(shown["published"]) == ["Fresh news", "Old news"]
    assert [entry.count for entry in shown.values()] == [3, 2, 2, 2]
    page = response.text
    assert 'Drafts <span class="desk-count">(3)</span>' in page
    assert 'Pending review <span class="desk-count">(2)</span>' in page
    assert 'Scheduled <span class="desk-count">(2)</span>' in page
    assert 'Recently published <span class="desk-count">(2)</span>' in page


def test_pending_review_names_the_author_and_links_to_the_review(client, staff, content):
    client.force_login(staff["editor"])
    shown = lists(client.get(INDEX))
    pending = shown["pending"].items[1]
    assert pending["author"] == staff["contributor"].get_full_name()
    url = reverse("admin:posts_post_change", args=[pending["post"].pk])
    assert pending["edit_url"] == url
    assert f'<a class="desk-review" href="{url}">Review</a>' in client.get(INDEX).text


def test_authors_and_contributors_see_their_own_work(client, staff, content):
    client.force_login(staff["author"])
    shown = lists(client.get(INDEX))
    assert titles(shown["drafts"]) == ["Anna draft"]
    assert titles(shown["pending"]) == []
    assert titles(shown["scheduled"]) == ["Anna tomorrow"]
    assert titles(shown["published"]) == ["Fresh news", "Old news"]

    client.force_login(staff["contributor"])
    shown = lists(client.get(INDEX))
    assert titles(shown["drafts"]) == ["Cyrus draft"]
    assert titles(shown["pending"]) == ["Cyrus pending"]
    assert titles(shown["scheduled"]) == []
    # Published work is public; a Contributor opens it on the site, not in the form.
    assert [item["edit_url"] for item in shown["published"].items] == ["", ""]
    assert "Editor page draft" not in client.get(INDEX).text


def test_a_list_shows_its_newest_items_and_counts_all(client, staff):
    for number in range(10):
        PostFactory(title=f"Draft {number}", status="draft", published_at=None)
    client.force_login(staff["admin"])
    drafts = lists(client.get(INDEX))["drafts"]
    assert drafts.count == 10
    assert titles(drafts) == [f"Draft {number}" for number in range(9, 1, -1)]
    assert drafts.links == [
        ("Post", "/admin/posts/post/?status__exact=draft"),
        ("Page", "/admin/posts/page/?status__exact=draft"),
    ]


def test_the_dashboard_queries_do_not_grow_with_the_lists(client, staff):
    def queries_for_the_index():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(INDEX).status_code == 200
        return len(queries)

    PostFactory(title="Draft", status="draft", published_at=None)
    PostFactory(title="News")
    client.force_login(staff["editor"])
    few = queries_for_the_index()
    for number in range(12):
        PostFactory(title=f"Draft {number}", status="draft", published_at=None)
        PostFactory(title=f"News {number}")
    assert queries_for_the_index() == few


def test_the_admin_carries_the_site_name(client, staff):
    login = Client().get(reverse("admin:login"))
    assert "<title>Log in | Free Iran</title>" in login.text
    assert '<div id="site-name"><a href="/admin/">Free Iran</a></div>' in login.text
    client.force_login(staff["editor"])
    index = client.get(INDEX).text
    assert "<title>Site administration | Free Iran</title>" in index
    assert "Django administration" not in index + login.text


def test_authors_are_named_by_their_public_names_never_their_logins(client, staff):
    """A Contributor reads the recently published list: an account without a name is
    "Staff writer" there, as on the site, not its login."""
    nameless = UserFactory(username="omid.login", first_name="", last_name="", is_staff=True)
    PostFactory(title="Fresh news", author=nameless)
    client.force_login(staff["contributor"])
    response = client.get(INDEX)
    assert [item["author"] for item in lists(response)["published"].items] == ["Staff writer"]
    assert "omid.login" not in response.text
