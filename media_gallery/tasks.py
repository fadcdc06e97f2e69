"""Background work: renditions are made after an image is saved, not while a visitor waits.

Django's task framework runs them: in production the database backend
queues them for ``manage.py db_worker`` (``freeiran.tasks``: retried when
they fail, kept across worker restarts), so an upload only writes a row;
when debugging and in the tests the immediate backend makes them right after
the transaction commits, in the same process. Until they are made, pages
show the nearest file there is, the original at worst (``image_files``).
Whatever is missed is made by ``manage.py regenerate_renditions``.

Bulk work (the WordPress import) adds images by the thousand; making each
one's renditions right after it is stored would multiply its time by about
15 (measured in bench/import_media.txt). Inside ``renditions_deferred()``
saves queue nothing, and the bulk work hands its images over at the end.
"""

import contextlib
from contextvars import ContextVar

from django.db import transaction
from django.tasks import task
from django.tasks.backends.immediate import ImmediateBackend

from . import renditions
from .models import Image

_deferred = ContextVar("renditions_deferred", default=False)


@task
def make_renditions(image_id):
    """Bring the renditions of image ``image_id`` in step with its file (if it still exists)."""
    image = Image.objects.filter(pk=image_id).first()
    if image is None:
        return None
    result = renditions.sync(image)
    return {"created": result.created, "replaced": result.replaced, "removed": result.removed}


def queue_renditions(image_id):
    make_renditions.enqueue(image_id)


def queue_renditions_after_commit(image_id):
    """Queue the image's renditions once the current transaction commits, unless this
    runs inside ``renditions_deferred()`` (decided now, not when the commit comes)."""
    if not _deferred.get():
        transaction.on_commit(lambda: queue_renditions(image_id), robust=True)


@contextlib.contextmanager
def renditions_deferred():
    """Images saved in this block do not queue their renditions: the caller takes care
    of them afterwards (``queue_all``, or ``regenerate_renditions --missing-only``)."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def runs_in_process():
    """Whether queued renditions are made right here (the immediate backend), not by a worker."""
    return isinstance(make_renditions.get_backend(), ImmediateBackend)


def queue_all(image_ids):
    """Queue the renditions of ``image_ids`` now (for a worker to make), in one transaction:
    one commit for all the rows instead of one each."""
    with transaction.atomic():
        for image_id in sorted(image_ids):
            queue_renditions(image_id)
