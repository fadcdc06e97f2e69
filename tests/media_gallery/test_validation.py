"""Bad uploads are refused with a clear message, and leave nothing behind."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import connection
from PIL import Image as PILImage
from PIL import features

from media_gallery import files, library
from media_gallery.models import Image

from . import samples

pytestmark = pytest.mark.django_db


def refused(data, name="photo.jpg"):
    """Add ``data`` as an image; return the error's code and message."""
    with pytest.raises(ValidationError) as caught:
        library.add_image(samples.upload(data, name))
    return caught.value.code, caught.value.messages[0]


@pytest.mark.parametrize(
    ("data", "code", "message"),
    [
        (samples.not_an_image(), "not_an_image", "photo.jpg is not an image this site accepts"),
        (samples.truncated_jpeg(), "damaged", "photo.jpg is damaged or incomplete"),
        (samples.png_bomb(), "too_many_pixels", "photo.jpg has too many pixels to process"),
        (samples.svg(), "svg", "photo.jpg is an SVG drawing"),
        (samples.svg(script=True), "svg", "photo.jpg is an SVG drawing"),
        (b"\xef\xbb\xbf" + samples.svg(), "svg", "photo.jpg is an SVG drawing"),
        (b"", "empty", "The file photo.jpg is empty."),
        (samples.heic(), "heic", "photo.jpg is a HEIC photo, which browsers cannot show."),
    ],
    ids=[
        "not-an-image",
        "truncated-jpeg",
        "30000x30000-png",
        "svg",
        "svg-with-script",
        "svg-with-bom",
        "empty",
        "heic",
    ],
)
def test_bad_upload_is_refused_and_nothing_is_stored(data, code, message, storage_files):
    error_code, error_message = refused(data)
    assert error_code == code
    assert error_message.startswith(message)
    assert storage_files() == []
    assert not Image.objects.exists()


def test_file_over_the_size_limit_is_refused(settings, storage_files):
    settings.MEDIA_MAX_UPLOAD_BYTES = 5_000
    data = samples.jpeg(800, 600)
    assert len(data) > 5_000
    code, message = refused(data)
    assert code == "too_large"
    assert "the largest accepted is 4.9\xa0KB" in message
    assert storage_files() == []


def test_pixel_limit_is_the_sites_not_pillows(settings):
    """An image under Pillow's own bomb limit is still refused above MEDIA_MAX_PIXELS."""
    settings.MEDIA_MAX_PIXELS = 1_000_000
    assert refused(samples.encode(samples.picture(1200, 1000), "PNG"))[0] == "too_many_pixels"
    assert library.add_image(samples.upload(samples.jpeg(1000, 1000), "ok.jpg")).width == 1000


def test_animation_frames_count_towards_the_pixel_limit(settings):
    settings.MEDIA_MAX_PIXELS = 320 * 240 * 3
    assert library.add_image(samples.upload(samples.gif(frames=3), "three.gif")).animated
    assert refused(samples.gif(seed=9, frames=4), "four.gif")[0] == "too_many_pixels"


@pytest.mark.parametrize("mode", ["P", "RGB"])
def test_transparency_survives_cleaning(mode):
    """A PNG with a transparent colour (palette or colour key) keeps it, as an alpha channel."""
    image = samples.picture(200, 100).convert(mode)
    transparent = image.getpixel((150, 80))
    stored = library.add_image(
        samples.upload(samples.encode(image, "PNG", transparency=transparent), "logo.png")
    )
    with default_storage.open(stored.file.name) as file, PILImage.open(file) as cleaned:
        assert cleaned.mode == "RGBA"
        assert cleaned.getpixel((150, 80))[3] == 0
        assert cleaned.getpixel((10, 10))[3] == 255


def test_type_is_read_from_the_content_not_the_name():
    image = library.add_image(samples.upload(samples.png(), "holiday.jpg"))
    assert image.format == "PNG"
    assert image.file.name.endswith(".png")


@pytest.mark.parametrize(
    ("make", "format"),
    [
        (samples.jpeg, "JPEG"),
        (samples.png, "PNG"),
        (samples.gif, "GIF"),
        (samples.webp, "WEBP"),
        pytest.param(
            samples.avif,
            "AVIF",
            marks=pytest.mark.skipif(not features.check("avif"), reason="Pillow without AVIF"),
        ),
    ],
)
def test_accepted_formats_keep_their_format(make, format):
    image = library.add_image(samples.upload(make(), "upload.bin"))
    assert (image.format, image.bytes) == (format, default_storage.size(image.file.name))
    assert image.file.name.rsplit(".", 1)[1] == {"JPEG": "jpg"}.get(format, format.lower())


def test_same_file_twice_is_refused(storage_files):
    data = samples.jpeg(seed=3)
    first = library.add_image(samples.upload(data, "first.jpg"), title="Rally")
    files_before = storage_files()
    code, message = refused(data, "again.jpg")
    assert code == "duplicate"
    assert message == "again.jpg is already in the media library, as “Rally”."
    assert list(Image.objects.all()) == [first]
    assert storage_files() == files_before


@pytest.mark.django_db(transaction=True)
def test_two_submits_at_once_give_one_image_and_one_clear_error(monkeypatch, storage_files):
    """A double click sends the same file twice at once: both pass the duplicate check
    before either commits, unless the checksum lock makes the second wait."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite write transactions already queue (IMMEDIATE); this races on PostgreSQL")
    both_checked = threading.Barrier(2, timeout=10)
    real_lock = files.lock_checksum

    def lock_when_both_arrived(checksum):
        both_checked.wait()
        real_lock(checksum)

    monkeypatch.setattr(files, "lock_checksum", lock_when_both_arrived)
    data = samples.jpeg(seed=11)
    outcomes = []

    def submit():
        try:
            library.add_image(samples.upload(data, "rally.jpg"))
            outcomes.append("added")
        except ValidationError as error:
            outcomes.append(error.code)
        except Exception as error:
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["added", "duplicate"]
    image = Image.objects.get()
    kept = [image.file.name] + [r.file.name for r in image.renditions.all()]
    assert storage_files() == sorted(kept)  # the refused submit left nothing
