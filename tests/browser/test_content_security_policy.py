"""Real Chromium enforces the Content-Security-Policy: no page of the site breaks it."""

import pytest

from tests.browser.test_gallery import gallery, serve_media  # noqa: F401 (fixture)
from tests.factories import PostFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def violations(page):
    """Collect the console's CSP reports while the page is used.

    A refused inline script or style is reported while the page is parsed,
    and the site's scripts run before the load event (deferred), so each page
    is checked once it has loaded; interactions are driven after that.
    """
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    return found


def test_public_pages_use_no_inline_code(live_server, page, gallery):  # noqa: F811
    PostFactory(
        title="Rally in Berlin",
        slug="rally-berlin",
        gallery=gallery,
        body="<p>Thousands marched.</p>",
    )
    reported = violations(page)
    serve_media(page, live_server)
    for path in ["/", "/rally-berlin/", "/gallery/", "/gallery/berlin-rally/", "/search/?q=rally"]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
    page.goto(live_server.url + "/gallery/berlin-rally/")
    page.get_by_role("link", name="Marchers with flags").click()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Escape")
    page.get_by_role("combobox", name="Search the site").press_sequentially("berlin", delay=20)
    page.get_by_role("listbox").wait_for()
    assert reported == []


def test_the_admin_works_under_the_policy(live_server, page):
    UserFactory(username="boss", is_staff=True, is_superuser=True)
    reported = violations(page)
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("boss")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Log in").click()
    for path in [
        "/admin/",
        "/admin/posts/post/add/",
        "/admin/media_gallery/image/add/",
        "/admin/posts/category/",
    ]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
    assert reported == []
