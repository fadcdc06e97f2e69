"""WordPress markup converted as WordPress renders it."""

import pytest

from posts.models import MORE_MARKER
from wordpress.content import convert, parse_attributes, plain_title, rich_text, wpautop


def html(raw):
    return convert(raw).html.strip()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("One\ntwo\n\nThree", "<p>One<br />\ntwo</p>\n<p>Three</p>"),
        ("<h2>Title</h2>\nText", "<h2>Title</h2>\n<p>Text</p>"),
        ("<ul>\n<li>a</li>\n<li>b</li>\n</ul>", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
        ("<pre>a\n\nb</pre>\n\nafter", "<pre>a\n\nb</pre>\n<p>after</p>"),
        ("<blockquote>Quote</blockquote>", "<blockquote><p>Quote</p></blockquote>"),
        ("", ""),
    ],
)
def test_wpautop(raw, expected):
    assert wpautop(raw).strip() == expected


def test_caption_becomes_a_figure():
    raw = (
        '[caption id="attachment_754" align="alignnone" width="604"]<a href="/b.jpg">'
        '<img class="wp-image-754" src="/b.jpg" alt="Bell" /></a> Bell on wharf[/caption]'
    )
    assert html(raw) == (
        '<figure id="attachment_754" class="wp-caption alignnone"><a href="/b.jpg">'
        '<img class="wp-image-754" src="/b.jpg" alt="Bell" /></a>'
        '<figcaption class="wp-caption-text">Bell on wharf</figcaption></figure>'
    )


def test_caption_attribute_wins():
    raw = '[caption align="alignleft" caption="From the attribute"]<img src="/a.jpg" />[/caption]'
    assert html(raw) == (
        '<figure class="wp-caption alignleft"><img src="/a.jpg" />'
        '<figcaption class="wp-caption-text">From the attribute</figcaption></figure>'
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=SQEQr7c0-dw",
        "https://youtu.be/SQEQr7c0-dw",
        "https://vimeo.com/22439234",
    ],
)
def test_video_address_alone_on_a_line_becomes_a_video_marker(url):
    result = convert(f"{url}\n\nLearn more.")
    assert result.html.startswith(
        f'<p class="video-placeholder"><a href="{url}" rel="noopener noreferrer">{url}</a></p>'
    )
    assert "<p>Learn more.</p>" in result.html
    assert result.videos == 1


def test_embed_shortcode_and_other_addresses():
    result = convert("[embed]https://vimeo.com/1[/embed]\n\nhttps://twitter.com/nacin/status/1")
    assert '<p class="video-placeholder"><a href="https://vimeo.com/1" rel=' in result.html
    assert (
        '<p><a href="https://twitter.com/nacin/status/1">https://twitter.com/nacin/status/1</a></p>'
        in result.html
    )


def test_address_inside_text_is_left_alone():
    assert html("See https://youtu.be/x for more.") == "<p>See https://youtu.be/x for more.</p>"


def test_blocks_lose_their_delimiters_and_keep_their_content():
    raw = (
        "<!-- wp:paragraph -->\n<p>Block paragraph</p>\n<!-- /wp:paragraph -->\n\n"
        '<!-- wp:embed {"url":"https://www.youtube.com/watch?v=x"} -->\n'
        '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\n'
        "https://www.youtube.com/watch?v=x\n</div></figure>\n<!-- /wp:embed -->\n"
        '<!-- wp:latest-posts {"postsToShow":3} /-->'
    )
    result = convert(raw)
    assert "wp:" not in result.html
    assert "<p>Block paragraph</p>" in result.html
    assert "<br />" not in result.html  # no wpautop on block content
    assert (
        '<p class="video-placeholder"><a href="https://www.youtube.com/watch?v=x" rel='
        in result.html
    )
    assert result.dynamic_blocks == {"latest-posts"}


def test_more_tag_marks_the_teaser_and_page_breaks_go():
    result = html("Intro.\n\n<!--more Read on-->\n\nRest.\n\n<!--nextpage-->\n\nPage two.")
    assert result == (f"<p>Intro.</p>\n<p>{MORE_MARKER}</p>\n<p>Rest.</p>\n<p>Page two.</p>")


