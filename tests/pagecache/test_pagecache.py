"""Anonymous visitors get whole pages from the shared cache, refreshed exactly when
what they show changes."""

import datetime
import time

import pytest
import time_machine
from django.contrib.auth.models import update_last_login
from django.core.cache import caches
from django.utils import timezone

from tests.factories import CategoryFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE = True


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a change and its after-commit work (the tag bumps), as a real request would."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            return change()

    return run


def get(client, url, **headers):
    return client.get(url, headers=headers)


def test_second_visit_is_served_from_the_cache_without_queries(
    client, commit, django_assert_num_queries
):
    commit(lambda: PostFactory(title="Cached headline", slug="cached"))
    first = get(client, "/cached/")
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = get(client, "/cached/")
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert "Cached headline" in second.text


def test_conditional_requests_get_304(client, commit):
    commit(lambda: PostFactory(slug="etag"))
    response = get(client, "/etag/")
    assert response["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert response["Last-Modified"]
    not_modified = get(client, "/etag/", if_none_match=response["ETag"])
    assert not_modified.status_code == 304
    assert not_modified.content == b""


def test_publishing_refreshes_listings_and_the_sidebar(client, commit):
    category = CategoryFactory(name="Human Rights", slug="rights")
    commit(lambda: PostFactory(title="Older news", slug="older", categories=[category]))
    get(client, "/")
    get(client, "/older/")
    commit(lambda: PostFactory(title="Breaking news", slug="breaking", categories=[category]))
    home = get(client, "/")
    assert home["X-Cache"] == "miss"
    assert "Breaking news" in home.text
    older = get(client, "/older/")
    assert older["X-Cache"] == "miss"  # its sidebar lists the new post
    assert "Breaking news" in older.text.split('id="recent-posts-heading"')[1]


def test_editing_a_body_refreshes_only_what_shows_it(client, commit):
    edited = commit(lambda: PostFactory(title="Edited", slug="edited", body="<p>First words.</p>"))
    commit(lambda: PostFactory(title="Untouched", slug="untouched"))
    for url in ("/", "/edited/", "/untouched/"):
        get(client, url)

    def edit():
        edited.body = "<p>Corrected words.</p>"
        edited.save()

    commit(edit)
    page = get(client, "/edited/")
    assert page["X-Cache"] == "miss"
    assert "Corrected words." in page.text
    assert get(client, "/")["X-Cache"] == "miss"  # its excerpt is on the home page
    assert get(client, "/untouched/")["X-Cache"] == "hit"


def test_saving_a_draft_changes_nothing_public(client, commit):
    commit(lambda: PostFactory(slug="public"))
    draft = commit(lambda: PostFactory(slug="draft", status="draft", published_at=None))
    get(client, "/")
    get(client, "/public/")

    def edit():
        draft.title = "Still a draft"
        draft.save()

    commit(edit)
    assert get(client, "/")["X-Cache"] == "hit"
    assert get(client, "/public/")["X-Cache"] == "hit"


def test_an_authors_new_name_or_address_refreshes_their_bylines(client, commit):
    sara = commit(lambda: UserFactory(username="sara", first_name="Sara", last_name="Ahmadi"))
    commit(lambda: PostFactory(slug="speech", author=sara))
    for url in ("/", "/speech/"):
        get(client, url)
    commit(lambda: update_last_login(None, sara))  # signing in shows nowhere
    assert get(client, "/speech/")["X-Cache"] == "hit"

    def rename():
        sara.author_profile.slug = "sara"
        sara.author_profile.save()

    commit(rename)
    for url in ("/", "/speech/"):
        page = get(client, url)
        assert page["X-Cache"] == "miss"
        assert 'href="/author/sara/"' in page.text
    sara.last_name = "Rajavi"
    commit(sara.save)
    assert "Sara Rajavi" in get(client, "/speech/").text


def test_unpublishing_takes_the_page_down_at_once(client, commit):
    post = commit(lambda: PostFactory(slug="going"))
    assert get(client, "/going/").status_code == 200

    def unpublish():
        post.status = "private"
        post.save()

    commit(unpublish)
    assert get(client, "/going/").status_code == 404


def test_a_scheduled_post_appears_at_its_time(client, commit):
    commit(lambda: PostFactory(title="Now", slug="now"))
    due = timezone.now() + datetime.timedelta(hours=1)
    commit(
        lambda: PostFactory(
            title="Scheduled story", slug="later", status="scheduled", published_at=due
        )
    )
    assert "Scheduled story" not in get(client, "/").text
    with time_machine.travel(due + datetime.timedelta(seconds=5), tick=False):
        home = get(client, "/")
        assert home["X-Cache"] == "miss"
        assert "Scheduled story" in home.text


def test_signed_in_staff_never_get_cached_pages(client, commit):
    commit(lambda: PostFactory(slug="staff"))
    get(client, "/staff/")
    client.force_login(UserFactory(is_staff=True))
    response = get(client, "/staff/")
    assert "X-Cache" not in response


def test_pages_that_are_not_tagged_are_not_cached(client):
    assert "X-Cache" not in get(client, "/robots.txt")
    assert "X-Cache" not in get(client, "/no-such-page/")


def test_a_cache_outage_serves_pages_uncached(client, commit, settings):
    """Redis refusing connections (nothing listens on port 1): pages still render."""
    settings.CACHES = {
        "default": {
            "BACKEND": "pagecache.backends.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    assert type(caches["default"]).__name__ == "ResilientRedisCache"
    commit(lambda: PostFactory(title="Still served", slug="still"))
    for _ in range(3):
        response = get(client, "/still/")
        assert response.status_code == 200
        assert response["X-Cache"] == "miss"
        assert "Still served" in response.text
    assert get(client, "/").status_code == 200


def test_a_page_changed_while_rendering_is_not_stored(client, commit, monkeypatch):
    """Another server unpublishes the post while this one renders it: no stale entry."""
    from pagecache import tags
    from posts import views

    post = commit(lambda: PostFactory(title="Going down", slug="racing"))
    render_post = views.render_post

    def render_while_another_server_bumps(request, shown, **kwargs):
        response = render_post(request, shown, **kwargs)
        tags.send({f"{tags.VERSION_PREFIX}post:{post.pk}": time.time_ns()})
        return response

    monkeypatch.setattr(views, "render_post", render_while_another_server_bumps)
    assert get(client, "/racing/")["X-Cache"] == "miss"
    monkeypatch.setattr(views, "render_post", render_post)
    assert get(client, "/racing/")["X-Cache"] == "miss"  # nothing was stored the first time
    assert get(client, "/racing/")["X-Cache"] == "hit"


def test_unknown_query_parameters_share_one_entry(client, commit):
    commit(lambda: PostFactory(slug="shared"))
    assert get(client, "/?utm_source=a")["X-Cache"] == "miss"
    assert get(client, "/?utm_source=b&x=1")["X-Cache"] == "hit"
    assert get(client, "/")["X-Cache"] == "hit"


def test_a_typo_fixed_in_an_old_post_leaves_other_pages_cached(client, commit):
    old = commit(
        lambda: PostFactory(
            title="Old storry", slug="old", published_at=timezone.now().replace(year=2015)
        )
    )
    for number in range(6):
        commit(lambda number=number: PostFactory(title=f"Recent {number}", slug=f"recent-{number}"))
    get(client, "/recent-0/")
    get(client, "/old/")

    def fix_typo():
        old.title = "Old story"
        old.save()

    commit(fix_typo)
    assert get(client, "/recent-0/")["X-Cache"] == "hit"  # its sidebar does not show the old post
    page = get(client, "/old/")
    assert page["X-Cache"] == "miss"
    assert "<h1>Old story</h1>" in page.text
