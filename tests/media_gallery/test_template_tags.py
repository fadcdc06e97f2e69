"""The picture and thumbnail tags: srcset from existing renditions, nearest fallback."""

import re

import pytest
from django.template import Context, Template

from media_gallery.models import Image

from . import samples
from .factories import ImageFactory

pytestmark = pytest.mark.django_db


def render(source, **context):
    return Template("{% load media_tags %}" + source).render(Context(context))


def attribute(html, tag, name):
    match = re.search(rf"<{tag}\b[^>]*\s{name}=\"([^\"]*)\"", html)
    return match.group(1) if match else None


def widths(srcset):
    return [int(part.rsplit(" ", 1)[1].rstrip("w")) for part in srcset.split(", ")]


@pytest.fixture
def photo():
    image = ImageFactory(data=samples.jpeg(2000, 1000, identifying=False), alt_text="Marchers")
    return Image.objects.prefetch_related("renditions").get(pk=image.pk)


def test_picture_offers_webp_and_the_original_format(photo):
    html = render('{% picture image sizes="50vw" %}', image=photo)
    assert attribute(html, "source", "type") == "image/webp"
    assert widths(attribute(html, "source", "srcset")) == [300, 768, 1024, 1536]
    assert widths(attribute(html, "img", "srcset")) == [300, 768, 1024, 1536, 2000]
    assert attribute(html, "img", "srcset").endswith(f"{photo.file.url} 2000w")
    assert attribute(html, "img", "sizes") == "50vw"
    assert attribute(html, "img", "src").endswith("-width-1024.jpg")
    assert (attribute(html, "img", "width"), attribute(html, "img", "height")) == ("1024", "512")
    assert attribute(html, "img", "alt") == "Marchers"
    assert attribute(html, "img", "loading") == "lazy"
    assert attribute(html, "img", "decoding") == "async"


def test_missing_renditions_fall_back_to_the_nearest_existing_file(photo):
    photo.renditions.filter(spec="width-1024").delete()
    image = Image.objects.prefetch_related("renditions").get(pk=photo.pk)
    html = render("{% picture image %}", image=image)
    assert attribute(html, "img", "src").endswith("-width-1536.jpg")
    assert 1024 not in widths(attribute(html, "img", "srcset"))

    image.renditions.all().delete()
    image = Image.objects.prefetch_related("renditions").get(pk=photo.pk)
    html = render("{% picture image %} {% thumbnail image %}", image=image)
    assert "<source" not in html
    assert re.findall(r'<img src="([^"]+)"', html) == [image.file.url, image.file.url]


def test_thumbnail_is_the_square_crop(photo):
    html = render("{% thumbnail image %}", image=photo)
    assert attribute(html, "img", "src").endswith("-fill-150x150.jpg")
    assert widths(attribute(html, "img", "srcset")) == [150, 300]
    assert widths(attribute(html, "source", "srcset")) == [150, 300]
    assert (attribute(html, "img", "width"), attribute(html, "img", "height")) == ("150", "150")


def test_webp_original_has_a_single_srcset():
    image = ImageFactory(data=samples.webp(1000, 500), filename="photo.webp")
    image = Image.objects.prefetch_related("renditions").get(pk=image.pk)
    html = render("{% picture image %}", image=image)
    assert "<source" not in html
    assert widths(attribute(html, "img", "srcset")) == [300, 768, 1000]


def test_alt_text_falls_back_to_the_title_and_can_be_emptied(photo):
    photo.alt_text = ""
    assert attribute(render("{% picture image %}", image=photo), "img", "alt") == photo.title
    assert attribute(render('{% picture image alt="" %}', image=photo), "img", "alt") == ""
