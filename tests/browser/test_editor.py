"""An editor writes and illustrates a post with the desk's editor, without typing HTML,
and readers see it all on the public page."""

import re

import pytest
from playwright.sync_api import expect

from posts.models import Post
from tests.factories import UserFactory
from tests.media_gallery.factories import ImageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, next_url):
    UserFactory(username="boss", is_staff=True, is_superuser=True)
    page.goto(f"{live_server.url}/admin/login/?next={next_url}")
    page.get_by_label("Username").fill("boss")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**{next_url}")


def select_word(page, word):
    """Double-click ``word`` in the editor, as a reader selects a word.

    The word is scrolled into view first and its place read again on each try:
    an image that finishes loading above it moves it after its place was read.
    """
    for _attempt in range(5):
        box = page.evaluate(
            """word => {
                const root = document.querySelector(".prose-editor [contenteditable=true]")
                const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
                while (walker.nextNode()) {
                    const at = walker.currentNode.data.indexOf(word)
                    if (at < 0) continue
                    walker.currentNode.parentElement.scrollIntoView({block: "center"})
                    const range = document.createRange()
                    range.setStart(walker.currentNode, at)
                    range.setEnd(walker.currentNode, at + word.length)
                    const rect = range.getBoundingClientRect()
                    return {x: rect.x + rect.width / 2, y: rect.y + rect.height / 2}
                }
            }""",
            word,
        )
        page.mouse.dblclick(box["x"], box["y"])
        selected = page.evaluate("() => window.getSelection().toString().trim()")
        if selected == word:
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"Could not select {word!r} (selected {selected!r})")


def test_write_a_post_with_the_toolbar_and_a_library_image(live_server, page):
    ImageFactory(title="Old photo")
    photo = ImageFactory(title="Rally in Berlin", alt_text="Marchers with flags")
    page.set_viewport_size({"width": 1280, "height": 900})
    errors = []
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and "favicon" not in message.location["url"]
            and errors.append(message.text)
        ),
    )
    sign_in(page, live_server, "/admin/posts/post/add/")
    page.locator("#id_title").fill("Rally report")

    text = page.locator(".prose-editor [contenteditable=true]")
    text.click()
    page.keyboard.type("Marching for freedom")
    page.locator(".prose-menubar__selected").click()  # the block type menu
    page.get_by_text("Heading 2", exact=True).click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("Thousands marched through the city. Read the statement")
    page.keyboard.press("Enter")
    page.get_by_title("unordered list").click()
    page.keyboard.type("First demand")
    page.keyboard.press("Enter")
    page.keyboard.type("Second demand")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")

    page.get_by_title("Insert image").click()
    picker = page.locator("dialog.desk-picker")
    listed = picker.locator(".desk-picker__list li")
    expect(listed).to_have_text(["Rally in Berlin", "Old photo"])  # newest first
    picker.get_by_placeholder("Search by title").fill("rally")
    expect(listed).to_have_text(["Rally in Berlin"])
    listed.get_by_role("button").click()
    details = page.locator("dialog[open]")
    details.get_by_label("Size").select_option("half")
    details.get_by_label("Caption").fill("Berlin, 2024")
    details.get_by_role("button", name="Save").click()
    page.locator(".prose-editor figure.desk-image img").wait_for()

    select_word(page, "marched")
    page.get_by_title("bold").click()
    select_word(page, "statement")
    page.get_by_title("insert link").click()
    dialog = page.locator("dialog[open]")
    dialog.get_by_label("Address").fill("javascript:alert(1)")
    page.once("dialog", lambda alert: alert.accept())  # the address is refused
    dialog.get_by_role("button", name="Update").click()
    dialog = page.locator("dialog[open]")
    dialog.get_by_label("Address").fill("example.org/statement")
    dialog.get_by_role("button", name="Update").click()
    # The form's field follows the editor (autosave and preview read it).
    expect(page.locator("#id_body")).to_have_value(re.compile("example.org/statement"))
    page.locator("#id_status").select_option("published")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/admin/posts/post/")

    post = Post.objects.get(slug="rally-report")
    assert post.body == (
        "<h2>Marching for freedom</h2>"
        '<p>Thousands <strong>marched</strong> through the city. Read the <a href="https://example.org/statement" rel="noopener noreferrer">statement</a></p>'
        "<ul><li><p>First demand</p></li><li><p>Second demand</p></li></ul>"
        f'<figure data-image="{photo.pk}" data-size="half" data-align="center">'
        '<img alt="Marchers with flags"><figcaption>Berlin, 2024</figcaption></figure>'
    )

    page.goto(live_server.url + post.get_absolute_url())
    body = page.locator(".post-body")
    assert body.locator("h2").inner_text() == "Marching for freedom"
    assert body.locator("strong").inner_text() == "marched"
    link = body.get_by_role("link", name="statement")
    assert link.get_attribute("href") == "https://example.org/statement"
    assert body.locator("ul li").all_inner_texts() == ["First demand", "Second demand"]
    figure = body.locator("figure.body-image--half")
    assert figure.locator("figcaption").inner_text() == "Berlin, 2024"
    image = figure.locator("picture img")
    assert image.get_attribute("alt") == "Marchers with flags"
    assert re.search(r"\.webp \d+w", figure.locator("source").get_attribute("srcset"))
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    # A WebP rendition, not the original JPEG.
    assert re.search(r"-width-\d+\.webp$", image.evaluate("img => img.currentSrc"))
    assert errors == []


