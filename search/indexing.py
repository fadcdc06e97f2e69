"""Keeping the index in step with content: single objects after commit, everything on rebuild.

A save only queues its refresh (``refresh``, a task): the task worker writes
the entries, off the request, when the site runs one (``freeiran.tasks``).
"""

import itertools
import threading
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.tasks import task

import pagecache

from . import vocabulary
from .backends import Written, get_backend
from .documents import SOURCES, source_for
from .models import SearchEntry
from .preparation import UNCHANGED, Preparer, prepare

REBUILD_CHUNK = 500
# From this many objects on, a rebuild prepares them in a process pool. Below
# it the workers' start-up and the pickling cost more than they save: a full
# rebuild of 9,490 posts took 19.6 s with the pool and 11.6 s without it on
# 2 shared CPUs (load average 3 to 4).
POOL_THRESHOLD = 20_000

_pending = threading.local()


def schedule(obj):
    """Reindex ``obj`` (or remove it, if gone) once the current transaction commits.

    A save, its many-to-many changes and its tags arrive as several signals;
    they are collected, and the first commit callback queues them all, one
    task per source (the others find nothing left). After a rollback the
    objects stay pending and are reindexed, from what the database then
    holds, at the next commit.
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
        _pending.objects, _pending.if_indexed = set(), set()
    deferred = getattr(_pending, "new_deferred", False)
    target = _pending.if_indexed if deferred else _pending.objects
    target.update((source.label, pk) for pk in pks)
    transaction.on_commit(flush)


def hold():
    """While a task runs here, what it changes is queued once, when it ends (``release``):
    making an image's renditions saves each one, and would queue a refresh for each."""
    _pending.held = getattr(_pending, "held", 0) + 1


def release():
    _pending.held = max(getattr(_pending, "held", 0) - 1, 0)
    flush()


def flush():
    if getattr(_pending, "held", 0):
        return
    pending, _pending.objects = getattr(_pending, "objects", set()), set()
    if_indexed, _pending.if_indexed = getattr(_pending, "if_indexed", set()), set()
    by_source = by_label(pending)
    for label, pks in by_label(if_indexed - pending).items():
        indexed = SearchEntry.objects.filter(source=label, object_id__in=pks)
        by_source.setdefault(label, set()).update(indexed.values_list("object_id", flat=True))
    for label, pks in by_source.items():
        if pks:
            refresh.enqueue(label, sorted(pks))


def by_label(objects):
    grouped = {}
    for label, pk in objects:
        grouped.setdefault(label, set()).add(pk)
    return grouped


@contextmanager
def new_objects_deferred():
    """Changes scheduled inside reindex only the objects the index already holds.

    For bulk writers (the WordPress import): entries that exist still follow
    each commit, so a post made private stops being found at once, but new
    objects, which no visitor could find yet, are left for a ``rebuild``
    that follows, which indexes them together (on a fresh site, building
    the index structures once instead of batch by batch). The caller must
    run ``rebuild`` afterwards, even when it stops early.
    """
    _pending.new_deferred = True
    try:
        yield
    finally:
        _pending.new_deferred = False


@task
def refresh(label, object_ids):
    """Bring the entries of these objects in step with what the database holds now.

    Safe to run late, twice or after the objects are gone (their entries are
    removed). Result pages cached in between are made stale again, now that
    the index says what they should.
    """
    source = SOURCES.get(label)
    if source is None:  # queued by a version of the site that indexed a type since dropped
        return
    reindex(source, object_ids)
    pagecache.bump("search")


def reindex(source, pks):
    """Write the entries of these objects; remove the entries of those that no longer exist."""
    chunk = prepare(source.label, pks, {}, full=True, render=get_backend().render)
    write_documents(chunk)
    gone = set(pks) - set(chunk.states)
    if gone:
        remove(source.label, gone)


def remove(label, pks):
    entries = SearchEntry.objects.filter(source=label, object_id__in=pks)
    ids = list(entries.values_list("pk", flat=True))
    get_backend().delete(ids)
    entries.delete()


