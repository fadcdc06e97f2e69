"""Preview shows unsaved text and creates nothing."""

import pytest

from posts.models import Post
from tests.browser.test_content_security_policy import violations
from tests.factories import PostFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, next_path, username="boss"):
    page.goto(f"{live_server.url}/admin/login/?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**{next_path}")


def write_body(page, text):
    """Replace the body's text in the rich-text editor, as an editor types it."""
    editor = page.locator(".prose-editor [contenteditable=true]")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def test_preview_shows_unsaved_text_and_creates_nothing(live_server, page):
    UserFactory(username="boss", is_staff=True, is_superuser=True)
    post = PostFactory(title="Rally in Berlin", slug="rally-berlin", body="<p>Saved text.</p>")
    tabs = [violations(page)]  # CSP reports of every tab, the preview's included
    page.context.on("page", lambda opened: tabs.append(violations(opened)))
    sign_in(page, live_server, f"/admin/posts/post/{post.pk}/change/")

    page.get_by_label("Title:").fill("Rally in Berlin, updated")
    write_body(page, "Thousands marched, said the unsaved text.")
    with page.context.expect_page() as opened:
        page.get_by_role("button", name="Preview").click()
    preview = opened.value
    preview.wait_for_load_state()
    assert preview.get_by_role("heading", level=1).inner_text() == "Rally in Berlin, updated"
    assert "Thousands marched, said the unsaved text." in preview.locator(".post-body").inner_text()
    assert "Unsaved changes" in preview.locator(".notice").all_inner_texts()[1]

    # The editor's tab still has the form as typed; nothing was saved or added.
    assert page.get_by_label("Title:").input_value() == "Rally in Berlin, updated"
    post.refresh_from_db()
    assert (post.title, post.body) == ("Rally in Berlin", "<p>Saved text.</p>")
    assert Post.objects.count() == 1
    visitor = page.context.browser.new_page()
    visitor.goto(live_server.url + "/rally-berlin/")
    assert visitor.get_by_role("heading", level=1).inner_text() == "Rally in Berlin"
    visitor.close()

    # A new post previews too, and is not created by it.
    page.goto(live_server.url + "/admin/posts/post/add/")
    page.get_by_label("Title:").fill("Not yet written down")
    with page.context.expect_page() as opened:
        page.get_by_role("button", name="Preview").click()
    opened.value.wait_for_load_state()
    assert opened.value.get_by_role("heading", level=1).inner_text() == "Not yet written down"
    assert Post.objects.count() == 1
    assert [report for reported in tabs for report in reported] == []
    assert len(tabs) == 3
