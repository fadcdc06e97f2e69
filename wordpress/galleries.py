"""Which images imported galleries show, settled once every attachment is in.

A ``[gallery]`` shortcode names its images as WordPress does: ``ids`` (or
``include``) lists attachment ids in the order shown; without them it shows
the images attached to the post (or to the post ``id=`` names), ordered by
``orderby`` (by default their menu order, then id) and ``order``, less
``exclude``. Attachments may come anywhere in the file, so this runs after
the last item, for the galleries of the posts just imported.

Each gallery then holds exactly those images that were imported, in that
order; it is published with its post when it has any, and is the post's
``Post.gallery`` when it is the first in its body.
"""

import re

from django.db import transaction

from media_gallery.models import GalleryItem
from posts.models import Post

from .content import parse_attributes
from .embeds import DRAFT, publication_of
from .models import WordPressAttachment, WordPressGallery

CHUNK_SIZE = 200
NUMBER = re.compile(r"\d{1,18}")
SORT_KEYS = {
    "menu_order": lambda row: (row.menu_order, row.wp_id),
    "id": lambda row: row.wp_id,
    "title": lambda row: (row.title.casefold(), row.wp_id),
    "date": lambda row: (row.published_at is None, row.published_at, row.wp_id),
}
ORDERBY_ALIASES = {"post_title": "title", "post_date": "date"}


class GallerySpec:
    """What a ``[gallery]`` shortcode asks for, in WordPress's terms."""

    def __init__(self, shortcode, post_wp_id):
        attributes = parse_attributes(shortcode.strip("[]").removeprefix("gallery"))
        listed = attributes.get("ids") or attributes.get("include") or ""
        self.ids = [int(number) for number in NUMBER.findall(listed)]
        parent = attributes.get("id", "")
        self.parent = int(parent) if parent.isdigit() else post_wp_id
        self.exclude = {int(number) for number in NUMBER.findall(attributes.get("exclude", ""))}
        orderby = (attributes.get("orderby") or "").split()
        orderby = orderby[0].lower() if orderby else ""
        self.orderby = ORDERBY_ALIASES.get(orderby, orderby)
        self.descending = attributes.get("order", "ASC").upper() == "DESC"

    def image_ids(self, rows_by_id, rows_by_parent):
        """Ids of the imported images the gallery shows, in order, each once."""
        if self.ids:
            rows = [rows_by_id[wp_id] for wp_id in self.ids if wp_id in rows_by_id]
            if self.orderby in SORT_KEYS:
                rows.sort(key=SORT_KEYS[self.orderby])
        else:
            rows = [
                row for row in rows_by_parent.get(self.parent, []) if row.wp_id not in self.exclude
            ]
            rows.sort(key=SORT_KEYS.get(self.orderby, SORT_KEYS["menu_order"]))
        if self.descending:
            rows.reverse()
        return list(dict.fromkeys(row.image_id for row in rows if row.image_id))


def sync_galleries(report, outcomes):
    """Bring the galleries in ``outcomes`` (gallery id -> outcome so far) up to date, and count."""
    gallery_ids = sorted(outcomes)
    for start in range(0, len(gallery_ids), CHUNK_SIZE):
        records = WordPressGallery.objects.filter(
            gallery__in=gallery_ids[start : start + CHUNK_SIZE]
        ).select_related("gallery")
        sync_chunk(list(records), report, outcomes)


def sync_chunk(records, report, outcomes):
    specs = {record.pk: GallerySpec(record.shortcode, record.post_wp_id) for record in records}
    rows_by_id, rows_by_parent = attachments_for(specs.values())
    posts = {
        post.wp_id: post
        for post in Post.objects.filter(wp_id__in={s.post_wp_id for s in records})
        .only("pk", "wp_id", "status", "published_at", "gallery_id")
        .prefetch_related("categories")
    }
    with transaction.atomic():
        for record in records:
            post = posts.get(record.post_wp_id)
            if post is None:
                continue
            images = specs[record.pk].image_ids(rows_by_id, rows_by_parent)
            changed = sync_gallery(record.gallery, post, images)
            if record.position == 1 and post.gallery_id != record.gallery_id:
                Post.objects.filter(pk=post.pk).update(gallery=record.gallery_id)
                changed = True
            outcome = outcomes[record.gallery_id]
            if changed and outcome == "unchanged":
                outcome = "updated"
            report.count("galleries", outcome)


def attachments_for(specs):
    """The attachments the galleries of ``specs`` may show: by id, and by parent post."""
    ids = {wp_id for spec in specs for wp_id in spec.ids}
    parents = {spec.parent for spec in specs if not spec.ids}
    rows = WordPressAttachment.objects.filter(image__isnull=False).only(
        "wp_id", "parent_wp_id", "image_id", "menu_order", "title", "published_at"
    )
    rows_by_id = {row.wp_id: row for row in rows.filter(wp_id__in=ids)} if ids else {}
    rows_by_parent = {}
    if parents:
        for row in rows.filter(parent_wp_id__in=parents).order_by("menu_order", "wp_id"):
            rows_by_parent.setdefault(row.parent_wp_id, []).append(row)
    return rows_by_id, rows_by_parent


def sync_gallery(gallery, post, image_ids):
    """Make ``gallery`` show ``image_ids`` and follow ``post``; whether anything changed."""
    changed = False
    current = list(gallery.items.order_by("sort_order", "pk").values_list("image_id", "video_id"))
    if current != [(image_id, None) for image_id in image_ids]:
        gallery.items.all().delete()
        for position, image_id in enumerate(image_ids, start=1):
            GalleryItem.objects.create(gallery=gallery, image_id=image_id, sort_order=10 * position)
        changed = True
    publication = publication_of(post) if image_ids else DRAFT
    if (gallery.status, gallery.published_at) != (
        publication["status"],
        publication["published_at"],
    ):
        gallery.status, gallery.published_at = publication["status"], publication["published_at"]
        gallery.save()
        changed = True
    categories = {category.pk for category in post.categories.all()}
    if set(gallery.categories.values_list("pk", flat=True)) != categories:
        gallery.categories.set(categories)
        changed = True
    return changed
