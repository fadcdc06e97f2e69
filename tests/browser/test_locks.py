"""Two editors on one post see the lock."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from desk.models import PostLock
from posts.models import Post
from tests.browser.test_content_security_policy import violations
from tests.browser.test_preview import sign_in
from tests.factories import PostFactory, UserFactory
from tests.staff import member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def editor(username, public_name):
    user = UserFactory(username=username, is_staff=True, is_superuser=True)
    user.author_profile.display_name = public_name
    user.author_profile.save()
    return user


def test_two_editors_on_one_post_see_the_lock(live_server, page, colleague_page, settings):
    """The second sees who is editing and takes over; the first is told and cannot save."""
    settings.POST_LOCK_HEARTBEAT_SECONDS = 2  # WordPress's 15 s would only slow the test
    editor("boss", "Sara Ahmadi")
    navid = editor("chief", "Navid Karimi")
    post = PostFactory(title="Rally in Berlin", slug="rally-berlin")
    change = f"/admin/posts/post/{post.pk}/change/"
    reported = [violations(page), violations(colleague_page)]

    sign_in(page, live_server, change)
    assert page.locator(".desk-lock-held").is_hidden()

    sign_in(colleague_page, live_server, change, username="chief")
    held = colleague_page.locator(".desk-lock-held")
    assert held.is_visible()
    assert held.inner_text().startswith("Sara Ahmadi is currently editing this post.")
    assert "boss" not in held.inner_text()
    assert held.get_by_role("link", name="Go back").get_attribute("href") == "/admin/posts/post/"

    held.get_by_role("button", name="Take over").click()
    colleague_page.wait_for_url(f"**{change}")
    colleague_page.locator(".desk-lock-held").wait_for(state="hidden")
    assert PostLock.objects.get().user == navid

    # The first editor's next heartbeat learns it.
    taken = page.locator(".desk-lock-taken")
    taken.wait_for(state="visible")
    assert taken.inner_text().startswith("Navid Karimi has taken over this post.")

    # Their save from that form is refused; the colleague's goes through.
    page.get_by_label("Title:").fill("Rally in Berlin, my version")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Navid Karimi is editing this post now").wait_for()
    colleague_page.get_by_label("Title:").fill("Rally in Berlin, their version")
    colleague_page.get_by_role("button", name="Save", exact=True).click()
    colleague_page.wait_for_url("**/admin/posts/post/")
    post.refresh_from_db()
    assert post.title == "Rally in Berlin, their version"
    assert reported == [[], []]


def test_a_contributor_whose_post_is_published_meanwhile_is_told(live_server, page, settings):
    """An Editor publishes the pending post a Contributor still has open: the Contributor
    may no longer change it, and their page says so instead of going quiet."""
    settings.POST_LOCK_HEARTBEAT_SECONDS = 2
    call_command("setup_roles", verbosity=0)
    cyrus = member("Contributor", "cyrus")
    post = PostFactory(title="Rally in Berlin", slug="rally-berlin", author=cyrus, status="pending")
    change = f"/admin/posts/post/{post.pk}/change/"
    reported = violations(page)
    sign_in(page, live_server, change, username="cyrus")
    lost = page.locator(".desk-lock-lost")
    assert lost.is_hidden()

    Post.objects.filter(pk=post.pk).update(status="published", published_at=timezone.now())

    lost.wait_for(state="visible")
    assert lost.inner_text().startswith("This post is no longer yours to change")
    assert reported == []
