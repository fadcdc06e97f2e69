"""Attachments: the one place where the media app plugs into the import.

Today the handler parses each attachment, keeps what the media step needs
in ``WordPressAttachment`` rows (file path, parent post, title, caption,
description, alt text, date), checks the file in ``--uploads-dir`` when one
is given, and reports them as "not imported (media app pending)". Featured
images are kept on the posts themselves (``Post.wp_thumbnail_id``).

To import media, replace ``AttachmentHandler.flush`` (or run a step over the
stashed rows) to create media items, then swap gallery and video
placeholders (see ``posts.wordpress.content``) for the real thing.
"""

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from posts.models import WordPressAttachment

from .content import plain_title

UPLOADS_MARKERS = ("/wp-content/uploads/", "/files/")
DATED_UPLOAD = re.compile(r"/(\d{4}/\d{2}/[^/]+)$")
STASHED_FIELDS = [
    "parent_wp_id",
    "url",
    "file_path",
    "title",
    "slug",
    "caption",
    "description",
    "alt_text",
    "published_at",
    "file_found",
]


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
    """Collects the attachments of an import and stashes them batch by batch."""

    def __init__(self, report, uploads_dir=None, dry_run=False):
        self.report = report
        self.uploads_dir = Path(uploads_dir) if uploads_dir else None
        self.dry_run = dry_run
        self.pending = []

    def add(self, item, published_at):
        path = upload_path(item)
        if path is None:
            self.report.note(
                "attachment has no usable file path (outside wp-content/uploads)", item.line
            )
        found = None
        if self.uploads_dir is not None and path is not None:
            found = (self.uploads_dir / path).is_file()
            if not found:
                self.report.missing(path)
        self.pending.append(
            WordPressAttachment(
                wp_id=item.wp_id,
                parent_wp_id=item.parent_wp_id or None,
                url=(item.attachment_url or item.guid)[:1000],
                file_path=(path or "")[:500],
                title=plain_title(item.title)[:300],
                slug=unquote(item.slug)[:200],
                caption=item.excerpt,
                description=item.content,
                alt_text=item.meta.get("_wp_attachment_image_alt", "")[:500],
                published_at=published_at,
                file_found=found,
            )
        )

    def flush(self):
        """Write the pending attachments (inside the caller's batch transaction)."""
        pending, self.pending = self.pending, []
        if not pending:
            return
        existing = set(
            WordPressAttachment.objects.filter(
                wp_id__in=[row.wp_id for row in pending]
            ).values_list("wp_id", flat=True)
        )
        created = sum(1 for row in pending if row.wp_id not in existing)
        self.report.count("attachments", "created", created)
        self.report.count("attachments", "updated", len(pending) - created)
        if self.dry_run:
            return
        WordPressAttachment.objects.bulk_create(
            pending,
            update_conflicts=True,
            unique_fields=["wp_id"],
            update_fields=STASHED_FIELDS,
        )
