"""Typing in the header box shows results as you type; the keyboard picks one."""

import pytest

from tests.factories import PostFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site():
    # Committed for real (transactional test), so the index is written on commit.
    PostFactory(title="Free Iran World Summit opens", slug="summit-opens")
    PostFactory(title="Free Iran rally in Berlin", slug="rally-berlin")
    PostFactory(title="Unrelated", slug="unrelated")


def test_live_results_with_the_keyboard(live_server, page, site):
    page.goto(live_server.url + "/")
    box = page.get_by_role("combobox", name="Search the site")
    box.press_sequentially("free iran", delay=30)
    listbox = page.get_by_role("listbox", name="Suggested results")
    listbox.wait_for()
    options = listbox.get_by_role("option")
    assert options.count() == 3  # two results and "All results"
    assert "Free Iran" in options.nth(0).inner_text()
    first = options.nth(0).locator("a").get_attribute("href")
    assert page.get_by_role("status").filter(has_text="results").inner_text() == "2 results"
    assert box.get_attribute("aria-expanded") == "true"

    box.press("ArrowDown")
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "live-result-1"
    assert options.nth(1).get_attribute("aria-selected") == "true"
    box.press("Escape")
    assert listbox.is_hidden()

    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url(f"**{first}")
    assert first == "/rally-berlin/"  # as relevant as the summit's, and newer


def test_without_javascript_the_box_opens_the_result_page(live_server, browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_label("Search the site").fill("berlin")
    page.get_by_label("Search the site").press("Enter")
    page.wait_for_url("**/search/?q=berlin")
    assert page.get_by_role("heading", level=1).inner_text() == "Search results for “berlin”"
    assert (
        page.get_by_role("main").get_by_role("link", name="Free Iran rally in Berlin").is_visible()
    )
    context.close()
