"""Keeping the index in step with content: single objects after commit, everything on rebuild."""

import itertools
import threading
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef

from .backends import IndexedText, get_backend
from .documents import SOURCES, source_for
from .models import SearchEntry

REBUILD_CHUNK = 500

_pending = threading.local()


def schedule(obj):
    """Reindex ``obj`` (or remove it, if gone) once the current transaction commits.

    A save, its many-to-many changes and its tags arrive as several signals;
    they are collected, and the first commit callback writes them all (the
    others find nothing left). After a rollback the objects stay pending and
    are reindexed, from what the database then holds, at the next commit.
    """
    source = source_for(obj)
    if source is not None:
        add_pending(source, [obj.pk])


def schedule_many(model, pks):
    source = SOURCES.get(model._meta.concrete_model._meta.label_lower)
    if source is not None:
        add_pending(source, pks)


def add_pending(source, pks):
    if not hasattr(_pending, "objects"):
        _pending.objects = set()
    _pending.objects.update((source.label, pk) for pk in pks)
    transaction.on_commit(flush)


def flush():
    pending, _pending.objects = getattr(_pending, "objects", set()), set()
    by_source = {}
    for label, pk in pending:
        by_source.setdefault(label, set()).add(pk)
    for label, pks in by_source.items():
        reindex(SOURCES[label], pks)


def reindex(source, pks):
    """Write the entries of these objects; remove the entries of those that no longer exist."""
    objects = list(source.queryset().filter(pk__in=pks))
    write_documents([source.document(obj) for obj in objects])
    gone = set(pks) - {obj.pk for obj in objects}
    if gone:
        remove(source.label, gone)


def remove(label, pks):
    entries = SearchEntry.objects.filter(source=label, object_id__in=pks)
    ids = list(entries.values_list("pk", flat=True))
    get_backend().delete(ids)
    entries.delete()


@transaction.atomic
def write_documents(documents, bulk=False):
    """Upsert the entries of ``documents`` and store their words."""
    if not documents:
        return
    entries = [
        SearchEntry(
            source=doc.source,
            object_id=doc.object_id,
            kind=doc.kind,
            title=doc.title,
            body=doc.body,
            language=doc.language,
            is_listed=doc.is_listed,
            published_at=doc.published_at,
            url=doc.url,
            thumbnail_url=doc.thumbnail_url,
            fingerprint=doc.fingerprint(),
        )
        for doc in documents
    ]
    SearchEntry.objects.bulk_create(
        entries,
        update_conflicts=True,
        unique_fields=["source", "object_id"],
        update_fields=[
            "kind",
            "title",
            "body",
            "language",
            "is_listed",
            "published_at",
            "url",
            "thumbnail_url",
            "fingerprint",
        ],
    )
    ids = {
        (source, object_id): pk
        for source, object_id, pk in SearchEntry.objects.filter(
            source__in={doc.source for doc in documents},
            object_id__in=[doc.object_id for doc in documents],
        ).values_list("source", "object_id", "pk")
    }
    entry_id = {id(doc): ids[doc.source, doc.object_id] for doc in documents}
    through = SearchEntry.categories.through
    through.objects.filter(searchentry_id__in=entry_id.values()).delete()
    through.objects.bulk_create(
        [
            through(searchentry_id=entry_id[id(doc)], category_id=category_id)
            for doc in documents
            for category_id in set(doc.category_ids)
        ]
    )
    get_backend().write([(entry_id[id(doc)], IndexedText.of(doc)) for doc in documents], bulk=bulk)


@dataclass
class RebuildReport:
    written: dict = field(default_factory=dict)
    unchanged: dict = field(default_factory=dict)
    removed: dict = field(default_factory=dict)
    missing: dict = field(default_factory=dict)
    stale: dict = field(default_factory=dict)
    orphaned: dict = field(default_factory=dict)

    @property
    def drift(self):
        return sum(self.missing.values()) + sum(self.stale.values()) + sum(self.orphaned.values())


def count_objects():
    return sum(source.queryset().count() for source in SOURCES.values())


def rebuild(check=False, full=False, progress=None):
    """Bring every entry up to date, or with ``check`` only report how far off they are.

    Entries whose fingerprint matches their object are skipped unless
    ``full``, so an interrupted rebuild resumes where it stopped and a
    second run writes nothing.
    """
    report = RebuildReport()
    backend = get_backend()
    with backend.bulk_writing():
        for source in SOURCES.values():
            batch = []
            objects = source.queryset().order_by("pk").iterator(chunk_size=REBUILD_CHUNK)
            for chunk in itertools.batched(objects, REBUILD_CHUNK):
                # Fingerprints a chunk at a time: memory stays flat whatever the site's size.
                known = dict(
                    SearchEntry.objects.filter(
                        source=source.label, object_id__in=[obj.pk for obj in chunk]
                    ).values_list("object_id", "fingerprint")
                )
                for obj in chunk:
                    document = source.document(obj)
                    fingerprint = known.get(obj.pk)
                    if fingerprint is None:
                        bump(report.missing, source.label)
                    elif fingerprint != document.fingerprint():
                        bump(report.stale, source.label)
                    elif not full:
                        bump(report.unchanged, source.label)
                        if progress:
                            progress()
                        continue
                    if not check:
                        batch.append(document)
                        if len(batch) >= REBUILD_CHUNK:
                            write_documents(batch, bulk=True)
                            bump(report.written, source.label, len(batch))
                            batch = []
                    if progress:
                        progress()
            if batch:
                write_documents(batch, bulk=True)
                bump(report.written, source.label, len(batch))
            # NOT EXISTS plans as an anti-join, where NOT IN needs its list in memory.
            exists = Exists(source.queryset().filter(pk=OuterRef("object_id")))
            orphans = set(
                SearchEntry.objects.filter(~exists, source=source.label).values_list(
                    "object_id", flat=True
                )
            )
            if orphans:
                bump(report.orphaned, source.label, len(orphans))
                if not check:
                    remove(source.label, orphans)
                    bump(report.removed, source.label, len(orphans))
    if not check and (report.written or report.removed):
        backend.refresh_vocabulary()
    return report


def bump(counter, key, amount=1):
    counter[key] = counter.get(key, 0) + amount
