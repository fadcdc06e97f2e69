"""An imported WordPress post in real Chromium: its YouTube video and its gallery show
where they were, nothing is requested from YouTube before play, and the CSP holds."""

import pytest

from tests.browser.test_content_security_policy import violations
from tests.browser.test_gallery import PLAYER, serve_media
from tests.media_gallery import samples
from tests.wordpress.conftest import run_import, write_wxr, wxr_attachment, wxr_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def imported_post(tmp_path):
    uploads = tmp_path / "uploads"
    (uploads / "2017/07").mkdir(parents=True)
    for number in (1, 2):
        (uploads / f"2017/07/rally-{number}.jpg").write_bytes(samples.jpeg(640, 480, seed=number))
    content = (
        "Thousands marched.\n\nhttps://www.youtube.com/watch?v=M7lc1UVf-VE\n\n"
        'The day in pictures:\n\n[gallery ids="11,12"]\n\nThe end.'
    )
    export = write_wxr(
        tmp_path,
        wxr_item(1, title="Rally in Berlin", slug="rally-berlin", content=content),
        wxr_attachment(11, "2017/07/rally-1.jpg", parent=1, title="Marchers"),
        wxr_attachment(12, "2017/07/rally-2.jpg", parent=1, title="Stage"),
    )
    run_import(export, uploads_dir=str(uploads), verbosity=0)
    return "/rally-berlin/"


def test_video_and_gallery_of_an_imported_post(live_server, page, imported_post):
    reported = violations(page)
    requests, player_requests = [], []
    page.on("request", lambda request: requests.append(request.url))

    def refuse(route):
        player_requests.append(route.request.url)
        route.abort()

    page.route(f"{PLAYER}**", refuse)
    serve_media(page, live_server)
    page.goto(live_server.url + imported_post)
    page.wait_for_load_state("networkidle")
    assert all(url.startswith(live_server.url) for url in requests), "a third-party request"
    body = page.locator(".post-body")
    assert body.locator("iframe").count() == 0
    texts = body.text_content()
    assert texts.index("Thousands marched.") < texts.index("Play video: Rally in Berlin")
    assert texts.index("The day in pictures:") < texts.index("The end.")

    body.get_by_role("link", name="What it shows").first.click()
    dialog = page.get_by_role("dialog")
    assert dialog.locator("[data-lightbox-counter]").inner_text() == "1 of 2"
    page.keyboard.press("Escape")

    body.get_by_role("link", name="Play video: Rally in Berlin").click()
    iframe = body.locator("iframe")
    iframe.wait_for(state="attached")
    assert iframe.get_attribute("src") == PLAYER + "embed/M7lc1UVf-VE?rel=0&autoplay=1"
    page.wait_for_timeout(200)
    assert player_requests
    assert reported == []
