"""Revisions of posts and pages, kept by django-reversion.

Every save in the admin, every status action, every restore and every
WordPress import keeps one, with who and why. Only the last
``REVISIONS_KEEP`` of each item are kept (``manage.py prune_revisions``).
"""

import json
from collections import defaultdict
from dataclasses import dataclass

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from reversion.models import Revision, Version
from taggit.models import TaggedItem

from posts.models import Page, Post

from .revision_tags import RevisionTags

# What a revision shows and restores, in the order the history lists changes.
RESTORED_FIELDS = {
    "title": _("title"),
    "body": _("text"),
    "excerpt": _("excerpt"),
    "status": _("status"),
    "published_at": _("date"),
    "categories": _("categories"),
    "tags": _("tags"),
    "featured_image_id": _("featured image"),
    "gallery_id": _("gallery"),
}


# The fields each version keeps: django-reversion's default, named so that
# ``keep_many`` writes versions exactly as it does.
VERSIONED_FIELDS = tuple(
    field.name for field in (*Post._meta.local_fields, *Post._meta.local_many_to_many)
)


def register():
    """Posts and pages (a proxy of posts) share their revisions."""
    for model in (Post, Page):
        if not reversion.is_registered(model):
            reversion.register(model, fields=VERSIONED_FIELDS)


def add_tags(post):
    """Within a revision block: the post's tags as they are now."""
    reversion.add_meta(RevisionTags, post_id=post.pk, names=sorted(post.tags.names()))


def keep(posts, user, comment):
    """One revision of ``posts`` as they are now, for changes made outside the admin's
    form (status actions, imports, restores)."""
    with reversion.create_revision():
        for post in posts:
            reversion.add_to_revision(post)
            add_tags(post)
        reversion.set_user(user)
        reversion.set_comment(str(comment))


def keep_many(pks, comment):
    """One revision of the posts ``pks``, written by a command (an import) in a few
    bulk queries. The versions hold what django-reversion's one-at-a-time
    ``keep`` would (Django's JSON serialisation of ``VERSIONED_FIELDS``), built
    from one query per table instead of several per post."""
    pks = sorted(pks)
    if not pks:
        return
    revision = Revision.objects.create(date_created=timezone.now(), comment=str(comment))
    content_type = ContentType.objects.get_for_model(Post)
    categories = related_ids(Post.categories.through, "post_id", "category_id", pks)
    tags = related_ids(
        TaggedItem.objects.filter(content_type=content_type), "object_id", "tag__name", pks
    )
    Version.objects.bulk_create(
        Version(
            revision=revision,
            content_type=content_type,
            object_id=str(fields["pk"]),
            db=DEFAULT_DB_ALIAS,
            format="json",
            serialized_data=serialized(fields, categories[fields["pk"]]),
            object_repr=fields["title"] or str(_("(no title)")),
        )
        for fields in Post.objects.filter(pk__in=pks).values("pk", *STORED_COLUMNS)
    )
    RevisionTags.objects.bulk_create(
        RevisionTags(revision=revision, post_id=pk, names=sorted(tags[pk])) for pk in pks
    )


# Post's own columns, as ``.values()`` names them, and the field name each is serialised under.
STORED_COLUMNS = {
    field.attname: field.name for field in Post._meta.local_fields if not field.primary_key
}


def related_ids(rows, owner, value, pks):
    """``{pk: [value, …]}`` of ``rows`` (a model or queryset) whose ``owner`` is in ``pks``."""
    queryset = rows.objects.all() if isinstance(rows, type) else rows
    found = defaultdict(list)
    for pk, related in queryset.filter(**{f"{owner}__in": pks}).values_list(owner, value):
        found[int(pk)].append(related)
    return found


def serialized(values, category_ids):
    """A post as ``django.core.serializers.serialize("json", …)`` writes it."""
    fields = {name: values[column] for column, name in STORED_COLUMNS.items()}
    fields["categories"] = sorted(category_ids)
    record = {"model": Post._meta.label_lower, "pk": values["pk"], "fields": fields}
    return json.dumps([record], cls=DjangoJSONEncoder)


@dataclass
class Snapshot:
    """A revision of one post, as the history shows it."""

    version: Version
    fields: dict

    @classmethod
    def of(cls, version):
        fields = dict(version.field_dict)
        fields["categories"] = sorted(int(pk) for pk in fields.get("categories", []))
        tags = RevisionTags.objects.filter(
            revision_id=version.revision_id, post_id=version.object_id
        )
        fields["tags"] = next(iter(tags.values_list("names", flat=True)), [])
        return cls(version, fields)

    def changed_from(self, older):
        """Names of what differs from ``older`` (everything for the first revision)."""
        if older is None:
            return [str(_("created"))]
        return [
            str(label)
            for name, label in RESTORED_FIELDS.items()
            if self.fields.get(name) != older.fields.get(name)
        ]


def snapshots(post):
    """The post's revisions, newest first."""
    versions = Version.objects.get_for_object(post).select_related("revision__user__author_profile")
    return [Snapshot.of(version) for version in versions]


def crowded(keep_last):
    """Ids of the posts and pages with more than ``keep_last`` revisions."""
    versions = Version.objects.get_for_model(Post)
    counts = versions.values("object_id").annotate(count=Count("pk"))
    return list(counts.filter(count__gt=keep_last).values_list("object_id", flat=True))


def prune(object_id, keep_last, *, dry_run=False):
    """Delete all but the last ``keep_last`` revisions of one post or page (and
    revisions left with nothing in them); returns how many of its revisions go."""
    versions = Version.objects.get_for_model(Post).filter(object_id=object_id)
    older = list(versions.order_by("-pk").values_list("pk", "revision_id")[keep_last:])
    if dry_run or not older:
        return len(older)
    revision_ids = [revision_id for _pk, revision_id in older]
    Version.objects.filter(pk__in=[pk for pk, _revision_id in older]).delete()
    RevisionTags.objects.filter(revision_id__in=revision_ids, post_id=object_id).delete()
    Revision.objects.filter(pk__in=revision_ids, version__isnull=True).delete()
    return len(older)


def as_of(post, moment):
    """The revision of ``post`` that was current at ``moment`` (its newest one saved no later),
    or None. Each version keeps the post's ``updated_at``, to the millisecond."""
    for version in Version.objects.get_for_object(post).iterator(chunk_size=10):
        saved = version.field_dict.get("updated_at")
        if saved is not None and saved <= moment:
            return version
    return None
