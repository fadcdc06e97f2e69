"""Post locks: who has a post open, the heartbeat that keeps it, expiry and taking over."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from desk.models import PostLock
from tests.factories import PostFactory
from tests.staff import form_data

pytestmark = pytest.mark.django_db


def change_url(post):
    return reverse(f"admin:posts_{post.kind}_change", args=[post.pk])


def heartbeat_url(post):
    return reverse("desk:lock", args=[post.kind, post.pk])


def take_over_url(post):
    return reverse("desk:take_over", args=[post.kind, post.pk])


def signed_in(user, **options):
    client = Client(**options)
    client.force_login(user)
    return client


def after(seconds):
    return time_machine.travel(timezone.now() + datetime.timedelta(seconds=seconds), tick=False)


@pytest.fixture
def editors(staff):
    """The Editor (public name "Sara Ahmadi", login "eddie") and the administrator ("Navid
    Karimi", login "root"), each signed in."""
    for who, name in (("editor", "Sara Ahmadi"), ("admin", "Navid Karimi")):
        profile = staff[who].author_profile
        profile.display_name = name
        profile.save()
    return signed_in(staff["editor"]), signed_in(staff["admin"])


@pytest.fixture
def post(staff):
    return PostFactory(title="Rally", slug="rally", author=staff["author"], status="draft")


def test_a_colleague_opening_the_post_sees_who_is_editing_it(editors, post, staff):
    sara, root = editors
    sara.get(change_url(post))
    assert PostLock.objects.get().user == staff["editor"]

    response = root.get(change_url(post))
    assert response.context["desk_lock"]["held_by"] == "Sara Ahmadi"
    text = response.text
    assert '<ul class="messagelist desk-lock-held"><li' in text  # shown without a script
    assert "Sara Ahmadi</strong> is currently editing this post." in text
    assert "eddie" not in text  # the public name, never the login
    assert 'href="/admin/posts/post/" class="button">Go back</a>' in text
    assert f'formaction="{take_over_url(post)}"' in text
    assert ">Take over</button>" in text
    assert PostLock.objects.get().user == staff["editor"]  # opening did not take it


def test_the_holder_sees_no_notice(editors, post):
    sara, _root = editors
    response = sara.get(change_url(post))
    assert response.context["desk_lock"]["held_by"] is None
    assert "desk-lock-held" not in response.text
    assert '<ul class="messagelist desk-lock-taken" hidden>' in response.text  # for the script
    assert response.context["desk_lock"]["seconds"] == 15


def test_the_heartbeat_keeps_the_lock_and_answers_who_holds_it(editors, post, staff):
    sara, root = editors
    sara.get(change_url(post))
    since = PostLock.objects.get().since
    with after(10):
        assert sara.post(heartbeat_url(post)).json() == {"mine": True, "held_by": None}
        assert root.post(heartbeat_url(post)).json() == {"mine": False, "held_by": "Sara Ahmadi"}
        lock = PostLock.objects.get()
        assert (lock.user, lock.since, lock.beat_at) == (staff["editor"], since, timezone.now())


def test_a_lock_expires_after_two_missed_beats(editors, post, staff):
    sara, root = editors
    sara.get(change_url(post))
    with after(30):  # two beats missed, within the half beat of grace
        assert root.post(heartbeat_url(post)).json()["mine"] is False
    with after(38):
        assert root.post(heartbeat_url(post)).json() == {"mine": True, "held_by": None}
        assert root.get(change_url(post)).context["desk_lock"]["held_by"] is None
    assert PostLock.objects.get().user == staff["admin"]


def test_the_heartbeat_interval_is_a_setting(editors, post, settings):
    settings.POST_LOCK_HEARTBEAT_SECONDS = 2
    sara, root = editors
    assert sara.get(change_url(post)).context["desk_lock"]["seconds"] == 2
    assert 'data-seconds="2"' in sara.get(change_url(post)).text
    with after(6):
        assert root.post(heartbeat_url(post)).json()["mine"] is True


def test_taking_over_moves_the_lock_and_the_first_editor_is_told(editors, post, staff):
    sara, root = editors
    sara.get(change_url(post))
    response = root.post(take_over_url(post))
    assert response.status_code == 302
    assert response.url == change_url(post)
    assert PostLock.objects.get().user == staff["admin"]
    assert root.get(response.url).context["desk_lock"]["held_by"] is None
    told = sara.post(heartbeat_url(post)).json()
    assert told == {"mine": False, "held_by": "Navid Karimi"}


def test_a_save_while_a_colleague_holds_the_post_is_refused(editors, post, staff):
    sara, root = editors
    opened = sara.get(change_url(post)).context["adminform"].form["opened_at"].value()
    root.post(take_over_url(post))
    response = sara.post(
        change_url(post),
        form_data(slug="rally", author=staff["author"].pk, title="Mine", opened_at=opened),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert errors == [
        "Navid Karimi is editing this post now, so your changes were not saved. "
        "Copy what you want to keep, or take the post over."
    ]
    post.refresh_from_db()
    assert post.title == "Rally"


def test_saving_releases_the_lock(editors, post, staff):
    sara, root = editors
    opened = sara.get(change_url(post)).context["adminform"].form["opened_at"].value()
    response = sara.post(
        change_url(post), form_data(slug="rally", author=staff["author"].pk, opened_at=opened)
    )
    assert response.status_code == 302
    assert not PostLock.objects.exists()
    assert root.get(change_url(post)).context["desk_lock"]["held_by"] is None


@pytest.mark.parametrize("url", [heartbeat_url, take_over_url])
def test_state_changes_refuse_get(editors, post, url):
    sara, _root = editors
    assert sara.get(url(post)).status_code == 405
    assert not PostLock.objects.exists()


@pytest.mark.parametrize("url", [heartbeat_url, take_over_url])
def test_staff_who_may_not_change_the_post_are_refused(staff, post, url):
    signed_in(staff["author"]).get(change_url(post))
    for who in ("other_author", "contributor"):
        assert signed_in(staff[who]).post(url(post)).status_code == 403
    assert PostLock.objects.get().user == staff["author"]


def test_reading_a_post_one_may_not_change_takes_no_lock(staff):
    """A Contributor's published post opens read-only for them."""
    post = PostFactory(author=staff["contributor"], status="published")
    response = signed_in(staff["contributor"]).get(change_url(post))
    assert response.status_code == 200
    assert "desk_lock" not in response.context
    assert not PostLock.objects.exists()


@pytest.mark.parametrize("url", [heartbeat_url, take_over_url])
def test_a_post_that_does_not_exist_is_not_found(editors, post, url):
    sara, _root = editors
    missing = PostFactory.build(pk=post.pk + 1000, kind="post")
    assert sara.post(url(missing)).status_code == 404


def test_a_page_has_its_lock_too(editors, staff):
    sara, root = editors
    page = PostFactory(kind="page", title="About", slug="about")
    sara.get(change_url(page))
    assert root.post(heartbeat_url(page)).json()["held_by"] == "Sara Ahmadi"
    assert root.post(reverse("desk:lock", args=["post", page.pk])).status_code == 404


def test_the_heartbeat_needs_the_csrf_token(staff, post):
    client = signed_in(staff["editor"], enforce_csrf_checks=True)
    assert client.post(heartbeat_url(post)).status_code == 403
    assert not PostLock.objects.exists()


def test_visitors_are_sent_to_sign_in(client, post):
    response = client.post(heartbeat_url(post))
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
    assert not PostLock.objects.exists()
