"""An editor puts a video, a gallery and a newly uploaded photo into a post from the
editor's toolbar, and readers see them: the video as the click-to-load facade, the
gallery's and the photo's images through their renditions."""

import re

import pytest
from playwright.sync_api import expect

from media_gallery.models import Image
from posts.models import Post
from tests.browser.test_editor import sign_in
from tests.media_gallery import samples
from tests.media_gallery.factories import GalleryFactory, ImageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIDEO = "https://www.youtube.com/watch?v=M7lc1UVf-VE"
RENDITION = re.compile(r"-(fill-\d+x\d+|width-\d+)\.webp$")


def test_insert_a_video_a_gallery_and_an_uploaded_image_and_publish(live_server, page):
    gallery = GalleryFactory(
        title="Berlin rally",
        items=[
            ImageFactory(title="Marchers", alt_text="Marchers with flags"),
            ImageFactory(title="Stage", alt_text="Speakers on the stage"),
        ],
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, "/admin/posts/post/add/")
    page.locator("#id_title").fill("Rally in pictures")
    page.locator(".prose-editor [contenteditable=true]").click()
    page.keyboard.type("Watch the opening speech.")

    page.get_by_title("Insert YouTube or Vimeo video").click()
    dialog = page.locator("dialog[open]")
    dialog.get_by_label("YouTube or Vimeo address").fill(VIDEO)
    dialog.get_by_role("button", name="Insert").click()
    expect(page.locator(".prose-editor .desk-media-block--video")).to_have_text(f"Video: {VIDEO}")

    page.get_by_title("Insert gallery").click()
    picker = page.locator("dialog.desk-picker")
    picker.locator(".desk-picker__list li").get_by_role("button", name="Berlin rally").click()
    expect(page.locator(".prose-editor .desk-media-block--gallery")).to_have_text(
        "Gallery: Berlin rally"
    )

    page.get_by_title("Insert image").click()
    picker = page.locator("dialog.desk-picker")
    picker.locator("input[type=file]").set_input_files(
        {
            "name": "vigil-in-paris.jpg",
            "mimeType": "image/jpeg",
            "buffer": samples.jpeg(1200, 800, seed=7, identifying=False),
        }
    )
    picker.get_by_role("button", name="Upload").click()
    details = page.locator("dialog[open]")
    details.get_by_label("Alternative text").fill("Candles in front of portraits")
    details.get_by_label("Caption").fill("Paris, the night before")
    details.get_by_role("button", name="Save").click()
    page.locator(".prose-editor figure.desk-image img").wait_for()

    page.locator("#id_status").select_option("published")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/admin/posts/post/")

    uploaded = Image.objects.exclude(pk__in=[item.image_id for item in gallery.items.all()]).get()
    post = Post.objects.get(slug="rally-in-pictures")
    # Each block went in after the one before (the selected block is not replaced).
    video_at = post.body.index(f'<p class="video-placeholder"><a href="{VIDEO}"')
    gallery_at = post.body.index(f'<p class="gallery-placeholder" id="gallery-{gallery.pk}">')
    assert video_at < gallery_at < post.body.index("<figure")
    assert (
        f'<figure data-image="{uploaded.pk}" data-size="full" data-align="center">'
        '<img alt="Candles in front of portraits"><figcaption>Paris, the night before</figcaption>'
        "</figure>"
    ) in post.body

    third_party = []
    page.on(
        "request",
        lambda request: (
            not request.url.startswith(live_server.url) and third_party.append(request.url)
        ),
    )
    page.goto(live_server.url + post.get_absolute_url())
    body = page.locator(".post-body")
    # The video: our facade, nothing from YouTube before the reader presses play.
    facade = body.locator(".post-video .video-facade")
    expect(facade.get_by_role("link", name=re.compile("^Play video"))).to_be_visible()
    assert facade.locator("iframe").count() == 0
    # The gallery: its grid of thumbnails, each a rendition.
    thumbnails = body.locator(".post-gallery .gallery-grid img")
    expect(thumbnails).to_have_count(2)
    assert [thumbnail.get_attribute("alt") for thumbnail in thumbnails.all()] == [
        "Marchers with flags",
        "Speakers on the stage",
    ]
    # The uploaded photo: a picture of its renditions, with the caption written here.
    figure = body.locator("figure.body-image--full")
    expect(figure.locator("figcaption")).to_have_text("Paris, the night before")
    photo = figure.locator("picture img")
    assert photo.get_attribute("alt") == "Candles in front of portraits"
    for image in [*thumbnails.all(), photo]:
        image.scroll_into_view_if_needed()
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("img => img.naturalWidth") > 0
        assert RENDITION.search(image.evaluate("img => img.currentSrc")), image.evaluate(
            "img => img.currentSrc"
        )
    assert third_party == []


def test_an_image_caption_is_written_in_the_editor_and_shown_as_written(live_server, page):
    image = ImageFactory(title="Vigil", alt_text="Candles")
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, f"/admin/media_gallery/image/{image.pk}/change/")
    caption = page.locator(".field-caption .prose-editor [contenteditable=true]")
    caption.click()
    page.keyboard.type("Paris & Berlin, ")
    page.keyboard.press("Control+b")
    page.keyboard.type("the same night")
    expect(page.locator(".field-description .prose-editor [contenteditable=true]")).to_be_visible()
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/admin/media_gallery/image/")
    image.refresh_from_db()
    assert image.caption == "<p>Paris &amp; Berlin, <strong>the same night</strong></p>"
    page.goto(live_server.url + image.get_absolute_url())
    figcaption = page.locator(".media-page__figure figcaption")
    expect(figcaption).to_have_text("Paris & Berlin, the same night")
    expect(figcaption.locator("strong")).to_have_text("the same night")
