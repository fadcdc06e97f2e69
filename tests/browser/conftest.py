"""Real Chromium (Debian's package) driven by Playwright, against pytest-django's live server."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"

# Playwright's sync API runs an event loop in this thread; the test still
# touches the database synchronously, which Django would otherwise refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Each module's browser tests run on one worker (pytest-xdist, --dist loadgroup),
    the modules spread over the workers: a browser test mostly waits (for pages,
    scripts, the live server), so one Chromium per worker keeps both cores busy
    where a single worker running them all was the whole suite's longest path."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group(f"browser-{item.module.__name__}"))


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(
            f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    yield from browsing(browser)


@pytest.fixture
def colleague_page(browser):
    """A second person's browser (its own cookies), for two people on one post."""
    yield from browsing(browser)


def browsing(browser):
    """A page in a new browser context, left quietly when the test ends."""
    context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone first
    in_flight = set()
    context.on("request", lambda request: in_flight.add(request))
    context.on("requestfinished", lambda request: in_flight.discard(request))
    context.on("requestfailed", lambda request: in_flight.discard(request))
    page = context.new_page()
    page.set_default_timeout(20_000)  # generous: CI machines may be loaded
    yield page
    leave_quietly(context, in_flight)
    context.close()


def leave_quietly(context, in_flight):
    """Stop the admin forms' autosave and lock heartbeat, leave every open page, and wait
    for the requests still under way to be answered, before the test's database is
    emptied under them (a late autosave or beat would deadlock the flush, or land in the
    next test's data).

    Leaving a form with unsaved changes sends its autosave as a beacon, which
    routes do not intercept: the pages' beacons are switched off first."""
    context.route("**/autosave/", lambda route: route.abort())
    context.route("**/lock/", lambda route: route.abort())
    pages = [opened for opened in context.pages if not opened.is_closed()]
    for opened in pages:
        opened.evaluate("() => { navigator.sendBeacon = () => false }")
        opened.goto("about:blank")
    for _attempt in range(200):
        if not in_flight or not pages:
            return
        pages[0].wait_for_timeout(50)
