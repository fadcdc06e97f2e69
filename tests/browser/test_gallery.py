"""A visitor opens a gallery in real Chromium: the lightbox, the keyboard, swipes,
a video that loads only when played, and the page without JavaScript."""

import pytest
from django.core.files.storage import default_storage
from playwright.sync_api import expect

from tests.media_gallery.factories import GalleryFactory, ImageFactory, VideoFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAYER = "https://www.youtube-nocookie.com/"


@pytest.fixture
def gallery():
    photos = [
        ImageFactory(title=title, alt_text=alt)
        for title, alt in [
            ("Marchers", "Marchers with flags"),
            ("Stage", "Speakers on the stage"),
            ("Vigil", "Candles and portraits"),
        ]
    ]
    video = VideoFactory(title="Opening speech", video_id="M7lc1UVf-VE", poster=photos[1])
    return GalleryFactory(title="Berlin rally", slug="berlin-rally", items=[*photos, video])


def serve_media(page, live_server):
    """Uploaded files come from storage (the live server serves only static files)."""

    def fulfil(route):
        name = route.request.url.split("/media/", 1)[1]
        with default_storage.open(name, "rb") as file:
            route.fulfill(
                body=file.read(),
                content_type="image/" + name.rsplit(".", 1)[1].replace("jpg", "jpeg"),
            )

    page.route(f"{live_server.url}/media/**", fulfil)


def test_lightbox_opens_moves_with_the_keyboard_and_closes(live_server, page, gallery):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    serve_media(page, live_server)
    page.goto(live_server.url + "/gallery/berlin-rally/")
    dialog = page.get_by_role("dialog", name="Berlin rally")
    counter = dialog.locator("[data-lightbox-counter]")
    assert not dialog.is_visible()

    page.get_by_role("link", name="Marchers with flags").click()
    assert dialog.is_visible()
    assert counter.inner_text() == "1 of 4"
    expect(dialog.get_by_role("img", name="Marchers with flags")).to_be_visible()
    close = dialog.get_by_role("button", name="Close")
    assert close.evaluate("button => button === document.activeElement")

    page.keyboard.press("ArrowRight")
    assert counter.inner_text() == "2 of 4"
    expect(dialog.get_by_role("img", name="Speakers on the stage")).to_be_visible()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowLeft")
    assert counter.inner_text() == "2 of 4"
    page.keyboard.press("End")
    assert counter.inner_text() == "4 of 4"
    assert dialog.get_by_role("link", name="Play video: Opening speech").is_visible()
    page.keyboard.press("ArrowRight")
    assert counter.inner_text() == "1 of 4"  # round again
    dialog.get_by_role("button", name="Next").click()
    assert counter.inner_text() == "2 of 4"

    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == gallery.items.all()[1].image.get_absolute_url()  # the item last shown
    assert all(url.startswith(live_server.url) for url in requests), "a third-party request"


def test_swipe_moves_between_items(live_server, page, gallery):
    serve_media(page, live_server)
    page.goto(live_server.url + "/gallery/berlin-rally/")
    page.get_by_role("link", name="Marchers with flags").click()
    stage = page.locator("[data-lightbox-stage]")
    box = stage.bounding_box()
    middle_y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.8, middle_y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.2, middle_y, steps=5)
    page.mouse.up()
    assert page.locator("[data-lightbox-counter]").inner_text() == "2 of 4"


def test_video_loads_from_youtube_only_when_played(live_server, page, gallery):
    serve_media(page, live_server)
    player_requests = []

    def refuse(route):
        player_requests.append(route.request.url)
        route.abort()

    page.route("https://www.youtube-nocookie.com/**", refuse)
    page.goto(live_server.url + "/gallery/berlin-rally/")
    page.get_by_role("link", name="Video").click()
    dialog = page.get_by_role("dialog")
    assert dialog.locator("iframe").count() == 0
    assert player_requests == []
    dialog.get_by_role("link", name="Play video: Opening speech").click()
    iframe = dialog.locator("iframe")
    iframe.wait_for(state="attached")
    assert iframe.get_attribute("src") == PLAYER + "embed/M7lc1UVf-VE?rel=0&autoplay=1"
    assert iframe.get_attribute("title") == "Opening speech"
    page.wait_for_timeout(200)
    assert player_requests
    assert all(url.startswith(PLAYER) for url in player_requests)


def test_without_javascript_thumbnails_open_item_pages(live_server, browser, gallery):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/gallery/berlin-rally/")
        page.get_by_role("link", name="Speakers on the stage").click()
        page.wait_for_url(f"**{gallery.items.all()[1].image.get_absolute_url()}")
        assert page.get_by_role("heading", level=1).inner_text() == "Stage"
    finally:
        context.close()
