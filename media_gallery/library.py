"""Adding files to the media library: the writes the admin, commands and tests share.

Each function leaves either a complete result (row, cleaned file, and
renditions queued for after commit) or nothing at all: files written
before a failure are deleted again (``files.delete_written_on_error``).
"""

import hashlib
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from . import files, originals, video_files
from .models import Image, Video, media_file_name


def title_from_filename(name):
    """ "IMG_2034-final.jpg" -> "IMG 2034 final": a starting point the editor can improve."""
    stem = PurePosixPath(name or "").stem
    return " ".join(stem.replace("_", " ").replace("-", " ").split())[:300] or _("Untitled")


def may_name(item, user):
    """Whether a refusal may name ``item``: not if it is a draft ``user`` may not see
    (``visible_to``). ``user`` None is an operator's command (the import, the demo),
    which sees the whole library."""
    return user is None or type(item).objects.visible_to(user).filter(pk=item.pk).exists()


def check_new_checksum(model, checksum, name, *, user=None, exclude_pk=None):
    """Refuse a file already in the library (say, a form submitted twice).

    Takes a lock first so that two submits running at once queue up and the
    second one sees the first one's row. The message names the existing item
    only if ``user`` may see it.
    """
    files.lock_checksum(checksum)
    existing = model.objects.filter(checksum=checksum).exclude(pk=exclude_pk).first()
    if existing is None:
        return
    if not may_name(existing, user):
        raise ValidationError(_("This file is already in the media library."), code="duplicate")
    raise ValidationError(
        _("%(name)s is already in the media library, as “%(title)s”."),
        code="duplicate",
        params={"name": name, "title": existing.title},
    )


def store_clean_image(image, clean):
    """Write ``clean`` (a ``CleanImage``) to storage and point the unsaved ``image`` at it."""
    name = media_file_name("images", image.title, clean.extension)
    image.file.name = files.save(image.file.storage, name, ContentFile(clean.content))
    image.width, image.height = clean.width, clean.height
    image.format = clean.format
    image.bytes = len(clean.content)
    image.checksum = clean.checksum
    image.animated = clean.animated
    image.taken_on = image.taken_on or clean.taken_on
    image.credit = image.credit or clean.credit


def add_image(upload, *, user=None, categories=(), tags=(), **fields):
    """Check, clean and store one uploaded image; return the new ``Image``.

    ``user``: who adds it (none for commands); ``fields`` are model fields
    (title defaults to the file's name). ``ValidationError`` when the file
    is refused; nothing is left behind.
    """
    clean = originals.clean_upload(upload)
    with files.delete_written_on_error(), transaction.atomic():
        check_new_checksum(Image, clean.checksum, upload.name, user=user)
        fields["title"] = fields.get("title") or title_from_filename(upload.name)
        image = Image(uploaded_by=user, **fields)
        store_clean_image(image, clean)
        image.save()
        if categories:
            image.categories.set(categories)
        if tags:
            image.tags.set(tags)
    return image


def replace_image_file(image, upload):
    """Check, clean and store ``upload`` as the saved ``image``'s new file.

    The old file is deleted and the renditions made again after commit.
    ``ValidationError`` when the file is refused; the image keeps its file.
    """
    clean = originals.clean_upload(upload)
    with files.delete_written_on_error(), transaction.atomic():
        check_new_checksum(Image, clean.checksum, upload.name, exclude_pk=image.pk)
        store_clean_image(image, clean)
        image.save()
    return image


def add_images(uploads, **shared):
    """Add each upload as its own ``Image``, all or none.

    Every file is checked even after one fails, so the editor learns about
    all refused files at once; then nothing is kept.
    """
    images, errors = [], []
    with files.delete_written_on_error(), transaction.atomic():
        for upload in uploads:
            try:
                images.append(add_image(upload, **shared))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
    return images


def embed_checksum(ref):
    """A key for an embedded video, so double submits of one address can be serialised."""
    return hashlib.sha256(f"{ref.provider}:{ref.video_id}".encode()).hexdigest()


def check_new_embed(ref, *, user=None, exclude_pk=None):
    """Refuse a YouTube or Vimeo video already in the library, naming it only if
    ``user`` may see it."""
    files.lock_checksum(embed_checksum(ref))
    existing = (
        Video.objects.filter(provider=ref.provider, video_id=ref.video_id)
        .exclude(pk=exclude_pk)
        .first()
    )
    if existing is None:
        return
    if not may_name(existing, user):
        raise ValidationError(_("This video is already in the media library."), code="duplicate")
    raise ValidationError(
        _("This video is already in the media library, as “%(title)s”."),
        code="duplicate",
        params={"title": existing.title},
    )


def set_embed(video, ref, url):
    """Make ``video`` (unsaved) play ``ref`` from its host; an uploaded file it had is dropped."""
    video.provider = ref.provider
    video.video_id = ref.video_id
    video.privacy_hash = ref.privacy_hash
    video.url = url
    video.file.name = ""
    video.file_format = ""
    video.bytes = None
    video.checksum = None


def store_video_file(video, upload, format, checksum):
    """Write a checked, cleaned video file to storage and point the unsaved ``video`` at it."""
    name = media_file_name("videos", video.title, format)
    video.file.name = files.save(video.file.storage, name, upload)
    video.provider = Video.Provider.FILE
    video.file_format = format
    video.bytes = upload.size
    video.checksum = checksum
    video.url = video.video_id = video.privacy_hash = ""


def add_video_file(upload, *, user=None, categories=(), tags=(), **fields):
    """Check, clean and store one uploaded MP4 or WebM file; return the new ``Video``.

    ``clean_video`` blanks metadata in ``upload`` itself, so pass a copy of a
    file that must stay as it is. ``ValidationError`` when refused.
    """
    format, checksum = video_files.clean_video(upload)
    with files.delete_written_on_error(), transaction.atomic():
        check_new_checksum(Video, checksum, upload.name, user=user)
        fields["title"] = fields.get("title") or title_from_filename(upload.name)
        video = Video(uploaded_by=user, **fields)
        store_video_file(video, upload, format, checksum)
        video.save()
        if categories:
            video.categories.set(categories)
        if tags:
            video.tags.set(tags)
    return video


def replace_video_file(video, upload):
    """Check, clean and store ``upload`` as the saved ``video``'s new file (see
    ``add_video_file``); the old file is deleted after commit."""
    format, checksum = video_files.clean_video(upload)
    with files.delete_written_on_error(), transaction.atomic():
        check_new_checksum(Video, checksum, upload.name, exclude_pk=video.pk)
        store_video_file(video, upload, format, checksum)
        video.save()
    return video
