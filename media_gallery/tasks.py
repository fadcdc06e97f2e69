"""Background work: renditions are made after an image is saved, not while a visitor waits.

Django's task framework runs them; with its default immediate backend that
is right after the transaction commits, in the same process. A site that
configures a queue backend in ``TASKS`` gets them off the request with no
change here. Whatever is missed is made by ``manage.py regenerate_renditions``.

Bulk work (the WordPress import) adds images by the thousand; making each
one's renditions right after it is stored would multiply its time by about
25 (measured in bench/import_media.txt). It collects them with
``renditions_deferred()`` and hands them over at the end instead.
"""

import contextlib
from contextvars import ContextVar

from django.tasks import task
from django.tasks.backends.immediate import ImmediateBackend

from . import renditions

_deferred = ContextVar("renditions_deferred", default=None)


@task
def make_renditions(image_id):
    """Bring the renditions of image ``image_id`` in step with its file (if it still exists)."""
    from .models import Image

    image = Image.objects.filter(pk=image_id).first()
    if image is None:
        return None
    result = renditions.sync(image)
    return {"created": result.created, "replaced": result.replaced, "removed": result.removed}


def queue_renditions(image_id):
    deferred = _deferred.get()
    if deferred is not None:
        deferred.add(image_id)
    else:
        make_renditions.enqueue(image_id)


@contextlib.contextmanager
def renditions_deferred():
    """Collect the ids of images whose renditions are due, instead of queueing each one.

    Yields the set of ids; the caller decides what to do with them once the
    block ends (``queue_deferred``, or leave them to ``regenerate_renditions
    --missing-only``).
    """
    due = set()
    token = _deferred.set(due)
    try:
        yield due
    finally:
        _deferred.reset(token)


def runs_in_process():
    """Whether queued renditions are made right here (the immediate backend), not by a worker."""
    return isinstance(make_renditions.get_backend(), ImmediateBackend)


def queue_deferred(image_ids):
    """Queue the renditions of ``image_ids`` for a worker; returns how many were queued."""
    for image_id in sorted(image_ids):
        make_renditions.enqueue(image_id)
    return len(image_ids)
