"""Renditions as data: WordPress's image sizes, in WebP and in the original's format.

A rendition is a row per (image, spec, format) pointing at its file. They
are made after an image is saved (``tasks``) and by ``manage.py
regenerate_renditions``, never while a visitor waits: a page shows the
renditions that exist and falls back to the nearest one (``image_files``).
"""

import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from PIL import Image as PILImage

from . import files, imaging
from .signals import renditions_changed


@dataclass(frozen=True)
class RenditionSpec:
    """A size: ``width`` wide (height follows), or cropped to ``width`` x ``height``."""

    name: str
    width: int
    height: int | None = None

    @property
    def is_crop(self):
        return self.height is not None

    def target_size(self, size):
        """The rendition's size for an image of ``size``; None when it would not be smaller.

        Never upscales. A crop of an image narrower or shorter than the crop
        keeps that side, as WordPress does.
        """
        width, height = size
        if not self.is_crop:
            if width <= self.width:
                return None
            return self.width, max(1, round(height * self.width / width))
        if width <= self.width and height <= self.height:
            return None
        return min(self.width, width), min(self.height, height)


THUMBNAIL = RenditionSpec("fill-150x150", 150, 150)
# The thumbnail for high-density screens (srcset 2x); WordPress has no such size.
THUMBNAIL_2X = RenditionSpec("fill-300x300", 300, 300)
CROPS = [THUMBNAIL, THUMBNAIL_2X]
WIDTHS = [RenditionSpec(f"width-{width}", width) for width in (300, 768, 1024, 1536, 2048)]
SPECS = CROPS + WIDTHS
# Hex digits of a rendition's content digest in its file name.
DIGEST_LENGTH = 8


def formats_for(image):
    """Pillow formats of an image's renditions: WebP, and its own format."""
    return list(dict.fromkeys(["WEBP", image.format]))


def specs_for(image):
    """An animation keeps its (animated) original for display; only thumbnails are made."""
    return CROPS if image.animated else SPECS


def origin_key(image, spec):
    """What a rendition depends on; a rendition with another key is out of date."""
    if spec.is_crop:
        return f"{image.file.name}@{image.focal_x},{image.focal_y}"
    return image.file.name


@dataclass
class SyncResult:
    created: int = 0
    replaced: int = 0
    removed: int = 0
    unchanged: int = 0

    def __iadd__(self, other):
        self.created += other.created
        self.replaced += other.replaced
        self.removed += other.removed
        self.unchanged += other.unchanged
        return self


def wanted(image):
    """``(spec, format, size)`` for every rendition the image should have."""
    size = (image.width, image.height)
    return [
        (spec, format, target)
        for spec in specs_for(image)
        if (target := spec.target_size(size))
        for format in formats_for(image)
    ]


def missing(image, rows):
    """The wanted renditions that ``rows`` (the image's renditions) lack or have out of date."""
    existing = {(row.spec, row.format): row for row in rows}
    return [
        (spec, format, size)
        for spec, format, size in wanted(image)
        if (row := existing.get((spec.name, imaging.MIME_SUBTYPES[format]))) is None
        or row.origin_key != origin_key(image, spec)
    ]


def sync(image, force=False):
    """Make ``image``'s renditions exactly the wanted ones, up to date; return the counts.

    Missing or out-of-date renditions are made (all of them when ``force``),
    unwanted ones deleted. The original is decoded once, and only if
    something has to be made.
    """
    result = SyncResult()
    existing = list(image.renditions.all())
    wanted_now = wanted(image)
    todo = wanted_now if force else missing(image, existing)
    keep = {(spec.name, imaging.MIME_SUBTYPES[format]) for spec, format, _size in wanted_now}
    stale = [row.pk for row in existing if (row.spec, row.format) not in keep]
    if stale:
        result.removed = image.renditions.filter(pk__in=stale).delete()[0]
    result.unchanged = len(wanted_now) - len(todo)
    if todo:
        make_all(image, todo, result)
    if result.created or result.replaced or result.removed:
        renditions_changed.send(sender=type(image), image_pk=image.pk)
    return result


def make_all(image, todo, result):
    """Make the renditions ``todo`` from the original, decoded once; count them in ``result``."""
    with image.file.storage.open(image.file.name, "rb") as source, PILImage.open(source) as opened:
        opened.load()
        working, icc_profile = imaging.working_copy(opened)
        pixels = made_for = None
        for spec, format, size in todo:  # a spec's formats come together: resize once
            if spec != made_for:
                pixels, made_for = make(working, image, spec, size), spec
            data = imaging.encode(pixels, format, icc_profile)
            outcome = store(image, spec, format, size, data)
            if outcome == "created":
                result.created += 1
            elif outcome == "replaced":
                result.replaced += 1


def make(working, image, spec, size):
    """The pixels of one rendition, from the (upright, cleaned) original."""
    if spec.is_crop:
        box = imaging.crop_box(working.size, size, (image.focal_x, image.focal_y))
        return imaging.resize(working, size, box=box)
    return imaging.resize(working, size)


def file_name(image, spec, format, data):
    """``<original's stem>-<digest of data>-<spec>.<ext>``.

    Served with a year's immutable cache, so a name must never come back
    with other content: without the digest, a crop remade for a new focal
    point would reuse the name its predecessor's predecessor freed.
    """
    stem = image.file.name.rsplit(".", 1)[0]
    digest = hashlib.sha256(data).hexdigest()[:DIGEST_LENGTH]
    return f"{stem}-{digest}-{spec.name}.{imaging.EXTENSIONS[format]}"


def store(image, spec, format, size, data):
    """Write one rendition's file and point its row at it, safely against concurrent runs.

    Returns "created", "replaced", or None when the image was deleted
    meanwhile (the file just written is then removed again).
    """
    storage = image.file.storage
    # Not files.save(): this runs after the image's transaction committed, so
    # a caller's failure must not delete it; failures here clean up below.
    name = storage.save(file_name(image, spec, format, data), ContentFile(data))
    Rendition = image.renditions.model
    values = {
        "file": name,
        "width": size[0],
        "height": size[1],
        "bytes": len(data),
        "origin_key": origin_key(image, spec),
    }
    lookup = {"image": image, "spec": spec.name, "format": imaging.MIME_SUBTYPES[format]}
    try:
        with transaction.atomic():
            row = Rendition.objects.select_for_update().filter(**lookup).first()
            if row is None:
                try:
                    with transaction.atomic():
                        Rendition.objects.create(**lookup, **values)
                    return "created"
                except IntegrityError:  # made by a concurrent run since we looked
                    row = Rendition.objects.select_for_update().get(**lookup)
            Rendition.objects.filter(pk=row.pk).update(**values)
            files.delete_on_commit(storage, row.file.name)
            return "replaced"
    except (IntegrityError, Rendition.DoesNotExist):  # the image is gone
        files.delete_now(storage, name)
        return None
