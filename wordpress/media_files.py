"""Attachment files into the media library, through its normal upload path.

Each recorded attachment (see ``attachments``) whose file is in
``--uploads-dir`` becomes an ``Image`` (JPEG, PNG, GIF, WebP, AVIF) or a
``Video`` (MP4, WebM, and QuickTime files that are MP4 inside) by
``media_gallery.library``: checked by its content, metadata removed,
renditions due. The attachment row keeps the link and the checksum of the
file, so a second run updates the same item and leaves an unchanged file
alone, and the same file attached twice leads to one image.

An attachment "inherits" its post's status, as in WordPress: its image is
public only when the post is (a scheduled post's from its date on), or when
it has no post (or one in neither the file nor the site). While the import
runs, an attachment whose post is not in yet stays hidden, and the media of
a post the file shows unpublished are hidden as soon as it is read; at the
end ``settle`` decides every such status from the posts as imported. So no
photo of a private or scheduled post is public at any moment.

A missing file leaves the attachment waiting for a run that has it; a file
the library refuses is a reported skip. Other types (audio, PDF…) are
recorded and counted, not imported: the media library has no place for
them. Each item is written in its own transaction (its files deleted again
if it fails), so one bad file costs nothing else.
"""

import hashlib
import itertools
import re
import shutil
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.db import DatabaseError, transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from media_gallery import files, library
from media_gallery.models import Image, MediaStatus, Video
from posts.html import html_to_text
from posts.models import Post

from .attachments import file_type, media_kind
from .content import rich_text
from .models import WordPressAttachment
from .terms import item_terms
from .workers import guess_language

# WordPress statuses of attachments ("inherit": as its post, see ``inherited``).
STATUSES = {
    "inherit": MediaStatus.PUBLISHED,
    "publish": MediaStatus.PUBLISHED,
    "future": MediaStatus.PUBLISHED,  # its date keeps it hidden until then
    "private": MediaStatus.DRAFT,
    "draft": MediaStatus.DRAFT,
    "pending": MediaStatus.DRAFT,
}
PARAGRAPH_BREAK = re.compile(r"\n\s*\n|</p>|<br\s*/?>", re.IGNORECASE)
READ_CHUNK = 1 << 20
SETTLE_CHUNK = 500


def posts_by_wp_id(wp_ids):
    """Status and date of the imported posts with these WordPress ids."""
    wp_ids = {wp_id for wp_id in wp_ids if wp_id}
    if not wp_ids:
        return {}
    return {
        wp_id: (status, published_at)
        for wp_id, status, published_at in Post.objects.filter(wp_id__in=wp_ids).values_list(
            "wp_id", "status", "published_at"
        )
    }


def media_key(media):
    return ("image" if isinstance(media, Image) else "video", media.pk)


