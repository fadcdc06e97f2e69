"""From an uploaded file to the original the site stores and serves.

The upload is checked (``validation``), its kept metadata read
(``metadata``), its EXIF orientation applied, scaled to fit 2560 px like
WordPress's big-image threshold, and re-encoded in its own format without
any metadata. Only the result is ever written to storage.
"""

import hashlib
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import ImageOps, ImageSequence

from . import imaging, validation
from .metadata import kept_metadata

ORIENTATION = 0x0112


@dataclass
class CleanImage:
    content: bytes
    format: str
    width: int
    height: int
    checksum: str
    animated: bool
    taken_on: date | None
    credit: str

    @property
    def extension(self):
        return imaging.EXTENSIONS[self.format]


def checksum(upload):
    """SHA-256 of the uploaded bytes: the same file uploaded twice has the same one."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def clean_upload(upload):
    """Check ``upload`` and return it as a ``CleanImage``; ``ValidationError`` if refused."""
    image, format = validation.open_image(upload)
    with image:
        kept = kept_metadata(image)
        format = "JPEG" if format == "MPO" else format
        animated = validation.frame_count(image) > 1
        try:
            frames = _animation_frames(image) if animated else [_upright(image)]
        except (OSError, SyntaxError, ValueError) as error:
            raise ValidationError(
                _("%(name)s is damaged or incomplete; upload the file again or export it again."),
                code="damaged",
                params={"name": upload.name},
            ) from error
        first, icc_profile = imaging.working_copy(frames[0])
        rest = [imaging.working_copy(frame)[0] for frame in frames[1:]]
        size = imaging.fit_within(first.size, imaging.BIG_IMAGE_THRESHOLD)
        if size != first.size:
            first = imaging.resize(first, size)
            rest = [imaging.resize(frame, size) for frame in rest]
        content = imaging.encode(
            first, format, icc_profile, options=imaging.ORIGINAL_SAVE_OPTIONS, frames=rest
        )
    return CleanImage(
        content=content,
        format=format,
        width=size[0],
        height=size[1],
        checksum=checksum(upload),
        animated=animated,
        **kept,
    )


def _upright(image):
    """The image turned as its EXIF orientation says (a copy only when it needs turning)."""
    if image.getexif().get(ORIENTATION, 1) in range(2, 9):
        return ImageOps.exif_transpose(image)
    return image


def _animation_frames(image):
    """Every frame of an animation, each with its own duration in ``info``."""
    return [frame.copy() for frame in ImageSequence.Iterator(image)]
