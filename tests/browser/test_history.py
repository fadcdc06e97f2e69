"""Edit twice, compare, restore the first, and see it on the site, with three revisions in
History."""

import pytest

from tests.browser.test_content_security_policy import violations
from tests.browser.test_preview import sign_in, write_body
from tests.factories import PostFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def save_and_continue(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue editing").click()
    assert "was changed successfully" in page.locator(".messagelist .success").inner_text()


def open_history(page):
    with page.expect_navigation():
        page.get_by_role("link", name="History").click()
    return page.locator(".desk-history tbody tr")


def test_edit_twice_compare_restore_the_first_and_see_it_on_the_site(live_server, page):
    UserFactory(username="boss", is_staff=True, is_superuser=True)
    post = PostFactory(title="Rally in Berlin", slug="rally-berlin", body="<p>Saved text.</p>")
    change = f"/admin/posts/post/{post.pk}/change/"
    reported = violations(page)
    sign_in(page, live_server, change)

    write_body(page, "Thousands marched in Berlin.")
    save_and_continue(page)
    write_body(page, "Hundreds marched in Berlin.")
    save_and_continue(page)

    rows = open_history(page)
    assert rows.count() == 2
    assert "(current)" in rows.nth(0).inner_text()
    rows.nth(1).get_by_role("link", name="Compare").click()
    page.wait_for_url("**/compare/")
    text = page.locator(".desk-history")
    assert text.locator("del").all_inner_texts() == ["Thousands"]
    assert text.locator("ins").all_inner_texts() == ["Hundreds"]

    page.get_by_role("link", name="Restore this revision").click()
    page.wait_for_url("**/restore/")
    page.get_by_role("button", name="Restore").click()
    page.wait_for_url(f"**{change}")
    assert "Restored the revision of" in page.locator(".messagelist .success").inner_text()
    assert "Thousands marched in Berlin." in page.locator("#id_body").input_value()

    rows = open_history(page)
    assert "3 revisions, newest first." in page.locator(".desk-history").inner_text()
    assert rows.count() == 3

    visitor = page.context.browser.new_page()
    visitor.goto(live_server.url + "/rally-berlin/")
    assert visitor.locator(".post-body").inner_text().strip() == "Thousands marched in Berlin."
    visitor.close()
    assert reported == []
