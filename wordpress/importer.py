"""Writing a WordPress export into the site: in batches, fast, and safe to run twice.

Everything is keyed on WordPress ids (posts, pages, categories, attachments)
or slugs (tags) and logins (authors), so a second run updates what the
first created instead of duplicating it, and leaves unchanged rows alone.

Posts are written with bulk inserts and updates, batch by batch, each batch
in its own transaction: a file that turns out to be malformed halfway stops
the import with the line, and no half-written batch remains. Bulk writes
bypass ``Post.save()``, so each post is prepared with the model's own
``prepare_body()`` and ``normalise_publication()``, and what depends on
content is refreshed once at the end (``refresh_dependents``).

Media go through the media library's own functions instead, one item at a
time: attachment files after each batch (``media_files``), the videos and
galleries of bodies as each batch is written (``embeds``), and what needs
every attachment in (featured images, the images of galleries) after the
last item. Renditions are left for after the import (see ``media_gallery.tasks``).
"""

import datetime
import os
import zoneinfo
from collections import defaultdict, deque
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connections, router, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import TaggedItem

from media_gallery import tasks
from posts.models import PATH_SEPARATOR, Post, Redirect

from . import workers
from .attachments import AttachmentHandler
from .dependents import refresh_dependents
from .embeds import BodyMediaWriter
from .featured import link_featured_images
from .galleries import sync_galleries
from .media_files import AttachmentMedia
from .permalinks import answered_without_redirect_row, legacy_path
from .reader import Author, Channel, Item, Term, WXRError, WXRReader
from .report import ImportReport, ImportStopped
from .terms import TermWriter, decode_slug, item_terms

# Posts per batch (and transaction). Always full batches: SQL of one shape each time.
BATCH_SIZE = 500
# Batches read and being converted while the oldest is written: memory stays flat.
BATCHES_IN_FLIGHT = 2
# Rows per INSERT into a link table: one statement rather than one per row,
# within SQLite's limit on query parameters.
LINK_ROWS_PER_INSERT = 1000

STATUSES = {
    "publish": Post.Status.PUBLISHED,
    "future": Post.Status.SCHEDULED,
    "draft": Post.Status.DRAFT,
    "pending": Post.Status.PENDING,
    "private": Post.Status.PRIVATE,
}
# Statuses WordPress uses for what is not content: counted and skipped.
SKIPPED_STATUSES = {"trash", "auto-draft", "inherit"}
CONTENT_TYPES = {"post": Post.Kind.POST, "page": Post.Kind.PAGE}

# Fields a re-import compares and rewrites; anything else belongs to editors.
IMPORTED_FIELDS = [
    "kind",
    "title",
    "slug",
    "path",
    "body",
    "excerpt",
    "summary",
    "author_id",
    "status",
    "published_at",
    "sticky",
    "language",
    "menu_order",
    "password",
    "wp_url",
    "wp_thumbnail_id",
]


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


def insert_rows(model, fields, rows):
    """Plain multi-row INSERT of ``rows`` (tuples in ``fields`` order) into ``model``'s table.

    For the link tables (post categories, tagged items): an import writes
    several per post, and building a model instance for each would cost
    more than the rest of the write.
    """
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    insert = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "
    row_placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    whole = len(rows) - len(rows) % LINK_ROWS_PER_INSERT
    with connection.cursor() as cursor:
        # Every statement has one of two shapes, so SQLite's cache of compiled
        # statements stays small (a shape per row count would grow it by megabytes).
        many_rows = insert + ", ".join([row_placeholders] * LINK_ROWS_PER_INSERT)
        for start in range(0, whole, LINK_ROWS_PER_INSERT):
            chunk = rows[start : start + LINK_ROWS_PER_INSERT]
            cursor.execute(many_rows, [value for row in chunk for value in row])
        if whole < len(rows):
            cursor.executemany(insert + row_placeholders, rows[whole:])


def parse_date(value, zone):
    """A WordPress ``Y-m-d H:i:s`` date in ``zone``; None for empty or zero dates."""
    value = (value or "").strip()
    if not value or value.startswith("0000"):
        return None
    try:
        naive = datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    if naive.tzinfo is not None:
        return None
    return naive.replace(tzinfo=zone)


@dataclass(eq=False)
class Incoming:
    """An item on its way in: the post to write and what goes with it."""

    item: Item
    post: Post
    category_slugs: list[tuple[str, str]]
    tag_slugs: list[tuple[str, str]]
    existing: Post | None = None


