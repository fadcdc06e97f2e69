"""Writing a batch of prepared posts and pages: one shape of SQL per batch.

Each batch is matched to what a previous run wrote (by WordPress id), given
its authors, unique slugs and paths, the videos and galleries of its bodies,
its categories and tags, then created or updated in bulk, touching only the
rows that differ, with the redirects its old links need. The caller holds
the batch's transaction.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import TaggedItem

from posts.models import Post, Redirect
from posts.tree import PATH_SEPARATOR

from .permalinks import answered_without_redirect_row, legacy_path
from .reader import Author

# Rows per INSERT into a link table: one statement rather than one per row,
# within SQLite's limit on query parameters.
LINK_ROWS_PER_INSERT = 1000

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


class BatchWriter:
    """Writes batches of ``Incoming`` posts, counting in the report what each became.

    ``terms`` knows the ids of authors, categories and tags, ``body_media``
    makes the videos and galleries of bodies, and ``pages`` the pages that
    wait for their parents (whose old links it redirects itself).
    """

    def __init__(self, report, *, terms, body_media, pages, dry_run=False):
        self.report = report
        self.terms = terms
        self.body_media = body_media
        self.pages = pages
        self.dry_run = dry_run
        self.content_type = ContentType.objects.get_for_model(Post)

    def write(self, batch):
        """Write the posts of ``batch``; returns the ids of those created or changed."""
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
            return set()
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
        return changed | {entry.post.pk for entry in new}

    def assign_authors(self, batch):
        logins = {entry: self.terms.login_of(entry.item.creator) for entry in batch}
        unknown = set(logins.values()) - set(self.terms.user_ids)
        if unknown:
            self.terms.ensure_users([Author(login=login) for login in sorted(unknown)])
        for entry, login in logins.items():
            entry.post.author_id = self.terms.user_ids[login]

    def assign_slugs_and_paths(self, batch):
        """Slugs unique per kind (renaming clashes as WordPress would), and stored paths.

        Pages start at the top level; ``PageParents.place`` puts them under their
        parents once every page is in. Re-imported pages keep their place meanwhile.
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
            if post.wp_id in self.pages:
                continue  # placed after the last item, with its redirect if it needs one
            old_path = legacy_path(entry.item.link)
            if not answered_without_redirect_row(old_path, post):
                redirects.append(
                    Redirect(old_path=old_path, post_id=post.pk, origin=Redirect.Origin.IMPORT)
                )
        Redirect.objects.record(redirects)
