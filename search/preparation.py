"""What a chunk of objects asks of the index, prepared in worker processes for a rebuild.

Reading objects, building their documents, fingerprinting them and
normalising their words is most of a rebuild's work and writes nothing, so
a rebuild hands chunks of object ids to a process pool (``Preparer``) and
only writes the results. The workers start fresh (``spawn``) and set Django
up for themselves: a forked child would share the parent's database
connections. Small jobs (a save, a few objects) run the same code in-process.
"""

import multiprocessing
import os
from collections import Counter, deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import django

from .analysis import analyse
from .backends import get_backend
from .documents import SOURCES

MISSING = "missing"
STALE = "stale"
UNCHANGED = "unchanged"
# Chunks handed to the pool ahead of the one being written.
CHUNKS_AHEAD = 3


@dataclass
class PreparedChunk:
    """A chunk's objects: the state of each one's entry, the documents to write with their
    ``analysis.Analysed`` (in the same order), and how many of those hold each word."""

    states: dict = field(default_factory=dict)
    documents: list = field(default_factory=list)
    analysed: list = field(default_factory=list)
    words: Counter = field(default_factory=Counter)


def prepare(label, pks, known, *, full, render):
    """Prepare the objects ``pks`` of source ``label``.

    ``known`` maps object ids to their entry's (fingerprint, words
    fingerprint). Current entries are left out unless ``full``; without
    ``render`` (a check) nothing is analysed.
    """
    source, chunk = SOURCES[label], PreparedChunk()
    objects = source.queryset().filter(pk__in=pks).order_by("pk")
    for document in source.documents(list(objects)):
        fingerprint, words = known.get(document.object_id, (None, ""))
        if fingerprint is None:
            state = MISSING
        elif fingerprint != document.fingerprint or not words:
            state = STALE
        else:
            state = UNCHANGED
        chunk.states[document.object_id] = state
        if state != UNCHANGED or full:
            chunk.documents.append(document)
    if render and chunk.documents:
        texts = [(document.title, document.searchable_body) for document in chunk.documents]
        chunk.analysed, chunk.words = analyse(texts, render)
    return chunk


class Preparer:
    """Runs ``prepare`` over chunks, in a process pool when ``parallel``."""

    def __init__(self, *, parallel):
        self.pool = None
        if parallel:
            self.pool = ProcessPoolExecutor(
                max_workers=os.cpu_count(),
                mp_context=multiprocessing.get_context("spawn"),
                initializer=django.setup,
            )

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        if self.pool:
            self.pool.shutdown(cancel_futures=True)

    def run(self, label, chunks, *, full, analyse_words):
        """A ``PreparedChunk`` for each (pks, known) of ``chunks``, in order."""
        render = get_backend().render if analyse_words else None
        if self.pool is None:
            for pks, known in chunks:
                yield prepare(label, pks, known, full=full, render=render)
            return
        in_flight = deque()
        for pks, known in chunks:
            in_flight.append(self.pool.submit(prepare, label, pks, known, full=full, render=render))
            if len(in_flight) > CHUNKS_AHEAD:
                yield in_flight.popleft().result()
        while in_flight:
            yield in_flight.popleft().result()
