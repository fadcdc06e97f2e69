"""What the site keeps from a photo's embedded metadata, and why so little.

Photos of protests can endanger the people in them and the person who took
them. The policy: the uploaded file is never stored; the stored original
and every rendition are re-encoded from pixels (see ``imaging.encode``), so
EXIF, XMP and IPTC (GPS position, camera and lens serial numbers, owner
name, software, thumbnails) are dropped at upload. Two facts are kept as
data an editor can see and change: the date the photo was taken (the day
only, not the time) and the credit line the camera recorded.
"""

import datetime

from PIL import ExifTags

ARTIST = ExifTags.Base.Artist
COPYRIGHT = ExifTags.Base.Copyright
DATE_TIME = ExifTags.Base.DateTime
DATE_TIME_ORIGINAL = ExifTags.Base.DateTimeOriginal
MAX_CREDIT = 200


def kept_metadata(image):
    """``{"taken_on": date | None, "credit": str}`` read from an open Pillow image."""
    try:
        exif = image.getexif()
        details = exif.get_ifd(ExifTags.IFD.Exif)
    except (OSError, SyntaxError, ValueError, TypeError):
        return {"taken_on": None, "credit": ""}
    return {
        "taken_on": _date(details.get(DATE_TIME_ORIGINAL) or exif.get(DATE_TIME)),
        "credit": _credit(exif.get(ARTIST), exif.get(COPYRIGHT)),
    }


def _date(value):
    """The day of an EXIF date ("2024:06:29 14:03:11"), or None when unset or invalid."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.datetime.strptime(value.strip()[:10], "%Y:%m:%d").date()
    except ValueError:
        return None


def _credit(artist, copyright):
    parts = []
    for value in (artist, copyright):
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        value = " ".join(str(value or "").replace("\x00", " ").split())
        if value and value not in parts:
            parts.append(value)
    return " / ".join(parts)[:MAX_CREDIT]