def paste(page, html, text):
    page.locator(".prose-editor [contenteditable=true]").evaluate(
        """(node, [html, text]) => {
            const data = new DataTransfer()
            data.setData("text/html", html)
            data.setData("text/plain", text)
            node.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true,
                                                            cancelable: true}))
        }""",
        [html, text],
    )


GOOGLE_DOCS = (
    '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1a2b">'
    '<h1 dir="ltr" style="line-height:1.38"><span style="font-size:20pt">Statement</span></h1>'
    '<p dir="ltr"><span style="font-weight:700">Bold</span> and '
    '<span style="font-style:italic">italic</span> and '
    '<span style="text-decoration:underline">underlined</span> and '
    '<a href="https://example.org/"><span style="color:#1155cc">a link</span></a>.'
    '<img src="https://lh3.googleusercontent.com/x.png" width="20"></p>'
    '<ul><li dir="ltr"><p dir="ltr"><span>One</span></p></li></ul>'
    '<table><tr><td><p dir="ltr"><span>Cell</span></p></td></tr></table></b>'
)


def test_pasting_from_a_document_keeps_headings_lists_links_bold_and_italic(live_server, page):
    sign_in(page, live_server, "/admin/posts/post/add/")
    page.locator(".prose-editor [contenteditable=true]").click()
    paste(page, GOOGLE_DOCS, "Statement")
    expect(page.locator("#id_body")).to_have_value(
        "<h2>Statement</h2>"
        '<p><strong>Bold</strong> and <em>italic</em> and underlined and <a href="https://example.org/">'
        "a link</a>.</p><ul><li><p>One</p></li></ul><p>Cell</p>"
    )


# What Word (Microsoft 365, Windows) puts on the clipboard for a bulleted list with a
# nested item, then a numbered list: paragraphs, no <ul> or <ol>.
WORD = """<html xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta http-equiv=Content-Type content="text/html; charset=utf-8">
<meta name=ProgId content=Word.Document><meta name=Generator content="Microsoft Word 15">
<style><!-- p.MsoListParagraph {margin-left:36.0pt;} @list l0:level1 {mso-level-number-format:bullet;} --></style>
</head><body lang=EN-GB style='tab-interval:36.0pt;word-wrap:break-word'>
<!--StartFragment-->
<p class=MsoNormal><b>Our demands</b><o:p></o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-family:Symbol;mso-fareast-font-family:Symbol;mso-bidi-font-family:Symbol'><span
style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;
</span></span></span><![endif]>Free <i>all</i> political prisoners<o:p></o:p></p>
<p class=MsoListParagraphCxSpMiddle style='margin-left:72.0pt;mso-add-space:auto;text-indent:-18.0pt;mso-list:l0 level2 lfo1'><![if !supportLists]><span
style='font-family:"Courier New";mso-fareast-font-family:"Courier New"'><span
style='mso-list:Ignore'>o<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span></span><![endif]>Starting
with the women<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-family:Symbol'><span style='mso-list:Ignore'>·<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>End
the executions<o:p></o:p></p>
<p class=MsoNormal>In this order:<o:p></o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]><span
style='mso-bidi-font-family:Calibri'><span style='mso-list:Ignore'>1.<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>Sign
the <a href="https://example.org/petition">petition</a><o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]><span
style='mso-bidi-font-family:Calibri'><span style='mso-list:Ignore'>2.<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>Come
to the rally<o:p></o:p></p>
<!--EndFragment-->
</body></html>"""


def test_pasting_lists_from_word_keeps_them_as_lists(live_server, page):
    sign_in(page, live_server, "/admin/posts/post/add/")
    page.locator(".prose-editor [contenteditable=true]").click()
    paste(page, WORD, "Our demands")
    expect(page.locator("#id_body")).to_have_value(
        "<p><strong>Our demands</strong></p>"
        "<ul><li><p>Free <em>all</em> political prisoners</p>"
        "<ul><li><p>Starting with the women</p></li></ul></li>"
        "<li><p>End the executions</p></li></ul>"
        "<p>In this order:</p>"
        '<ol data-type="decimal"><li><p>Sign the <a href="https://example.org/petition">petition</a></p></li>'
        "<li><p>Come to the rally</p></li></ol>"
    )


# A list level Word numbers "none": the paragraphs keep their place in the list
# (mso-list) but carry no marker span.
WORD_UNNUMBERED = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><body lang=EN-GB>
<!--StartFragment-->
<p class=MsoNormal><b>Our demands</b><o:p></o:p></p>
<p class=MsoListParagraphCxSpFirst style='mso-list:l0 level1 lfo1'>Free <i>all</i>
political prisoners<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='mso-list:l0 level1 lfo1'>End the executions<o:p></o:p></p>
<!--EndFragment-->
</body></html>"""


def test_pasting_word_list_items_without_a_marker_keeps_their_text(live_server, page):
    sign_in(page, live_server, "/admin/posts/post/add/")
    page.locator(".prose-editor [contenteditable=true]").click()
    paste(page, WORD_UNNUMBERED, "Our demands")
    expect(page.locator("#id_body")).to_have_value(
        "<p><strong>Our demands</strong></p>"
        "<ul><li><p>Free <em>all</em> political prisoners</p></li>"
        "<li><p>End the executions</p></li></ul>"
    )


def test_a_persian_post_is_written_right_to_left(live_server, page):
    sign_in(page, live_server, "/admin/posts/post/add/")
    text = page.locator(".prose-editor [contenteditable=true]")
    expect(text).to_have_attribute("dir", "ltr")
    page.locator("#id_language").select_option("fa")
    expect(text).to_have_attribute("dir", "rtl")
    page.locator("#id_language").select_option("en")
    expect(text).to_have_attribute("dir", "ltr")
