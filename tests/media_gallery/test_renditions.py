"""Renditions: WordPress's sizes in WebP and the original format, made after a
save (never upscaled), kept in step with the file and focal point, deleted
with their image."""

import io

import pytest
from django.db import transaction
from PIL import Image as PILImage

from media_gallery import library, renditions
from media_gallery.models import Image, Rendition

from . import samples
from .conftest import read
from .factories import ImageFactory

pytestmark = pytest.mark.django_db


def sizes(image):
    return sorted(
        (r.spec, r.format, r.width, r.height) for r in Rendition.objects.filter(image=image)
    )


def test_made_after_the_image_is_saved(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = library.add_image(samples.upload(samples.jpeg(3000, 2000), "big.jpg"))
        assert not image.renditions.exists()  # not before the commit
    assert sizes(image) == sorted(
        (spec, format, width, height)
        for spec, width, height in [
            ("fill-150x150", 150, 150),
            ("fill-300x300", 300, 300),
            ("width-300", 300, 200),
            ("width-768", 768, 512),
            ("width-1024", 1024, 683),
            ("width-1536", 1536, 1024),
            ("width-2048", 2048, 1366),
        ]
        for format in ("jpeg", "webp")
    )
    for rendition in image.renditions.all():
        with PILImage.open(io.BytesIO(read(rendition.file.name))) as stored:
            assert stored.size == (rendition.width, rendition.height)
            assert stored.format.lower() == rendition.format
            assert rendition.bytes == len(read(rendition.file.name))


def test_never_upscaled():
    image = ImageFactory(data=samples.jpeg(500, 250, identifying=False))
    assert sizes(image) == [
        ("fill-150x150", "jpeg", 150, 150),
        ("fill-150x150", "webp", 150, 150),
        ("fill-300x300", "jpeg", 300, 250),
        ("fill-300x300", "webp", 300, 250),
        ("width-300", "jpeg", 300, 150),
        ("width-300", "webp", 300, 150),
    ]
    tiny = ImageFactory(data=samples.jpeg(120, 90, identifying=False))
    assert sizes(tiny) == []


def test_png_renditions_are_png_and_webp():
    image = ImageFactory(data=samples.png(400, 300), filename="chart.png")
    assert {r.format for r in image.renditions.all()} == {"png", "webp"}


def test_animation_gets_thumbnails_only():
    image = ImageFactory(data=samples.gif(400, 300, frames=3), filename="anim.gif")
    assert {r.spec for r in image.renditions.all()} == {"fill-150x150", "fill-300x300"}


def test_square_crop_follows_the_focal_point():
    """The red block sits in the top-left quarter: a crop centred there shows it,
    one centred bottom-right does not."""

    def corner_is_red(image):
        crop = image.renditions.get(spec="fill-150x150", format="jpeg")
        with PILImage.open(io.BytesIO(read(crop.file.name))) as stored:
            red, green, _blue = stored.convert("RGB").getpixel((5, 5))
        return red > 200 and green < 60

    image = ImageFactory(data=samples.jpeg(1200, 600, identifying=False), focal_x=0, focal_y=0)
    assert corner_is_red(image)
    image.focal_x = image.focal_y = 100
    image.save()
    assert renditions.sync(image).replaced == 4  # the two crops, in two formats
    assert not corner_is_red(image)


def test_sync_makes_only_what_is_missing_or_out_of_date(storage_files):
    image = ImageFactory(data=samples.jpeg(900, 600, identifying=False))
    files = storage_files()
    result = renditions.sync(image)
    assert (result.created, result.replaced, result.unchanged) == (0, 0, 8)
    assert storage_files() == files
    image.renditions.filter(spec="width-768").delete()
    assert renditions.sync(image).created == 2


def test_focal_point_change_remakes_crops_after_commit(
    django_capture_on_commit_callbacks, storage_files
):
    image = ImageFactory(data=samples.jpeg(900, 600, identifying=False))
    old_crops = set(image.renditions.filter(spec__startswith="fill").values_list("file", flat=True))
    widths = set(image.renditions.filter(spec__startswith="width").values_list("file", flat=True))
    image = Image.objects.get(pk=image.pk)
    image.focal_x = 90
    with django_capture_on_commit_callbacks(execute=True):
        image.save()
    crops = set(image.renditions.filter(spec__startswith="fill").values_list("file", flat=True))
    assert crops.isdisjoint(old_crops)
    assert (
        set(image.renditions.filter(spec__startswith="width").values_list("file", flat=True))
        == widths
    )
    assert old_crops.isdisjoint(storage_files())


def test_a_rendition_file_name_never_comes_back_with_other_content(
    django_capture_on_commit_callbacks,
):
    """Files are cached for a year as immutable: three focal points, three sets of crops,
    and a name seen twice always held the same bytes."""
    image = ImageFactory(data=samples.jpeg(900, 600, identifying=False), focal_x=0, focal_y=0)
    contents = {}
    for focal in (0, 100, 50):
        image = Image.objects.get(pk=image.pk)
        image.focal_x = image.focal_y = focal
        with django_capture_on_commit_callbacks(execute=True):
            image.save()
        renditions.sync(image)
        for crop in image.renditions.filter(spec__startswith="fill"):
            contents.setdefault(crop.file.name, set()).add(read(crop.file.name))
    assert len(contents) == 12  # two crops in two formats, for each focal point
    assert all(len(seen) == 1 for seen in contents.values())


def test_replacing_the_file_replaces_renditions_and_deletes_old_files(
    django_capture_on_commit_callbacks, storage_files
):
    image = ImageFactory(data=samples.jpeg(900, 600, seed=1, identifying=False))
    before = set(storage_files())
    image = Image.objects.get(pk=image.pk)
    clean = library.originals.clean_upload(samples.upload(samples.jpeg(800, 800, seed=2)))
    with django_capture_on_commit_callbacks(execute=True):
        library.store_clean_image(image, clean)
        image.save()
    assert before.isdisjoint(storage_files())
    assert sizes(image)[-2:] == [("width-768", "jpeg", 768, 768), ("width-768", "webp", 768, 768)]
    assert len(storage_files()) == 1 + image.renditions.count()


def test_storing_a_rendition_twice_keeps_one_row_and_one_file(
    django_capture_on_commit_callbacks, storage_files
):
    """As when the save hook and the command make the same rendition at once."""
    image = ImageFactory(data=samples.jpeg(900, 600, identifying=False), renditions=False)
    spec, format, size = renditions.wanted(image)[0]
    with django_capture_on_commit_callbacks(execute=True):
        assert renditions.store(image, spec, format, size, b"first") == "created"
        assert renditions.store(image, spec, format, size, b"second") == "replaced"
    row = image.renditions.get()
    assert read(row.file.name) == b"second"
    assert storage_files() == sorted([image.file.name, row.file.name])


def test_deleting_an_image_deletes_its_files(django_capture_on_commit_callbacks, storage_files):
    kept = ImageFactory()
    gone = ImageFactory()
    assert len(storage_files()) == 2 * (1 + 6)  # each original, its crops and 300 wide, x2
    with django_capture_on_commit_callbacks(execute=True):
        gone.delete()
    assert storage_files() == sorted(
        [kept.file.name] + [r.file.name for r in kept.renditions.all()]
    )
    assert not Rendition.objects.filter(image_id=gone.pk).exists()


def test_bulk_delete_deletes_files_too(django_capture_on_commit_callbacks, storage_files):
    ImageFactory.create_batch(3)
    with django_capture_on_commit_callbacks(execute=True):
        Image.objects.all().delete()
    assert storage_files() == []


def test_a_rolled_back_delete_keeps_the_files(storage_files):
    image = ImageFactory()
    pk, files = image.pk, storage_files()

    def delete_then_fail():
        with transaction.atomic():
            image.delete()
            raise RuntimeError("the transaction fails")

    with pytest.raises(RuntimeError):
        delete_then_fail()
    assert storage_files() == files
    assert Image.objects.filter(pk=pk).exists()
