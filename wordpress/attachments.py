"""Attachments: every one of an export is recorded, batch by batch, as a
``WordPressAttachment`` row (file path, old addresses, parent post, texts,
date), whatever becomes of it; ``media_files`` then turns those whose file
is in ``--uploads-dir`` into images and videos.

The rows are what lets the import finish later (a file missing now is
imported by a second run with it), and what old addresses of attachments
are answered from (``wordpress.legacy``).
"""

import re
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from .content import plain_title
from .models import WordPressAttachment

UPLOADS_MARKERS = ("/wp-content/uploads/", "/files/")
IMAGE_TYPES = {"jpg", "jpeg", "jpe", "png", "gif", "webp", "avif"}
VIDEO_TYPES = {"mp4", "m4v", "webm", "mov"}
DATED_UPLOAD = re.compile(r"/(\d{4}/\d{2}/[^/]+)$")
# What a re-import compares and rewrites; ``file_found`` only when files were checked.
STASHED_FIELDS = [
    "parent_wp_id",
    "url",
    "link_path",
    "file_path",
    "title",
    "slug",
    "caption",
    "description",
    "alt_text",
    "credit",
    "published_at",
    "status",
    "menu_order",
]


# Characters XML 1.0 cannot carry (the exporter drops them).
INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# WordPress keeps the photo's IPTC credit in its attachment metadata, a PHP-serialised
# array: ``…s:6:"credit";s:<length in bytes>:"<text>";…``.
SERIALISED_CREDIT = re.compile(rb's:6:"credit";s:(\d{1,5}):"')


def image_credit(metadata):
    """The credit in WordPress's serialised attachment metadata ("" if none or garbled)."""
    data = metadata.encode()
    match = SERIALISED_CREDIT.search(data)
    if match is None:
        return ""
    end = match.end() + int(match[1])
    if data[end : end + 2] != b'";':
        return ""
    return data[match.end() : end].decode(errors="replace").strip()


def php_serialised_credit(credit):
    """Attachment metadata holding only ``credit``, as WordPress serialises it.

    The credit is first made what XML carries unchanged (line ends as ``\\n``, no
    control characters) and stripped as ``image_credit`` strips: the byte length
    must still be right when the file is read back.
    """
    credit = INVALID_XML.sub("", credit.replace("\r\n", "\n").replace("\r", "\n")).strip()
    value = credit.encode()
    return f'a:1:{{s:10:"image_meta";a:1:{{s:6:"credit";s:{len(value)}:"{credit}";}}}}'


def file_type(path):
    """The lower-case extension of ``path`` ("" when it has none)."""
    return PurePosixPath(path or "").suffix.lstrip(".").lower()


def media_kind(path):
    """ "images", "videos", or None for a type the media library does not hold."""
    extension = file_type(path)
    if extension in IMAGE_TYPES:
        return "images"
    if extension in VIDEO_TYPES:
        return "videos"
    return None


def upload_path(item):
    """The file's path under wp-content/uploads, from its metadata or its address.

    None when it would leave the uploads directory (absolute, or with ``..``).
    """
    path = item.meta.get("_wp_attached_file", "")
    if not path:
        address = unquote(urlsplit(item.attachment_url or item.guid).path)
        for marker in UPLOADS_MARKERS:
            if marker in address:
                path = address.split(marker, 1)[1]
                break
        else:
            # Hosts that serve uploads at their root (files.wordpress.com): YYYY/MM/name.
            match = DATED_UPLOAD.search(address)
            path = match.group(1) if match else ""
    # String operations rather than pathlib, which interns every file name it parses.
    parts = [part for part in path.split("/") if part and part != "."]
    if not parts or path.startswith("/") or ".." in parts:
        return None
    return "/".join(parts)


class AttachmentHandler:
    """Collects the attachments of an import and records them batch by batch."""

    def __init__(self, report, uploads_dir=None, dry_run=False):
        self.report = report
        self.uploads_dir = uploads_dir
        self.dry_run = dry_run
        self.pending = []

    def add(self, item, published_at, link_path):
        path = upload_path(item)
        if path is None:
            self.report.note(
                "attachment has no usable file path (outside wp-content/uploads)", item.line
            )
        found = None
        if self.uploads_dir is not None and path is not None:
            found = (self.uploads_dir / path).is_file()
            if not found and media_kind(path):
                self.report.missing(path)
        row = WordPressAttachment(
            wp_id=item.wp_id,
            parent_wp_id=item.parent_wp_id or None,
            url=(item.attachment_url or item.guid)[:1000],
            link_path=link_path[:1000],
            file_path=(path or "")[:500],
            title=plain_title(item.title)[:300],
            slug=unquote(item.slug)[:200],
            caption=item.excerpt,
            description=item.content,
            alt_text=item.meta.get("_wp_attachment_image_alt", "")[:500],
            credit=image_credit(item.meta.get("_wp_attachment_metadata", ""))[:200],
            published_at=published_at,
            status=item.status[:20],
            menu_order=item.menu_order,
            file_found=found,
        )
        self.pending.append((row, item))

    def flush(self):
        """Write the pending attachments (inside the caller's batch transaction).

        Returns the ``(row, item)`` pairs written, for the media step.
        """
        # An id given twice (a broken export) is one attachment: the last one read.
        pending = list({row.wp_id: (row, item) for row, item in self.pending}.values())
        self.pending = []
        if not pending:
            return []
        fields = STASHED_FIELDS + (["file_found"] if self.uploads_dir is not None else [])
        existing = {
            values["wp_id"]: values
            for values in WordPressAttachment.objects.filter(
                wp_id__in=[row.wp_id for row, _item in pending]
            ).values("wp_id", *fields)
        }
        changed = []
        for row, _item in pending:
            before = existing.get(row.wp_id)
            if before is None:
                self.report.count("attachments", "created")
            elif any(before[name] != getattr(row, name) for name in fields):
                self.report.count("attachments", "updated")
            else:
                self.report.count("attachments", "unchanged")
                continue
            changed.append(row)
        if changed and not self.dry_run:
            WordPressAttachment.objects.bulk_create(
                changed,
                update_conflicts=True,
                unique_fields=["wp_id"],
                update_fields=fields,
            )
        return pending