class WordPressImport:
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
        self.site_zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
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
        self.page_parents = {}
        self.content_type = ContentType.objects.get_for_model(Post)

    def run(self, path):
        """Read the file, converting batch N+1 (maybe in a worker) while batch N is written."""
        self.converter = workers.converter_for(os.path.getsize(path), self.worker)
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
        finally:
            self.converter.close()
            self.hand_over_renditions()
        return self.report

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
            self.prepare(item, kind, converted)
            for (item, kind), converted in zip(items, future.result(), strict=True)
        ]
        self.flush_batch(batch, attachments)

    # Authors, categories and tags: declared in the channel before any item.

    def write_authors_and_terms(self):
        if self.terms_written:
            return
        self.terms_written = True
        self.terms.write(self.pending_authors, self.pending_terms)
        self.pending_authors = self.pending_terms = []

    # Posts and pages, in batches.

    def prepare(self, item, kind, converted):
        """The post for ``item`` with its converted body, derived as ``Post.save()`` would."""
        self.report.unknown_shortcodes.update(converted.unknown_shortcodes)
        self.report.dynamic_blocks.update(converted.dynamic_blocks)
        self.report.galleries += converted.galleries
        self.report.videos += converted.videos
        title = converted.title
        if len(title) > 300:
            self.report.note("title longer than 300 characters: shortened", item.line)
        status = STATUSES[item.status]
        link = item.link if len(item.link) <= 500 else ""
        post = Post(
            kind=kind,
            title=title[:300],
            slug=decode_slug(item.slug),
            body=converted.body,
            summary=converted.summary,
            excerpt=item.excerpt.strip(),
            status=status,
            published_at=self.publication_date(item, status),
            sticky=item.is_sticky and kind == Post.Kind.POST,
            menu_order=item.menu_order,
            password=item.password[:255],
            wp_id=item.wp_id,
            wp_url=link,
            wp_thumbnail_id=self.thumbnail_id(item),
        )
        post.normalise_publication()
        post.language = converted.language
        categories, tags, others = item_terms(item)
        self.report.ignored_taxonomies.update(others)
        if kind != Post.Kind.POST:
            categories = []  # pages have none
        if kind == Post.Kind.PAGE and item.parent_wp_id:
            self.page_parents[item.wp_id] = (item.parent_wp_id, legacy_path(item.link))
        return Incoming(item=item, post=post, category_slugs=categories, tag_slugs=tags)

    def publication_date(self, item, status):
        """The GMT date; the local date (site time zone) when WordPress left GMT empty,
        except for drafts and pending posts, whose date WordPress sets on publishing."""
        date = parse_date(item.post_date_gmt, datetime.UTC)
        if date is None and status not in (Post.Status.DRAFT, Post.Status.PENDING):
            date = parse_date(item.post_date, self.site_zone)
            if date is None:
                self.report.note("no usable publication date; the import time is used", item.line)
        return date

    def thumbnail_id(self, item):
        value = item.meta.get("_thumbnail_id", "").strip()
        if value.isascii() and value.isdigit() and 0 < len(value) <= 18:
            self.report.featured_images += 1
            return int(value)
        return None

    def flush_batch(self, batch, attachments):
        """Write one batch of posts and attachments in one transaction, then the
        attachments' files (each its own transaction)."""
        for item in attachments:
            date = self.publication_date(item, Post.Status.PUBLISHED)
            self.attachments.add(item, date, legacy_path(item.link))
        if not batch and not attachments:
            return
        lines = [entry.item.line for entry in batch] + [item.line for item in attachments]
        try:
            with transaction.atomic():
                # Photos of posts this file holds back are hidden before those posts are written.
                self.media.hold_back_photos()
                if batch:
                    self.write_batch(batch)
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
        """Let PostgreSQL see the posts table as it grows.

        A table it has not analysed is planned as if every value of an
        ``IN (…)`` list matched a share of all rows, so each batch's slug lookup
        would read the whole, growing table. Analysing whenever the table has
        doubled keeps those lookups on their index, for a few cheap ANALYZEs.
        """
        self.posts_analysed = self.posts_written
        connection = connections[router.db_for_write(Post)]
        if connection.vendor == "postgresql" and not self.dry_run:
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(Post._meta.db_table)}")

    def write_batch(self, batch):
        existing = {
            post.wp_id: post
            for post in Post.objects.filter(wp_id__in=[e.post.wp_id for e in batch]).only(
                "pk", "parent_id", *IMPORTED_FIELDS
            )
        }
        for entry in batch:
            entry.existing = existing.get(entry.post.wp_id)
            if entry.existing is not None:
                entry.post.pk = entry.existing.pk
                entry.post.parent_id = entry.existing.parent_id
        if self.dry_run:
            for entry in batch:
                outcome = "updated" if entry.existing else "created"
                self.report.count(f"{entry.post.kind}s", outcome)
            return
        self.assign_authors(batch)
        self.assign_slugs_and_paths(batch)
        self.body_media.place(batch)
        self.terms.ensure_categories(
            {slug: name for entry in batch for slug, name in entry.category_slugs},
            batch[0].item.line,
        )
        self.terms.ensure_tags({slug: name for entry in batch for slug, name in entry.tag_slugs})
        new = [entry for entry in batch if entry.existing is None]
        Post.objects.bulk_create([entry.post for entry in new])
        changed = set()
        for entry in batch:
            if entry.existing is not None and any(
                getattr(entry.post, name) != getattr(entry.existing, name)
                for name in IMPORTED_FIELDS
            ):
                changed.add(entry.post.pk)
        changed |= self.write_categories_of(batch)
        changed |= self.write_tags_of(batch)
        to_update = [e.post for e in batch if e.existing is not None and e.post.pk in changed]
        now = timezone.now()
        for post in to_update:
            post.updated_at = now
        Post.objects.bulk_update(to_update, [*IMPORTED_FIELDS, "updated_at"])
        self.write_redirects_of(batch)
        for entry in batch:
            kind = f"{entry.post.kind}s"
            if entry.existing is None:
                self.report.count(kind, "created")
            else:
                self.report.count(kind, "updated" if entry.post.pk in changed else "unchanged")

    def assign_authors(self, batch):
        logins = {entry: self.terms.login_of(entry.item.creator) for entry in batch}
        unknown = set(logins.values()) - set(self.terms.user_ids)
        if unknown:
            self.terms.ensure_users([Author(login=login) for login in sorted(unknown)])
        for entry, login in logins.items():
            entry.post.author_id = self.terms.user_ids[login]

    def assign_slugs_and_paths(self, batch):
        """Slugs unique per kind (renaming clashes as WordPress would), and stored paths.

        Pages start at the top level; ``finish`` places them under their parents
        once every page is in. Re-imported pages keep their place meanwhile.
        """
        for entry in batch:
            post = entry.post
            if not post.slug:
                post.slug = slugify(post.title, allow_unicode=True)[:190] or "untitled"
                self.report.note(
                    f"{post.kind} {post.wp_id} has no slug; using {post.slug!r}", entry.item.line
                )
        owners = {
            (kind, slug): wp_id
            for kind, slug, wp_id in Post.objects.filter(
                slug__in={entry.post.slug for entry in batch}
            ).values_list("kind", "slug", "wp_id")
        }
        taken_in_batch = set()
        for entry in batch:
            post = entry.post
            key = (post.kind, post.slug)
            owner = owners.get(key, post.wp_id)
            if owner != post.wp_id or key in taken_in_batch:
                base, number = post.slug[:190], 2
                post.slug = post.unique_slug(base)
                while (post.kind, post.slug) in taken_in_batch:
                    post.slug = post.unique_slug(f"{base}-{number}")
                    number += 1
                self.report.note(
                    f"{post.kind} {post.wp_id}: slug {base!r} is taken; using {post.slug!r}",
                    entry.item.line,
                )
            taken_in_batch.add((post.kind, post.slug))
            existing = entry.existing
            if existing is not None and existing.parent_id and post.kind == Post.Kind.PAGE:
                prefix = existing.path.rpartition(PATH_SEPARATOR)[0]
                post.path = f"{prefix}{PATH_SEPARATOR}{post.slug}" if prefix else post.slug
            else:
                post.path = post.compute_path()

    def write_categories_of(self, batch):
        wanted = {
            entry.post.pk: {self.terms.category_ids[slug] for slug, _name in entry.category_slugs}
            for entry in batch
        }
        return self.sync_links(
            batch, wanted, model=Post.categories.through, owner="post", target="category"
        )

    def write_tags_of(self, batch):
        wanted = {
            entry.post.pk: {self.terms.tag_ids[slug] for slug, _name in entry.tag_slugs}
            for entry in batch
        }
        return self.sync_links(
            batch,
            wanted,
            model=TaggedItem,
            owner="object_id",
            target="tag",
            fixed={"content_type": self.content_type.pk},
        )

    def sync_links(self, batch, wanted, *, model, owner, target, fixed=None):
        """Make each post's links (categories or tags) exactly ``wanted``, touching only the
        differences; returns the ids of existing posts whose links changed."""
        fixed = fixed or {}
        existing_pks = [entry.post.pk for entry in batch if entry.existing is not None]
        present = defaultdict(set)
        if existing_pks:
            current = model.objects.filter(**{f"{owner}__in": existing_pks}, **fixed)
            for post_id, linked in current.values_list(owner, target):
                present[post_id].add(linked)
        new_rows, changed = [], set()
        for entry in batch:
            pk = entry.post.pk
            missing = wanted[pk] - present[pk]
            extra = present[pk] - wanted[pk]
            new_rows.extend((*fixed.values(), pk, linked) for linked in missing)
            if extra:
                model.objects.filter(**{owner: pk, f"{target}__in": extra}, **fixed).delete()
            if entry.existing is not None and (missing or extra):
                changed.add(pk)
        insert_rows(model, [*fixed, owner, target], new_rows)
        return changed

    def write_redirects_of(self, batch):
        redirects = []
        for entry in batch:
            post, existing = entry.post, entry.existing
            if existing is not None and existing.path != post.path:
                redirects.append(
                    Redirect(
                        old_path=f"/{existing.path}/", post_id=post.pk, origin=Redirect.Origin.MOVED
                    )
                )
            if post.wp_id in self.page_parents:
                continue
            old_path = legacy_path(entry.item.link)
            if not answered_without_redirect_row(old_path, post):
                redirects.append(
                    Redirect(old_path=old_path, post_id=post.pk, origin=Redirect.Origin.IMPORT)
                )
        Redirect.objects.record(redirects)

    # After the last item.

    def finish(self):
        if self.dry_run:
            return
        with transaction.atomic():
            self.place_pages()
        self.media.settle()
        link_featured_images(self.report)
        sync_galleries(self.report, self.body_media.galleries)
        refresh_dependents(search_index=self.search_index)

    def place_pages(self):
        """Put pages under their parents (which may come later in the file), top-down."""
        if not self.page_parents:
            return
        wp_ids = set(self.page_parents) | {parent for parent, _link in self.page_parents.values()}
        pages = {
            page.wp_id: page
            for page in Post.objects.filter(wp_id__in=wp_ids).only(
                "pk", "wp_id", "kind", "slug", "path", "parent_id", "status", "published_at"
            )
        }
        targets = {}

        def target(wp_id, chain=frozenset()):
            if wp_id in targets:
                return targets[wp_id]
            page = pages[wp_id]
            parent_wp_id = self.page_parents.get(wp_id, (None, ""))[0]
            parent = pages.get(parent_wp_id)
            if wp_id not in self.page_parents:
                result = (page.path, page.parent_id)
            elif parent is None or parent.kind != Post.Kind.PAGE or parent_wp_id in chain:
                self.report.note(
                    f"page {wp_id}: parent {parent_wp_id} is not an imported page; kept at the top level"
                )
                result = (page.slug, None)
            else:
                parent_path, _ = target(parent_wp_id, chain | {wp_id})
                result = (f"{parent_path}{PATH_SEPARATOR}{page.slug}", parent.pk)
            targets[wp_id] = result
            return result

        placed = sorted(
            (wp_id for wp_id in self.page_parents if wp_id in pages),
            key=lambda wp_id: target(wp_id)[0].count(PATH_SEPARATOR),
        )
        redirects = []
        for wp_id in placed:
            page = pages[wp_id]
            path, parent_id = target(wp_id)
            if (page.path, page.parent_id) != (path, parent_id):
                old_path = page.path
                page.path, page.parent_id = path, parent_id
                Post.objects.filter(pk=page.pk).update(path=path, parent_id=parent_id)
                page.move_descendants(old_path)
            old_link = legacy_path(self.page_parents[wp_id][1])
            if not answered_without_redirect_row(old_link, page):
                redirects.append(
                    Redirect(old_path=old_link, post_id=page.pk, origin=Redirect.Origin.IMPORT)
                )
        Redirect.objects.record(redirects)
