"""Autosave recovery after the tab is closed."""

import time

import pytest
from django.db import OperationalError

from desk.models import Autosave
from tests.browser.test_content_security_policy import violations
from tests.browser.test_preview import sign_in, write_body
from tests.factories import PostFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def wait_for_autosave(post, title):
    """The beacon is sent as the tab closes and lands a moment later (seconds, on a
    loaded machine: the wait ends as soon as it is there)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if Autosave.objects.filter(post=post, data__title=title).exists():
                return
        except OperationalError as error:
            # SQLite's in-memory test database is shared with the live server's thread
            # by table locks, which refuse a read at once while an autosave is written.
            if "locked" not in str(error):
                raise
        time.sleep(0.1)
    pytest.fail(f"No autosave of {title!r} arrived")


def test_autosave_recovery_after_the_tab_is_closed(live_server, page):
    UserFactory(username="boss", is_staff=True, is_superuser=True)
    post = PostFactory(title="Rally in Berlin", slug="rally-berlin", body="<p>Saved text.</p>")
    change = f"/admin/posts/post/{post.pk}/change/"
    sign_in(page, live_server, change)
    page.get_by_label("Title:").fill("Rally in Berlin, half written")
    write_body(page, "Words that were never saved.")
    context = page.context
    page.close(run_before_unload=True)
    wait_for_autosave(post, "Rally in Berlin, half written")
    post.refresh_from_db()
    assert post.title == "Rally in Berlin"

    reopened = context.new_page()
    reported = violations(reopened)
    reopened.goto(live_server.url + change)
    assert reopened.get_by_label("Title:").input_value() == "Rally in Berlin"
    reopened.get_by_role("link", name="Restore the autosave from").click()
    reopened.wait_for_url("**?autosave=restore")
    assert reopened.get_by_label("Title:").input_value() == "Rally in Berlin, half written"
    assert reopened.locator("#id_body").input_value() == "<p>Words that were never saved.</p>"
    editor = reopened.locator(".prose-editor [contenteditable=true]")
    assert editor.inner_text() == "Words that were never saved."

    reopened.get_by_role("button", name="Save", exact=True).click()
    reopened.wait_for_url("**/admin/posts/post/")
    post.refresh_from_db()
    assert post.title == "Rally in Berlin, half written"
    assert not Autosave.objects.exists()
    assert reported == []


def test_autosave_while_typing(live_server, page, monkeypatch):
    """Every few seconds (here 1, for the test) while the form changes, not when it does not."""
    monkeypatch.setattr("desk.autosaving.AUTOSAVE_SECONDS", 1)
    UserFactory(username="boss", is_staff=True, is_superuser=True)
    post = PostFactory(title="Rally in Berlin")
    sign_in(page, live_server, f"/admin/posts/post/{post.pk}/change/")
    page.get_by_label("Title:").fill("First words")
    status = page.locator(".desk-autosave-status")
    status.filter(has_text="Autosaved at").wait_for()
    assert Autosave.objects.get(post=post).data["title"] == "First words"
    page.get_by_label("Title:").fill("More words")
    wait_for_autosave(post, "More words")