def test_gallery_stays_a_placeholder_and_stays_one_when_read_again():
    first = convert('[gallery ids="1,2"]')
    assert first.html.strip() == '<p class="gallery-placeholder">[gallery ids="1,2"]</p>'
    second = convert(f"<!-- wp:html -->\n{first.html}\n<!-- /wp:html -->")
    assert second.html.strip() == first.html.strip()
    assert (first.galleries, second.galleries) == (1, 1)


def test_audio_and_video_shortcodes_become_players():
    result = html("[audio https://old.example.org/a.mp3]")
    assert result == (
        '<audio class="wp-audio-shortcode" controls preload="none" '
        'src="https://old.example.org/a.mp3"><a href="https://old.example.org/a.mp3">'
        "https://old.example.org/a.mp3</a></audio>"
    )
    assert html('[video mp4="/v.mp4" poster="/p.jpg"][/video]').startswith(
        '<video class="wp-video-shortcode" controls preload="metadata" src="/v.mp4" poster="/p.jpg">'
    )


def test_unknown_shortcodes_are_left_and_reported_escaped_ones_unescaped():
    result = convert("[simple boat] and [[caption]] and [1]")
    assert result.html.strip() == "<p>[simple boat] and [caption] and [1]</p>"
    assert result.unknown_shortcodes == {"simple"}


def test_shortcode_attributes():
    assert parse_attributes(" ids=\"1,2\" columns=3 link='file' https://x.org/a.mp3") == {
        "ids": "1,2",
        "columns": "3",
        "link": "file",
        0: "https://x.org/a.mp3",
    }


def test_titles_are_plain_text():
    assert plain_title("Markup: Title <em>With</em> <b>Mark<sup>up</sup></b>") == (
        "Markup: Title With Markup"
    )
    assert plain_title("AT&amp;T &#8211; news") == "AT&T – news"


def test_gallery_blocks_become_placeholders_with_their_caption():
    raw = (
        '<!-- wp:gallery {"linkTo":"none"} -->\n'
        '<figure class="wp-block-gallery has-nested-images columns-default is-cropped">'
        '<!-- wp:image {"id":769} -->\n<figure class="wp-block-image"><img src="/a.jpg" alt="" '
        'class="wp-image-769"/><figcaption class="wp-element-caption">One</figcaption></figure>\n'
        '<!-- /wp:image -->\n<!-- wp:image {"id":767} -->\n<figure class="wp-block-image">'
        '<img src="/b.jpg" alt="" class="wp-image-767"/></figure>\n<!-- /wp:image -->'
        '<figcaption class="blocks-gallery-caption wp-element-caption">Gallery caption</figcaption>'
        "</figure>\n<!-- /wp:gallery -->"
    )
    result = convert(raw)
    assert result.html == (
        '<p class="gallery-placeholder">[gallery ids="769,767"]</p>'
        '<p class="gallery-caption">Gallery caption</p>'
    )
    assert result.galleries == 1


def test_gallery_blocks_before_wordpress_5_9_name_images_by_data_id():
    raw = (
        '<!-- wp:gallery {"ids":[12,13]} -->\n<figure class="wp-block-gallery columns-2">'
        '<ul class="blocks-gallery-grid"><li class="blocks-gallery-item"><figure>'
        '<img src="/a.jpg" data-id="12"/></figure></li><li class="blocks-gallery-item"><figure>'
        '<img src="/b.jpg" data-id="13"/></figure></li></ul></figure>\n<!-- /wp:gallery -->'
    )
    assert convert(raw).html == '<p class="gallery-placeholder">[gallery ids="12,13"]</p>'


def test_gallery_block_naming_no_attachment_is_left_as_it_is():
    raw = '<figure class="wp-block-gallery"><img src="https://elsewhere.example/a.jpg"/></figure>'
    assert convert(raw).html == raw


def test_captions_and_descriptions_are_kept_as_the_html_wordpress_shows():
    """Paragraphs and line breaks as wpautop makes them, entities kept, sanitised."""
    assert rich_text("Bell &amp; wharf\nat dusk\n\n<em>San Francisco</em>") == (
        "<p>Bell &amp; wharf<br>\nat dusk</p>\n<p><em>San Francisco</em></p>"
    )
    assert rich_text('<a href="https://example.org/" onclick="x()">Link</a>') == (
        '<p><a href="https://example.org/" rel="noopener noreferrer">Link</a></p>'
    )
    assert rich_text("  \n") == ""
