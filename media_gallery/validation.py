"""Checks on uploaded files, by their content and never by their name.

An upload is refused with a message an editor can act on when it is empty,
too large, not an image Pillow reads as one of the accepted formats, has
more pixels than the site decodes (decompression bombs), or is damaged or
incomplete. Nothing here writes to storage.
"""

import re
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import features

from .imaging import BIG_IMAGE_THRESHOLD

# Formats Pillow may identify an upload as. Its JPEG reader also opens
# JPEGs that carry a second picture (phones' depth and HDR maps) and calls
# them MPO: a JPEG to us.
IMAGE_FORMATS = ["JPEG", "PNG", "GIF", "WEBP"] + (["AVIF"] if features.check("avif") else [])
FORMAT_NAMES = ", ".join(f.replace("WEBP", "WebP") for f in IMAGE_FORMATS)
IMAGE_ACCEPT = ",".join(
    ["image/jpeg", "image/png", "image/gif", "image/webp"]
    + (["image/avif"] if "AVIF" in IMAGE_FORMATS else [])
)

SVG_RE = re.compile(
    rb"^(\xef\xbb\xbf)?\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]",
    re.S | re.I,
)
# Phones' HEIF/HEIC photos (an ISO media file whose brand says so), which Pillow cannot read.
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
SNIFF_BYTES = 4096


def check_size(upload, limit):
    """Refuse an empty file or one larger than ``limit`` bytes."""
    if not upload.size:
        raise ValidationError(_("The file %(name)s is empty."), code="empty", params=_name(upload))
    if upload.size > limit:
        raise ValidationError(
            _("The file %(name)s is %(size)s; the largest accepted is %(limit)s."),
            code="too_large",
            params={
                **_name(upload),
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
            },
        )


def open_image(upload):
    """Return ``(image, format)`` for an upload that passes every check, decoded.

    Large JPEGs are decoded at the smallest DCT scale that still covers the
    size the site keeps (``BIG_IMAGE_THRESHOLD`` on the long side), which is
    as sharp after scaling and several times faster than a full decode.
    """
    check_size(upload, settings.MEDIA_MAX_UPLOAD_BYTES)
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if SVG_RE.match(head):
        raise ValidationError(
            _(
                "%(name)s is an SVG drawing. SVG files can carry scripts, so they are not "
                "accepted: export it as PNG."
            ),
            code="svg",
            params=_name(upload),
        )
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        raise ValidationError(
            _(
                "%(name)s is a HEIC photo, which browsers cannot show. On an iPhone, choose "
                "“Most Compatible” under Settings › Camera › Formats, or export it as JPEG."
            ),
            code="heic",
            params=_name(upload),
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            image = PILImage.open(upload, formats=IMAGE_FORMATS)
    except PILImage.DecompressionBombError as error:
        raise _too_many_pixels(upload) from error
    except (PILImage.UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("%(name)s is not an image this site accepts (%(formats)s)."),
            code="not_an_image",
            params={**_name(upload), "formats": FORMAT_NAMES},
        ) from error
    width, height = image.size
    if width * height * frame_count(image) > settings.MEDIA_MAX_PIXELS:
        image.close()
        raise _too_many_pixels(upload)
    if image.format == "JPEG" and max(width, height) > BIG_IMAGE_THRESHOLD:
        scale = BIG_IMAGE_THRESHOLD / max(width, height)
        image.draft(None, (round(width * scale), round(height * scale)))
    try:
        image.load()
    except (OSError, SyntaxError, ValueError) as error:
        image.close()
        raise ValidationError(
            _("%(name)s is damaged or incomplete; upload the file again or export it again."),
            code="damaged",
            params=_name(upload),
        ) from error
    return image, image.format


def frame_count(image):
    """Frames an upload decodes to: an animation's frames, one for anything else."""
    if image.format == "MPO":
        return 1
    return getattr(image, "n_frames", 1)


def _too_many_pixels(upload):
    return ValidationError(
        _(
            "%(name)s has too many pixels to process (the limit is %(limit)s megapixels). "
            "Reduce its size and upload it again."
        ),
        code="too_many_pixels",
        params={**_name(upload), "limit": settings.MEDIA_MAX_PIXELS // 1_000_000},
    )


def _name(upload):
    return {"name": upload.name or _("The file")}
