"""Writing a WordPress export into the site: in batches, fast, and safe to run twice.

Everything is keyed on WordPress ids (posts, pages, categories, attachments)
or slugs (tags) and logins (authors), so a second run updates what the
first created instead of duplicating it, and leaves unchanged rows alone.

Posts are written with bulk inserts and updates, batch by batch, each batch
in its own transaction: a file that turns out to be malformed halfway stops
the import with the line, and no half-written batch remains. Bulk writes
bypass ``Post.save()``, so each post is prepared with the model's own
``prepare_body()`` and ``normalise_publication()``, and announces what it
wrote (``posts_updated``) so the page cache and the search entries that
exist follow each batch as it commits (new posts are indexed together at
the end, see ``search.indexing.new_objects_deferred``); the rest (media,
sidebar counts) is refreshed once at the end (``refresh_dependents``).

This module reads the file and runs the phases, each in a module of its own:
the channel's authors, categories and tags first (``terms``); then the posts
and pages, batch by batch, each item made a post (``items``) and the batch
written (``batches``); after the last item, pages under their parents
(``page_parents``).

Media go through the media library's own functions instead, one item at a
time: attachment files after each batch (``media_files``), the videos and
galleries of bodies as each batch is written (``embeds``), and what needs
every attachment in (featured images, the images of galleries) after the
last item. Renditions are left for after the import (see ``media_gallery.tasks``).
"""

import os
from collections import deque
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, transaction

from desk import revisions
from freeiran import database
from media_gallery import tasks
from posts.models import Post
from posts.signals import posts_updated
from search import indexing

from . import workers
from .attachments import AttachmentHandler
from .batches import BatchWriter
from .dependents import refresh_dependents
from .embeds import BodyMediaWriter
from .featured import link_featured_images
from .galleries import sync_galleries
from .items import CONTENT_TYPES, SKIPPED_STATUSES, STATUSES, ItemPreparer
from .media_files import AttachmentMedia
from .page_parents import PageParents
from .permalinks import legacy_path
from .reader import Author, Channel, Item, Term, WXRError, WXRReader
from .report import ImportReport, ImportStopped
from .terms import TermWriter

# Posts per batch (and transaction). Always full batches: SQL of one shape each time.
BATCH_SIZE = 500
# Batches read and being converted while the oldest is written: memory stays flat.
BATCHES_IN_FLIGHT = 2


def import_wordpress(
    path,
    *,
    author_map=None,
    uploads_dir=None,
    dry_run=False,
    progress=None,
    worker=None,
    search_index=True,
):
    """Import the WXR file at ``path``; returns an ``ImportReport``.

    ``author_map`` maps WordPress logins to existing usernames; other authors
    become inactive accounts named after their login. Attachment files are
    taken from ``uploads_dir`` (a copy of wp-content/uploads). ``progress`` is called
    with the number of items read. ``worker`` forces converting bodies in a
    worker process (True) or here (False); by default large files use one.
    Raises ``ImportStopped`` on a file that cannot be read (with the line) or
    a batch the database refuses.
    """
    return WordPressImport(
        author_map=author_map,
        uploads_dir=uploads_dir,
        dry_run=dry_run,
        progress=progress,
        worker=worker,
        search_index=search_index,
    ).run(path)


