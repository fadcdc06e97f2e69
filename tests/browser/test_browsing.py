"""A visitor browses in real Chromium: home, a category, a post."""

import pytest

from tests.factories import CategoryFactory, PostFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site():
    summit = CategoryFactory(name="Free Iran World Summit", slug="free-iran-world-summit")
    year = CategoryFactory(name="Free Iran 2021", slug="free-iran-2021", parent=summit)
    PostFactory(
        title="Rajavi addresses the summit",
        slug="rajavi-addresses-the-summit",
        body="<p>The people of Iran will be free.</p>",
        categories=[year],
    )
    PostFactory(title="Unrelated news", categories=[CategoryFactory(name="Human Rights")])


def test_home_to_category_to_post(live_server, page, site):
    page.goto(live_server.url + "/")
    assert page.title() == "Free Iran"
    page.get_by_role("navigation", name="Categories").get_by_role(
        "link", name="Free Iran 2021"
    ).click()
    page.wait_for_url("**/category/free-iran-world-summit/free-iran-2021/")
    assert page.get_by_role("heading", level=1).inner_text() == "Free Iran 2021"
    assert page.get_by_role("main").get_by_role("link", name="Unrelated news").count() == 0

    page.get_by_role("main").get_by_role("link", name="Rajavi addresses the summit").click()
    page.wait_for_url("**/rajavi-addresses-the-summit/")
    assert page.get_by_role("heading", level=1).inner_text() == "Rajavi addresses the summit"
    assert "The people of Iran will be free." in page.get_by_role("article").inner_text()


def test_keyboard_user_skips_to_content(live_server, page, site):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"


def test_search_box_has_a_label_and_the_page_fits_a_phone(live_server, page, site):
    page.goto(live_server.url + "/")
    assert page.get_by_label("Search the site").is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow == 0