def lowest_linked_ids(attachments):
    """For the media items of ``attachments``, by ``media_key``: the lowest WordPress id
    among all the attachments that became it (the one whose texts and status decide)."""
    lowest = {}
    for relation in ("image", "video"):
        ids = {getattr(a, f"{relation}_id") for a in attachments} - {None}
        if ids:
            rows = (
                WordPressAttachment.objects.filter(**{f"{relation}_id__in": ids})
                .order_by()
                .values(f"{relation}_id")
                .annotate(lowest=Min("wp_id"))
                .values_list(f"{relation}_id", "lowest")
            )
            lowest.update({(relation, pk): wp_id for pk, wp_id in rows})
    return lowest


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(READ_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def plain_text(value):
    """A WordPress caption or description (HTML) as plain text, paragraphs kept (a video's
    description, and the text the language is guessed from)."""
    paragraphs = (html_to_text(part) for part in PARAGRAPH_BREAK.split(value or ""))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


class AttachmentMedia:
    """Makes and updates the images and videos of recorded attachments, batch by batch."""

    def __init__(self, report, uploads_dir, terms, dry_run=False):
        self.report = report
        self.uploads_dir = uploads_dir
        self.terms = terms
        self.dry_run = dry_run
        self.language = "en"
        # Images whose file is new: their renditions are due after the import.
        self.images_due = []
        # WordPress ids of the file's items that hold their photos back (all but the
        # published ones), those whose photos are still to be hidden, and the
        # attachments of this run that follow their post (for ``settle``).
        self.held_posts = set()
        self.newly_held = []
        self.following = set()
        self.parents = {}

    def note_post(self, wp_id, status):
        """Remember an item of the file that attachments may inherit their status from."""
        if status != "publish":
            self.held_posts.add(wp_id)
            self.newly_held.append(wp_id)

    def hold_back_photos(self):
        """Hide now the public media that attachments of held posts decide, before those
        posts are written (the importer calls this in each batch's transaction)."""
        if self.dry_run or not self.newly_held:
            return
        attachments = list(
            WordPressAttachment.objects.filter(status="inherit", parent_wp_id__in=self.newly_held)
            .exclude(image=None, video=None)
            .select_related("image", "video")
        )
        self.newly_held = []
        deciding = lowest_linked_ids(attachments)
        for attachment in attachments:
            media = attachment.media
            if deciding[media_key(media)] == attachment.wp_id and media.is_public:
                media.status = MediaStatus.DRAFT
                media.save()

    def import_batch(self, recorded, language):
        """Import the files of ``recorded`` attachments (``(row, item)`` pairs); ``language``
        is the site's, for texts that do not show theirs."""
        if not recorded:
            return
        self.language = language
        self.parents = posts_by_wp_id({row.parent_wp_id for row, _item in recorded})
        self.following.update(
            row.wp_id for row, _item in recorded if row.status == "inherit" and row.parent_wp_id
        )
        saved = {
            attachment.wp_id: attachment
            for attachment in WordPressAttachment.objects.filter(
                wp_id__in=[row.wp_id for row, _item in recorded]
            ).select_related("image", "video")
        }
        deciding = lowest_linked_ids(saved.values())
        for row, item in recorded:
            kind = media_kind(row.file_path or row.url)
            if kind is None:
                self.report.other_attachments[file_type(row.file_path) or "(none)"] += 1
                continue
            if row.status not in STATUSES:
                self.report.count(kind, "skipped")
                continue
            attachment = saved.get(row.wp_id, row)
            media = attachment.image if kind == "images" else attachment.video
            # A file several attachments share takes the texts and status of the lowest id.
            owns = media is None or deciding.get(media_key(media)) == attachment.wp_id
            known_terms = self.terms.remember() if any(item_terms(item)[:2]) else None
            try:
                # One item, all or nothing: its row, its file in storage, its link.
                with files.delete_written_on_error(), transaction.atomic():
                    outcome = self.import_one(attachment, row, item, kind, owns)
            except ValidationError as error:
                if known_terms:
                    self.terms.restore(known_terms)
                outcome = "skipped"
                self.report.note(
                    f"attachment {row.wp_id} ({row.file_path}) not imported: "
                    + " ".join(error.messages),
                    item.line,
                )
            except (OSError, DatabaseError) as error:
                if known_terms:
                    self.terms.restore(known_terms)
                outcome = "failed"
                self.report.note(
                    f"attachment {row.wp_id} ({row.file_path}) failed: {error}", item.line
                )
            if outcome:
                self.report.count(kind, outcome)

    def import_one(self, attachment, row, item, kind, owns):
        """Create, update or leave the media item of one attachment; returns the outcome
        (None while its file is missing). ``owns``: its texts and status decide the item's."""
        media = attachment.image if kind == "images" else attachment.video
        upload = self.uploaded_file(row)
        if upload is None and media is None:
            return None
        checksum = sha256_of(upload) if upload is not None else None
        same_file = upload is None or (media is not None and checksum == attachment.file_checksum)
        if not owns:
            if same_file:
                return "unchanged"
            media = None  # a new file of its own: the shared one stays as it is
        fields = self.fields_for(row, kind, existing=media is not None)
        categories, tags = self.terms_for(item)
        if same_file:
            return "unchanged" if self.dry_run else self.update(media, fields, categories, tags)
        if self.dry_run:
            return "updated" if media is not None else "created"
        model = Image if kind == "images" else Video
        if media is not None:
            self.replace_file(media, upload, row)
            self.update(media, fields, categories, tags)
            self.link(attachment, media, checksum)
            return "updated"
        duplicate = model.objects.filter(checksum=checksum).first()
        if duplicate is not None:
            self.link(attachment, duplicate, checksum)
            self.report.note(
                f"attachment {row.wp_id} ({row.file_path}) is the same file as "
                f"{model._meta.verbose_name} {duplicate.pk} (“{duplicate.title}”): linked to it",
                item.line,
            )
            linked = WordPressAttachment.objects.filter(wp_id=attachment.wp_id).first()
            if lowest_linked_ids([linked])[media_key(duplicate)] == attachment.wp_id:
                self.update(duplicate, fields, categories, tags)
            return "unchanged"
        media = self.create(kind, upload, row, fields, categories, tags)
        self.link(attachment, media, checksum)
        return "created"

    def inherited(self, row, fields, existing):
        """Status and date of an attachment that follows its post (see the module docstring)
        while the import runs; ``existing``: its media item is already in the library."""
        if row.status != "inherit" or not row.parent_wp_id:
            return
        if row.parent_wp_id in self.held_posts:
            fields["status"] = MediaStatus.DRAFT  # until ``settle``
            return
        if row.parent_wp_id not in self.parents:
            # Its post is not in yet, or never will be: ``settle`` decides, and a photo
            # in the library meanwhile keeps the status it had.
            if existing:
                fields.pop("status")
                fields.pop("published_at", None)
            else:
                fields["status"] = MediaStatus.DRAFT
            return
        public, not_before = self.visibility(row.parent_wp_id, self.parents)
        if not public:
            fields["status"] = MediaStatus.DRAFT
        elif not_before and ("published_at" not in fields or not_before > fields["published_at"]):
            fields["published_at"] = not_before

    def visibility(self, parent_wp_id, posts):
        """Whether the media of the post ``parent_wp_id`` are public, and the date they wait
        for (a scheduled post's): as the post is imported (``posts``), else hidden if the
        file shows it unpublished (trash…), else public, as WordPress has it for a post
        that is gone."""
        post = posts.get(parent_wp_id)
        if post is None:
            return parent_wp_id not in self.held_posts, None
        status, published_at = post
        if status not in Post.LISTED_STATUSES:
            return False, None
        return True, published_at if published_at and published_at > timezone.now() else None

    def settle(self):
        """Decide the media of this run's attachments that follow their post, now that
        every post of the file is in: a post reached after its photos, one scheduled, or
        made private or public since the last run."""
        if self.dry_run:
            return
        self.hold_back_photos()
        for chunk in itertools.batched(sorted(self.following), SETTLE_CHUNK):
            attachments = list(
                WordPressAttachment.objects.filter(wp_id__in=chunk)
                .exclude(image=None, video=None)
                .select_related("image", "video")
            )
            posts = posts_by_wp_id({attachment.parent_wp_id for attachment in attachments})
            deciding = lowest_linked_ids(attachments)
            for attachment in attachments:
                media = attachment.media
                if deciding[media_key(media)] != attachment.wp_id:
                    continue
                public, not_before = self.visibility(attachment.parent_wp_id, posts)
                status = MediaStatus.PUBLISHED if public else MediaStatus.DRAFT
                published_at = attachment.published_at or media.published_at
                if not_before and (published_at is None or not_before > published_at):
                    published_at = not_before
                if (media.status, media.published_at) != (status, published_at):
                    media.status, media.published_at = status, published_at
                    media.save()
        self.following.clear()

    def uploaded_file(self, row):
        """The attachment's file in ``--uploads-dir``, or None (missing or not given)."""
        if self.uploads_dir is None or not row.file_path or not row.file_found:
            return None
        return self.uploads_dir / row.file_path

    def fields_for(self, row, kind, existing):
        """Model fields of the attachment's media item, as a re-import rewrites them."""
        title = row.title or library.title_from_filename(row.file_path)
        caption, description = plain_text(row.caption), plain_text(row.description)
        fields = {
            "title": title[:300],
            "status": STATUSES[row.status],
            "language": guess_language(f"{title} {caption}", self.language),
        }
        if slug := slugify(row.slug, allow_unicode=True)[:200]:
            fields["slug"] = slug
        if row.published_at is not None:
            fields["published_at"] = row.published_at
        self.inherited(row, fields, existing)
        if kind == "images":
            # Written in the editor here, as HTML: WordPress's HTML, sanitised.
            fields.update(
                alt_text=row.alt_text[:300],
                caption=rich_text(row.caption),
                description=rich_text(row.description),
            )
            if row.credit:
                # Else the credit the library reads from the photo's own metadata stays.
                fields["credit"] = row.credit
        else:  # a video's description is plain text
            texts = dict.fromkeys(text for text in (caption, description) if text)
            fields["description"] = "\n\n".join(texts)
        return fields

    def terms_for(self, item):
        """Category ids and tags of the attachment's terms (created when new)."""
        categories, tags, _others = item_terms(item)
        if not categories and not tags:
            return [], []
        self.terms.ensure_categories(dict(categories), item.line)
        self.terms.ensure_tags(dict(tags))
        category_ids = {self.terms.category_ids.get(slug) for slug, _name in categories}
        tag_ids = {self.terms.tag_ids.get(slug) for slug, _name in tags}
        category_ids.discard(None)
        tag_ids.discard(None)
        return sorted(category_ids), list(Tag.objects.filter(pk__in=tag_ids))

    def create(self, kind, upload, row, fields, categories, tags):
        name = PurePosixPath(row.file_path).name
        with open(upload, "rb") as file:
            if kind == "images":
                image = library.add_image(
                    File(file, name=name), categories=categories, tags=tags, **fields
                )
                self.images_due.append(image.pk)
                return image
            with self.copy_of(file, name) as copy:
                return library.add_video_file(copy, categories=categories, tags=tags, **fields)

    def replace_file(self, media, upload, row):
        name = PurePosixPath(row.file_path).name
        with open(upload, "rb") as file:
            if isinstance(media, Image):
                library.replace_image_file(media, File(file, name=name))
                self.images_due.append(media.pk)
            else:
                with self.copy_of(file, name) as copy:
                    library.replace_video_file(media, copy)

    def copy_of(self, file, name):
        """A temporary copy of ``file``: cleaning a video blanks its metadata in place, and
        the operator's copy of the uploads must stay as it is."""
        file.seek(0, 2)
        copy = TemporaryUploadedFile(name, "application/octet-stream", file.tell(), None)
        file.seek(0)
        shutil.copyfileobj(file, copy, READ_CHUNK)
        copy.seek(0)
        return copy

    def update(self, media, fields, categories, tags):
        """Rewrite the imported fields and terms that differ; "updated" or "unchanged"."""
        changed = [name for name, value in fields.items() if getattr(media, name) != value]
        for name in changed:
            setattr(media, name, fields[name])
        if changed:
            media.save()
        if set(media.categories.values_list("pk", flat=True)) != set(categories):
            media.categories.set(categories)
            changed.append("categories")
        if set(media.tags.values_list("pk", flat=True)) != {tag.pk for tag in tags}:
            media.tags.set(tags)
            changed.append("tags")
        return "updated" if changed else "unchanged"

    def link(self, attachment, media, checksum):
        """Record on the attachment the media item it became and the file it was made from."""
        is_image = isinstance(media, Image)
        WordPressAttachment.objects.filter(wp_id=attachment.wp_id).update(
            image=media if is_image else None,
            video=None if is_image else media,
            file_checksum=checksum,
        )