class WordPressImport:
    """One run of an import: reads the file and hands each phase its part."""

    def __init__(
        self,
        author_map=None,
        uploads_dir=None,
        dry_run=False,
        progress=None,
        worker=None,
        search_index=True,
    ):
        self.worker = worker
        self.search_index = search_index
        self.dry_run = dry_run
        self.progress = progress or (lambda count=1: None)
        self.report = ImportReport(dry_run=dry_run, media_checked=uploads_dir is not None)
        uploads_dir = Path(uploads_dir) if uploads_dir else None
        self.attachments = AttachmentHandler(self.report, uploads_dir, dry_run)
        self.language = settings.LANGUAGE_CODE
        self.items = ItemPreparer(self.report)
        self.pending_authors = []
        self.pending_terms = []
        self.terms_written = False
        self.pending = []
        self.pending_attachments = []
        self.in_flight = deque()
        self.posts_written = self.posts_analysed = 0
        self.terms = TermWriter(self.report, dry_run=dry_run, author_map=author_map)
        self.media = AttachmentMedia(self.report, uploads_dir, self.terms, dry_run=dry_run)
        self.body_media = BodyMediaWriter(self.report)
        self.pages = PageParents(self.report)
        self.batches = BatchWriter(
            self.report,
            terms=self.terms,
            body_media=self.body_media,
            pages=self.pages,
            dry_run=dry_run,
        )

    def run(self, path):
        """Read the file, converting batch N+1 (maybe in a worker) while batch N is written.

        New posts join the search index at the end, in one rebuild (built in
        one go on a fresh site); entries that exist follow each batch.
        """
        self.converter = workers.converter_for(os.path.getsize(path), self.worker)
        try:
            with indexing.new_objects_deferred():
                self.import_file(path)
        except ImportStopped:
            if self.search_index and not self.dry_run:
                indexing.rebuild()  # the batches kept before the stop become findable
            raise
        finally:
            self.converter.close()
            self.hand_over_renditions()
        return self.report

    def import_file(self, path):
        try:
            with tasks.renditions_deferred():
                for record in WXRReader(path):
                    self.read(record)
                self.write_authors_and_terms()
                self.send_batch()
                self.write_in_flight()
                self.finish()
        except WXRError as error:
            # Batches read completely before the error are imported, as if written at once.
            with tasks.renditions_deferred():
                self.write_in_flight()
            raise ImportStopped(self.stopped_message(error), self.report) from None

    def hand_over_renditions(self):
        """Queue the renditions of new image files for a worker, when the site has one;
        otherwise the report says to run ``regenerate_renditions --missing-only``."""
        due = set(self.media.images_due)
        self.report.renditions_due = len(due)
        if due and not tasks.runs_in_process():
            tasks.queue_all(due)
            self.report.renditions_queued = True

    def stopped_message(self, error):
        written = sum(t.created + t.updated for t in self.report.tallies.values())
        message = f"Import stopped at {error}."
        if written and not self.dry_run:
            message += (
                f" {written} items from earlier batches were imported and kept; the batch in "
                "progress was not. Fix the file and run the import again: it updates what is "
                "already there instead of duplicating it."
            )
        else:
            message += " Nothing was imported."
        return message

    def read(self, record):
        if isinstance(record, Channel):
            code = record.language.split("-")[0].lower()
            if code in dict(settings.LANGUAGES):
                self.language = code
        elif isinstance(record, Author):
            self.pending_authors.append(record)
        elif isinstance(record, Term):
            self.pending_terms.append(record)
        elif isinstance(record, Item):
            self.write_authors_and_terms()
            self.read_item(record)
            self.progress(1)

    def read_item(self, item):
        self.report.comments += item.comments
        for problem in item.problems:
            self.report.note(problem, item.line)
        if item.post_type == "nav_menu_item":
            self.report.menu_items += 1
            return
        if item.post_type == "attachment":
            if item.wp_id is None:
                self.report.count("attachments", "failed")
                self.report.note("attachment without a wp:post_id: skipped", item.line)
                return
            self.pending_attachments.append(item)
            if len(self.pending_attachments) >= BATCH_SIZE:
                self.send_batch()
            return
        if item.wp_id is not None:
            self.media.note_post(item.wp_id, item.status)
        kind = CONTENT_TYPES.get(item.post_type)
        if kind is None:
            self.report.skipped_types[item.post_type or "(no type)"] += 1
            return
        tally_kind = f"{kind}s"
        if item.wp_id is None:
            self.report.count(tally_kind, "failed")
            self.report.note(f"{kind} without a wp:post_id: skipped", item.line)
            return
        if item.status not in STATUSES:
            self.report.count(tally_kind, "skipped")
            if item.status not in SKIPPED_STATUSES:
                self.report.note(
                    f"{kind} {item.wp_id} has unknown status {item.status!r}: skipped", item.line
                )
            return
        self.pending.append((item, kind))
        if len(self.pending) >= BATCH_SIZE:
            self.send_batch()

    def send_batch(self):
        """Hand the pending items to the converter; write the oldest batch once enough wait."""
        items, attachments = self.pending, self.pending_attachments
        self.pending, self.pending_attachments = [], []
        payloads = [
            (item.content, item.excerpt.strip(), item.password[:255], item.title, self.language)
            for item, _kind in items
        ]
        self.in_flight.append((items, attachments, self.converter.submit(payloads)))
        while len(self.in_flight) > BATCHES_IN_FLIGHT:
            self.write_next()

    def write_in_flight(self):
        while self.in_flight:
            self.write_next()

    def write_next(self):
        items, attachments, future = self.in_flight.popleft()
        batch = [
            self.items.prepare(item, kind, converted)
            for (item, kind), converted in zip(items, future.result(), strict=True)
        ]
        for entry in batch:
            self.pages.remember(entry)
        self.flush_batch(batch, attachments)

    # Authors, categories and tags: declared in the channel before any item.

    def write_authors_and_terms(self):
        if self.terms_written:
            return
        self.terms_written = True
        self.terms.write(self.pending_authors, self.pending_terms)
        self.pending_authors = self.pending_terms = []

    # Posts and pages, in batches.

    def flush_batch(self, batch, attachments):
        """Write one batch of posts and attachments in one transaction, then the
        attachments' files (each its own transaction)."""
        for item in attachments:
            date = self.items.publication_date(item, Post.Status.PUBLISHED)
            self.attachments.add(item, date, legacy_path(item.link))
        if not batch and not attachments:
            return
        lines = [entry.item.line for entry in batch] + [item.line for item in attachments]
        try:
            with transaction.atomic():
                # Photos of posts this file holds back are hidden before those posts are written.
                self.media.hold_back_photos()
                if batch:
                    written = self.batches.write(batch)
                    # Bulk writes send no model signals: the page cache and the search
                    # index follow this batch as it commits, not at the end of a run
                    # that may never come (a post made private must not stay public).
                    if written:
                        posts_updated.send(sender=Post, pks=sorted(written))
                        revisions.keep_many(written, "Imported from WordPress.")
                recorded = self.attachments.flush()
        except DatabaseError as error:
            raise ImportStopped(
                f"The database refused the items at lines {min(lines)}–{max(lines)} ({error}). "
                "That batch was not imported; earlier batches were.",
                self.report,
            ) from error
        self.media.import_batch(recorded, self.language)
        self.posts_written += len(batch)
        if self.posts_written >= max(BATCH_SIZE, 2 * self.posts_analysed):
            self.refresh_statistics()

    def refresh_statistics(self):
        """Let the database see the posts table as it grows.

        A table it has not analysed is planned as if every value of an
        ``IN (…)`` list matched a share of all rows, so each batch's slug lookup
        would read the whole, growing table. Analysing whenever the table has
        doubled keeps those lookups on their index, for a few cheap ANALYZEs.
        """
        self.posts_analysed = self.posts_written
        if not self.dry_run:
            database.analyze([Post._meta.db_table])

    # After the last item.

    def finish(self):
        if self.dry_run:
            return
        with transaction.atomic():
            self.pages.place()
        self.media.settle()
        link_featured_images(self.report)
        sync_galleries(self.report, self.body_media.galleries)
        refresh_dependents(search_index=self.search_index)
