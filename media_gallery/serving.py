"""Small-site mode: the app serves uploaded files itself when no web server does.

A single server run with ``make serve`` has no nginx in front and keeps
media on local disk, so without this its pages would show no images. With
``settings.SERVE_MEDIA`` on (the default with local storage), ``/media/…``
answers as the nginx configuration in ``deploy/`` does: the same long cache
header, validators, byte ranges for video, ``nosniff`` (from Django's
security middleware), and nothing but the files the library stores: no
directory listing, no hidden file, no other type, nothing outside
``MEDIA_ROOT``.

A small view rather than Django's or WhiteNoise's: ``django.views.static``
and ``FileResponse`` answer no ``Range`` request (a video could not seek),
and WhiteNoise indexes files when it starts, which suits collected static
files, not uploads that arrive while it runs.

Privacy is the same as on S3 or behind nginx: a file's name carries a
random part (``models.media_file_name``) and no page shows an unpublished
item's files, so its address cannot be found or guessed; files hold no
metadata (``originals``); and nothing here depends on who asks, so every
visitor and every cache gets the same answer.
"""

import os
import stat

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import storages
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from .byte_ranges import Unsatisfiable, requested_range

# What the library stores (``imaging.EXTENSIONS``, ``video_files``), and nothing else.
CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "avif": "image/avif",
    "mp4": "video/mp4",
    "webm": "video/webm",
}
CHUNK_BYTES = 64 * 1024


class FileSlice:
    """``length`` bytes of an open file from ``first`` on, read in chunks."""

    def __init__(self, file, first, length):
        file.seek(first)
        self.file, self.left = file, length

    def read(self, size):
        data = self.file.read(min(size, self.left))
        self.left -= len(data)
        return data

    def close(self):
        self.file.close()


@require_safe
def media_file(request, name):
    """One stored file, whole or the byte range asked for; 404 for anything else."""
    if not settings.SERVE_MEDIA:
        raise Http404("Media are served by the web server or the object storage.")
    content_type = CONTENT_TYPES.get(name.rpartition(".")[2])
    if content_type is None or any(part.startswith(".") for part in name.split("/")):
        raise Http404("No such file.")
    file, size, modified = open_regular_file(name)
    validators = {
        # nginx's form: the same file gets the same ETag from either server.
        "ETag": f'"{int(modified):x}-{size:x}"',
        "Last-Modified": http_date(modified),
    }
    try:
        wanted = requested_range(range_header(request, validators), size)
    except Unsatisfiable:
        file.close()
        return HttpResponse(status=416, headers={"Content-Range": f"bytes */{size}"})
    if request.method == "HEAD":
        file.close()
        response = HttpResponse(content_type=content_type)
        response["Content-Length"] = size
    elif wanted is None:
        response = FileResponse(file, content_type=content_type)
        del response["Content-Disposition"]
    else:
        first, last = wanted
        response = FileResponse(
            FileSlice(file, first, last - first + 1), content_type=content_type, status=206
        )
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
        response["Content-Length"] = last - first + 1
    response.block_size = CHUNK_BYTES
    for header, value in validators.items():
        response[header] = value
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = settings.MEDIA_CACHE_CONTROL
    return response


def open_regular_file(name):
    """``(open file, size, modification time)`` of the stored file ``name``.

    404 for a directory, a missing file, or a path leading out of the
    storage (``path()`` refuses it). Checked on the open file, so a file
    swapped meanwhile cannot slip through.
    """
    try:
        file = open(storages["default"].path(name), "rb")  # noqa: SIM115 (the response closes it)
    except (SuspiciousFileOperation, OSError, ValueError):
        raise Http404("No such file.") from None
    status = os.fstat(file.fileno())
    if not stat.S_ISREG(status.st_mode):
        file.close()
        raise Http404("No such file.")
    return file, status.st_size, status.st_mtime


def range_header(request, validators):
    """The ``Range`` header of a GET, unless ``If-Range`` names another version of the file."""
    if request.method != "GET":
        return None
    if_range = request.headers.get("If-Range")
    if if_range is not None and if_range not in validators.values():
        return None
    return request.headers.get("Range")
