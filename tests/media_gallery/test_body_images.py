"""Library images placed in post bodies: references shown as pictures with renditions, and
nothing at all for an image deleted or not public."""

import importlib

import pytest

from media_gallery import body_media
from media_gallery.models import MediaStatus
from posts.html import sanitize_html
from posts.models import Post
from tests.factories import PostFactory

from .factories import ImageFactory

pytestmark = pytest.mark.django_db


def figure(pk, size="full", align="center", alt="", caption=""):
    caption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return (
        f'<figure data-image="{pk}" data-size="{size}" data-align="{align}">'
        f'<img alt="{alt}">{caption}</figure>'
    )


def test_a_reference_survives_sanitising_unchanged():
    reference = figure(12, "half", "left", "Marchers", "Berlin, <em>2024</em>")
    assert sanitize_html(reference) == reference


def test_a_reference_is_shown_as_a_picture_of_the_renditions():
    image = ImageFactory(alt_text="The library's text")
    shown = body_media.render(
        "<p>Before.</p>" + figure(image.pk, "half", "left", "Marchers &amp; flags", "Berlin")
    )
    assert shown.html.startswith(
        '<p>Before.</p><figure class="body-image body-image--half body-image--left"><picture>'
    )
    assert 'alt="Marchers &amp; flags"' in shown.html
    assert 'sizes="(min-width: 60rem) 22rem, calc(50vw - 1rem)"' in shown.html
    assert "-width-300.webp 300w" in shown.html
    assert shown.html.endswith("<figcaption>Berlin</figcaption></figure>")
    assert shown.images == [image]
    assert shown.has_media
    assert shown.cache_tags == [f"image:{image.pk}"]


def test_without_alt_text_of_its_own_the_library_s_is_used():
    image = ImageFactory(alt_text="The library's text")
    assert 'alt="The library&#x27;s text"' in body_media.render(figure(image.pk)).html


def test_unknown_size_and_alignment_fall_back_to_full_width_centred():
    image = ImageFactory()
    html = body_media.render(figure(image.pk, size="huge", align="inside")).html
    assert html.startswith('<figure class="body-image body-image--full body-image--center">')


def test_a_deleted_or_unpublished_image_leaves_nothing_behind():
    draft = ImageFactory(status=MediaStatus.DRAFT)
    deleted = ImageFactory()
    deleted_pk = deleted.pk
    deleted.delete()
    body = "<p>Text.</p>" + figure(draft.pk, caption="Secret") + figure(deleted_pk, caption="Gone")
    shown = body_media.render(body)
    assert shown.html == "<p>Text.</p>"
    assert shown.images == []
    # Publishing the draft changes the page.
    assert shown.cache_tags == [f"image:{draft.pk}", f"image:{deleted_pk}"]


def test_images_load_in_one_query_with_their_renditions(django_assert_num_queries):
    images = [ImageFactory() for _ in range(3)]
    body = "".join(figure(image.pk) for image in images)
    with django_assert_num_queries(2):  # the images, their renditions
        shown = body_media.render(body)
    assert shown.html.count("<picture>") == 3


def test_the_caption_of_a_draft_or_deleted_image_is_in_no_excerpt(client):
    """Listings, feeds and the page's meta description show the automatic excerpt:
    it leaves out figures, as the page leaves out an image that is not public."""
    draft = ImageFactory(status=MediaStatus.DRAFT)
    post = PostFactory(
        status="published",
        body=figure(draft.pk, caption="Safe-house photo")
        + figure(987654, caption="Deleted photo")
        + "<p>The words of the post.</p>",
    )
    assert post.summary == "The words of the post."
    for address in (post.get_absolute_url(), "/", "/feed/"):
        shown = client.get(address).content.decode()
        assert "The words of the post." in shown
        assert "Safe-house photo" not in shown
        assert "Deleted photo" not in shown


def test_summaries_made_before_are_made_again_without_the_caption():
    """Migration posts 0012: a summary kept from before holds the caption no longer."""
    from django.apps import apps

    remake = importlib.import_module("posts.migrations.0012_summaries_without_media_blocks")
    draft = ImageFactory(status=MediaStatus.DRAFT)
    post = PostFactory(
        status="published",
        body=figure(draft.pk, caption="Safe-house photo") + "<p>The words of the post.</p>",
    )
    Post.objects.filter(pk=post.pk).update(summary="Safe-house photo The words of the post.")
    remake.remake_summaries(apps, None)
    post.refresh_from_db()
    assert post.summary == "The words of the post."
