"""No file the site serves carries location, serial numbers or other embedded metadata.

The photos here carry GPS coordinates, camera and lens serial numbers and
the owner's name in EXIF, the place in XMP, IPTC and comments. Every stored
file (the original and every rendition) is checked, byte for byte and as
Pillow reads it; the useful facts survive as data.
"""

import datetime
import io

import pytest
from PIL import ExifTags, features
from PIL import Image as PILImage

from media_gallery import library
from media_gallery.models import Image

from . import samples
from .conftest import read
from .factories import make_renditions

pytestmark = pytest.mark.django_db

# (upload name, sample, files served: the original and its renditions, a WebP copy of
# each but for a WebP original, and none wider than the original, a 320-pixel GIF)
SAMPLES = [
    ("photo.jpg", samples.jpeg, 9),
    ("photo.png", samples.png, 9),
    ("photo.webp", samples.webp, 5),
    ("photo.gif", samples.gif, 7),
    pytest.param(
        "photo.avif",
        samples.avif,
        9,
        marks=pytest.mark.skipif(not features.check("avif"), reason="Pillow without AVIF"),
    ),
]


@pytest.mark.parametrize(("name", "make", "files"), SAMPLES)
def test_no_served_file_carries_identifying_metadata(name, make, files, storage_files):
    data = make()
    assert any(marker in data for marker in samples.IDENTIFYING)  # the upload does
    image = make_renditions(library.add_image(samples.upload(data, name)))
    served = [image.file.name] + [r.file.name for r in image.renditions.all()]
    assert len(served) == files
    assert sorted(served) == storage_files()  # nothing else was stored, not even the upload
    for stored in served:
        content = read(stored)
        for marker in samples.IDENTIFYING:
            assert marker not in content, f"{marker!r} in {stored}"
        with PILImage.open(io.BytesIO(content)) as opened:
            exif = opened.getexif()
            assert not exif.get_ifd(ExifTags.IFD.GPSInfo), stored
            assert not exif.get_ifd(ExifTags.IFD.Exif), stored
            assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment", "Location"} & set(
                opened.info
            )


def test_date_taken_and_credit_are_kept_as_data():
    image = library.add_image(samples.upload(samples.jpeg(), "photo.jpg"))
    assert image.taken_on == datetime.date(2023, 7, 1)
    assert image.credit == "Jane Photographer / Free Iran photo desk"


def test_credit_given_by_the_editor_wins():
    image = library.add_image(samples.upload(samples.jpeg(), "photo.jpg"), credit="NCRI")
    assert image.credit == "NCRI"


def test_exif_orientation_is_applied():
    """A portrait shot stored sideways (orientation 6) is turned upright: the red
    block in the sensor's top-left corner ends up top-right."""
    image = library.add_image(samples.upload(samples.jpeg(400, 200, orientation=6)))
    assert (image.width, image.height) == (200, 400)
    with PILImage.open(io.BytesIO(read(image.file.name))) as stored:
        red, green, blue = stored.convert("RGB").getpixel((190, 10))
        assert (red > 200, green < 60, blue < 60) == (True, True, True)
        assert stored.getexif().get(ExifTags.Base.Orientation) is None


def test_large_uploads_are_scaled_like_wordpress():
    image = library.add_image(samples.upload(samples.jpeg(4000, 3000), "big.jpg"))
    assert (image.width, image.height) == (2560, 1920)
    with PILImage.open(io.BytesIO(read(image.file.name))) as stored:
        assert stored.size == (2560, 1920)


def test_animated_gif_stays_animated_without_its_comment():
    image = library.add_image(samples.upload(samples.gif(frames=3), "anim.gif"))
    content = read(image.file.name)
    assert samples.SERIAL.encode() not in content
    with PILImage.open(io.BytesIO(content)) as stored:
        assert stored.n_frames == 3
    assert Image.objects.get().animated