@transaction.atomic
def write_documents(chunk, *, known_words=None):
    """Upsert the entries of a ``preparation.PreparedChunk``'s documents, with their words.

    New words join the vocabulary; a rebuild passes the set of words it knows
    to be there (``known_words``), which saves looking them up.
    """
    documents, analysed = chunk.documents, chunk.analysed
    if not documents:
        return
    previous = {
        (source, object_id): (words, published_at)
        for source, object_id, words, published_at in SearchEntry.objects.filter(
            source__in={doc.source for doc in documents},
            object_id__in=[doc.object_id for doc in documents],
        ).values_list("source", "object_id", "words_fingerprint", "published_at")
    }
    entries = [
        SearchEntry(
            source=doc.source,
            object_id=doc.object_id,
            kind=doc.kind,
            title=doc.title,
            language=doc.language,
            is_listed=doc.is_listed,
            published_at=doc.published_at,
            url=doc.url,
            thumbnail_url=doc.thumbnail_url,
            fingerprint=doc.fingerprint,
            words_fingerprint=text.fingerprint,
        )
        for doc, text in zip(documents, analysed, strict=True)
    ]
    backend = get_backend()
    words_written = backend.save_entries(entries, analysed)
    # Both databases return the rows' ids, updated ones included.
    entry_ids = [entry.pk for entry in entries]
    through = SearchEntry.categories.through
    through.objects.filter(searchentry_id__in=entry_ids).delete()
    through.objects.bulk_create(
        [
            through(searchentry_id=entry_id, category_id=category_id)
            for entry_id, doc in zip(entry_ids, documents, strict=True)
            for category_id in set(doc.category_ids)
        ]
    )
    written = []
    for entry_id, doc, text in zip(entry_ids, documents, analysed, strict=True):
        words, published_at = previous.get((doc.source, doc.object_id), ("", None))
        written.append(
            Written(
                entry_id=entry_id,
                published_at=doc.published_at,
                analysed=text,
                words_changed=words != text.fingerprint,
                date_changed=published_at != doc.published_at,
            )
        )
    if not words_written:
        backend.write(written)
    vocabulary.record(chunk.words, known=known_words)


@dataclass
class RebuildReport:
    written: dict = field(default_factory=dict)
    unchanged: dict = field(default_factory=dict)
    removed: dict = field(default_factory=dict)
    missing: dict = field(default_factory=dict)
    stale: dict = field(default_factory=dict)
    orphaned: dict = field(default_factory=dict)
    stale_rows: int = 0

    @property
    def drift(self):
        return sum(self.missing.values()) + sum(self.stale.values()) + sum(self.orphaned.values())


def count_objects():
    return sum(source.queryset().count() for source in SOURCES.values())


def rebuild(check=False, full=False, progress=None):
    """Bring every entry up to date, or with ``check`` only report how far off they are.

    Entries whose fingerprint matches their object are skipped unless
    ``full``, so an interrupted rebuild resumes where it stopped and a
    second run writes nothing. A full rebuild (always, when the index is
    empty) first drops what the backend builds faster in one go at the end
    (a GIN index, FTS5's table) and counts the vocabulary exactly. Large
    rebuilds prepare their documents in a process pool (see
    search.preparation) while this process writes.
    """
    report = RebuildReport()
    backend = get_backend()
    if not check and not full and not SearchEntry.objects.exists():
        full = True  # nothing to keep: an empty index is built in one go
    if full and not check:
        backend.start_full_rebuild()
    known_words = vocabulary.known()
    counts = Counter()
    with Preparer(parallel=count_objects() >= POOL_THRESHOLD) as preparer:
        for source in SOURCES.values():
            chunks = preparer.run(
                source.label, known_chunks(source), full=full and not check, analyse_words=not check
            )
            for chunk in chunks:
                for state in chunk.states.values():
                    if not (full and state == UNCHANGED):  # a full rebuild writes those too
                        bump(getattr(report, state), source.label)
                if progress:
                    progress(len(chunk.states))
                if check or not chunk.documents:
                    continue
                write_documents(chunk, known_words=known_words)
                bump(report.written, source.label, len(chunk.documents))
                if full:
                    counts.update(chunk.words)
            remove_orphans(source, report, check=check)
    if not check:
        if full:
            vocabulary.recount(counts)
        if full or report.written or report.removed:
            backend.finish_rebuild()
    report.stale_rows = backend.stale_rows()
    return report


def known_chunks(source):
    """(object ids, {object id: (fingerprint, words fingerprint)}) a chunk at a time, so
    memory stays flat whatever the site's size."""
    pks = source.queryset().order_by("pk").values_list("pk", flat=True)
    for chunk in itertools.batched(pks.iterator(chunk_size=REBUILD_CHUNK), REBUILD_CHUNK):
        entries = SearchEntry.objects.filter(source=source.label, object_id__in=chunk)
        known = {
            object_id: (fingerprint, words)
            for object_id, fingerprint, words in entries.values_list(
                "object_id", "fingerprint", "words_fingerprint"
            )
        }
        yield chunk, known


def remove_orphans(source, report, *, check):
    # NOT EXISTS plans as an anti-join, where NOT IN needs its list in memory.
    exists = Exists(source.queryset().filter(pk=OuterRef("object_id")))
    orphans = set(
        SearchEntry.objects.filter(~exists, source=source.label).values_list("object_id", flat=True)
    )
    if orphans:
        bump(report.orphaned, source.label, len(orphans))
        if not check:
            remove(source.label, orphans)
            bump(report.removed, source.label, len(orphans))


def bump(counter, key, amount=1):
    counter[key] = counter.get(key, 0) + amount
