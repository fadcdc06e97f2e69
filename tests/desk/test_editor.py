"""The desk's editor: its schema and the sanitiser's allowlist agree, and bad bodies are
refused with a form error (never a 500)."""

import nh3
import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from desk.editor import BODY_EXTENSIONS, MAX_BODY_BYTES, editor_allowlist
from posts.html import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, sanitize_html
from posts.models import Post
from tests.factories import PostFactory, UserFactory

# What the sanitiser allows that the editor cannot write, and why it stays allowed:
# imported WordPress bodies keep it (it shows on the site), and the editor shows its
# text (see test_editor_wordpress.py for what an editor's save loses).
SANITISER_ONLY_TAGS = {
    "abbr", "acronym", "area", "article", "aside", "b", "bdi", "bdo", "caption",
    "center", "cite", "code", "col", "colgroup", "data", "dd", "del", "details", "dfn",
    "div", "dl", "dt", "footer", "h1", "h5", "h6", "header", "hgroup", "i", "ins", "kbd",
    "map", "mark", "nav", "pre", "q", "rp", "rt", "rtc", "ruby", "samp", "small", "source",
    "strike", "sub", "summary", "sup", "table", "tbody", "td", "th", "thead", "time",
    "tt", "tr", "var", "wbr",
}  # fmt: skip


def test_everything_the_editor_writes_is_allowed_by_the_sanitiser():
    allowlist = editor_allowlist(BODY_EXTENSIONS)
    assert allowlist["tags"] <= ALLOWED_TAGS
    for tag, attributes in allowlist["attributes"].items():
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ALLOWED_ATTRIBUTES["*"]
        assert attributes <= allowed, f"<{tag}>: {attributes - allowed} would be removed"


def test_what_only_the_sanitiser_allows_is_listed_with_its_reason():
    """A tag added to either side must be decided on: written by the editor, or listed."""
    assert ALLOWED_TAGS - editor_allowlist(BODY_EXTENSIONS)["tags"] == SANITISER_ONLY_TAGS
    assert nh3.ALLOWED_TAGS | {"audio", "source", "video"} >= SANITISER_ONLY_TAGS


EDITOR_DOCUMENT = (
    "<h2>Heading</h2><h3>Smaller</h3><h4>Smallest</h4>"
    "<p>Some <strong>bold</strong>, <em>italic</em>, <u>underlined</u>, <s>struck</s> text"
    '<br>and <a href="https://example.org/a?b=1&amp;c=2" title="Example" '
    'rel="noopener noreferrer">a link</a>.<span id="more"></span></p>'
    "<ul><li><p>One</p></li></ul>"
    '<ol start="3" type="a" data-type="lower-alpha"><li><p>Three</p></li></ol>'
    "<blockquote><p>Quoted</p></blockquote><hr>"
    '<video src="https://old.example.org/a.mp4" controls="" poster="https://old.example.org/a.jpg" '
    'preload="none"></video><audio src="https://old.example.org/a.mp3" controls=""></audio>'
    '<p>An imported <img src="https://old.example.org/a.jpg" alt="A" title="B" width="300" '
    'height="200"> image.</p>'
    '<figure data-image="12" data-size="half" data-align="left"><img alt="A crowd">'
    "<figcaption>Berlin, 2024</figcaption></figure>"
    '<p class="video-placeholder"><a href="https://youtu.be/SQEQr7c0-dw" '
    'rel="noopener noreferrer">https://youtu.be/SQEQr7c0-dw</a></p>'
    '<p class="gallery-placeholder" id="gallery-4"><a href="/gallery/rally/" '
    'rel="noopener noreferrer">Rally</a></p>'
)


def test_a_document_using_every_tool_is_stored_unchanged():
    """What the editor writes (as its serialiser writes it) passes the sanitiser as it is."""
    assert sanitize_html(EDITOR_DOCUMENT) == EDITOR_DOCUMENT


@pytest.fixture
def editor(db, client):
    call_command("setup_roles", verbosity=0)
    user = UserFactory(username="eddie", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    client.force_login(user)
    return user


def post_form(**overrides):
    return {
        "title": "Speech at the summit",
        "slug": "speech-at-the-summit",
        "body": "<p>Text</p>",
        "excerpt": "",
        "status": "published",
        "published_at_0": "",
        "published_at_1": "",
        "language": "en",
        "tags": "",
        **overrides,
    }


def test_the_body_uses_the_editor_and_runs_the_way_its_language_is_written(client, editor):
    post = PostFactory(author=editor, language="fa")
    page = client.get(reverse("admin:posts_post_change", args=[post.pk]))
    assert page.status_code == 200
    body = page.context["adminform"].form["body"]
    assert 'dir="rtl"' in str(body)
    assert "data-desk-editor" in str(body)
    assert "desk/editor/editor.js" in str(page.context["media"])
    added = client.get(reverse("admin:posts_post_add"))
    assert 'dir="ltr"' in str(added.context["adminform"].form["body"])


def test_pages_are_written_in_the_editor_too(client, editor):
    page = client.get(reverse("admin:posts_page_add"))
    assert "data-desk-editor" in str(page.context["adminform"].form["body"])


def test_a_body_over_two_megabytes_is_a_form_error(client, editor):
    body = "<p>" + "x" * MAX_BODY_BYTES + "</p>"
    response = client.post(reverse("admin:posts_post_add"), post_form(body=body))
    assert response.status_code == 200
    assert "The text is too long (2.0 MB; at most 2 MB)" in str(
        response.context["adminform"].form.errors["body"]
    )
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    "href", ["javascript:alert(1)", " JavaScript:alert(1)", "vbscript:x", "data:text/html,x"]
)
def test_a_script_link_is_a_form_error(client, editor, href):
    body = f'<p><a href="{href}">click</a></p>'
    response = client.post(reverse("admin:posts_post_add"), post_form(body=body))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["body"]
    assert "which runs code instead of opening a page" in errors[0]
    assert not Post.objects.exists()


def test_a_body_from_the_editor_is_saved_and_its_excerpt_ends_at_read_more(client, editor):
    body = '<h2>Title</h2><p>Teaser words.<span id="more"></span></p><p>The rest.</p>'
    response = client.post(reverse("admin:posts_post_add"), post_form(body=body, author=editor.pk))
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.body == body
    assert post.summary == "Title Teaser words."
