"""Captions and descriptions of images, galleries and categories: written in the editor,
sanitised when saved, shown as HTML on the public pages and as plain text where a page
needs text (sharing previews, feeds, search)."""

import pytest
from django.test import Client
from django.urls import reverse
from lxml import etree

from desk.editor import EXTENSIONS, editor_allowlist
from media_gallery.search_documents import document_for
from posts.html import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from posts.models import Category
from tests.factories import CategoryFactory, PostFactory
from tests.media_gallery.factories import GalleryFactory, ImageFactory

pytestmark = pytest.mark.django_db

WRITTEN = (
    '<p>Families <strong>remember</strong> 1988 &amp; <a href="https://example.org/">more</a> too.'
    '<script>alert(1)</script></p><p onclick="steal()">Second paragraph.</p>'
)
STORED = (
    '<p>Families <strong>remember</strong> 1988 &amp; <a href="https://example.org/" '
    'rel="noopener noreferrer">more</a> too.</p><p>Second paragraph.</p>'
)


def editor_config(response, field):
    return str(response.context["adminform"].form[field])


@pytest.mark.parametrize(
    ("url_name", "fields"),
    [
        ("admin:media_gallery_image_change", ["caption", "description"]),
        ("admin:media_gallery_gallery_change", ["description"]),
        ("admin:posts_category_change", ["description"]),
    ],
)
def test_captions_and_descriptions_are_written_in_the_editor_without_media(
    client, staff, url_name, fields
):
    obj = {
        "admin:media_gallery_image_change": lambda: ImageFactory(renditions=False, language="fa"),
        "admin:media_gallery_gallery_change": lambda: GalleryFactory(language="fa"),
        "admin:posts_category_change": CategoryFactory,
    }[url_name]()
    client.force_login(staff["editor"])
    response = client.get(reverse(url_name, args=[obj.pk]))
    assert response.status_code == 200
    for field in fields:
        widget = editor_config(response, field)
        assert "data-desk-editor" in widget
        assert "Bold" in widget
        # Library media go in bodies; a caption holds text.
        assert "LibraryImage" not in widget
        assert "MediaBlock" not in widget
        # Media run the way their language is written; categories have none.
        assert f'dir="{"ltr" if url_name.endswith("category_change") else "rtl"}"' in widget


def test_the_caption_tools_write_only_what_the_sanitiser_keeps():
    allowlist = editor_allowlist(EXTENSIONS)
    assert allowlist["tags"] <= ALLOWED_TAGS
    for tag, attributes in allowlist["attributes"].items():
        assert attributes <= ALLOWED_ATTRIBUTES.get(tag, set()) | ALLOWED_ATTRIBUTES["*"]


def test_an_image_caption_saved_from_the_admin_is_sanitised_and_shown_as_html(client, staff):
    image = ImageFactory(title="Vigil", alt_text="Candles", renditions=False)
    client.force_login(staff["editor"])
    response = client.post(
        reverse("admin:media_gallery_image_change", args=[image.pk]),
        {
            "title": "Vigil",
            "slug": image.slug,
            "alt_text": "Candles",
            "caption": WRITTEN,
            "description": "<h2>Where</h2><p>In <em>Paris</em>.</p>",
            "credit": "",
            "status": "published",
            "published_at_0": "2024-01-01",
            "published_at_1": "10:00:00",
            "language": "en",
            "tags": "",
            "focal_x": "50",
            "focal_y": "50",
        },
    )
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.caption == STORED
    page = client.get(image.get_absolute_url()).text
    assert f"<figcaption>{STORED}" in page
    assert "<h2>Where</h2><p>In <em>Paris</em>.</p>" in page
    # The sharing preview is text: no tag, the ampersand once.
    assert '<meta name="description" content="Families remember 1988 &amp; more too. Second' in page
    assert "alert(1)" not in page


def test_a_caption_with_a_script_link_is_a_form_error(client, staff):
    image = ImageFactory(renditions=False)
    client.force_login(staff["editor"])
    response = client.post(
        reverse("admin:media_gallery_image_change", args=[image.pk]),
        {
            "title": image.title,
            "slug": image.slug,
            "alt_text": "",
            "caption": '<p><a href="javascript:alert(1)">x</a></p>',
            "status": "published",
            "published_at_0": "2024-01-01",
            "published_at_1": "10:00:00",
            "language": "en",
            "focal_x": "50",
            "focal_y": "50",
        },
    )
    assert response.status_code == 200
    assert "runs code instead of opening a page" in response.text


def test_a_featured_image_and_a_gallerys_lightbox_show_the_caption_as_html():
    image = ImageFactory(caption=WRITTEN, credit="NCRI")
    gallery = GalleryFactory(description=WRITTEN, items=[image])
    post = PostFactory(featured_image=image)
    assert (image.caption, gallery.description) == (STORED, STORED)
    visitor = Client()
    post_page = visitor.get(post.get_absolute_url()).text
    assert f'<figcaption>{STORED} <span class="credit">Photo: NCRI</span></figcaption>' in post_page
    gallery_page = visitor.get(gallery.get_absolute_url()).text
    assert f'<div class="gallery-page__description">{STORED}</div>' in gallery_page
    assert f'<div class="lightbox__caption-text">{STORED}</div>' in gallery_page
    assert 'content="Families remember 1988 &amp; more too. Second paragraph."' in gallery_page


def test_a_category_description_is_html_on_its_page_and_text_in_its_feed(client, staff):
    client.force_login(staff["editor"])
    response = client.post(
        reverse("admin:posts_category_add"),
        {"name": "Human rights", "slug": "human-rights", "parent": "", "description": WRITTEN},
    )
    assert response.status_code == 302
    category = Category.objects.get(slug="human-rights")
    assert category.description == STORED
    PostFactory(categories=[category])
    client.logout()
    page = client.get(category.get_absolute_url()).text
    assert f'<div class="category-description">{STORED}</div>' in page
    feed = etree.fromstring(client.get(f"{category.get_absolute_url()}feed/").content)
    assert (
        feed.findtext("channel/description")
        == "Families remember 1988 & more too. Second paragraph."
    )


def test_search_indexes_the_words_of_captions_and_descriptions_not_their_tags():
    image = ImageFactory(caption=WRITTEN, description="<p>A &lt;b&gt; tag, as text.</p>")
    body = document_for(image)["body"]
    assert "Families remember 1988 & more too. Second paragraph." in body
    assert "A <b> tag, as text." in body
    assert "strong" not in body
    gallery = GalleryFactory(description=WRITTEN)
    assert document_for(gallery)["body"] == "Families remember 1988 & more too. Second paragraph."
