"""Storage bookkeeping: files live exactly as long as the rows that point to them.

Everything goes through Django's storage API (``field.storage``), never a
filesystem path, so S3-compatible storage works unchanged. Files of deleted
or replaced rows are deleted only once the transaction commits (a rollback
keeps them, with their rows). Files written inside ``delete_written_on_error``
are deleted again if the block fails, so a failed upload leaves nothing behind.
"""

import contextlib
import logging
from contextvars import ContextVar

from django.db import connection, transaction

logger = logging.getLogger(__name__)

_written = ContextVar("media_files_written", default=None)


def save(storage, name, content):
    """Store ``content`` under ``name`` (or a free variant of it) and return the stored name."""
    stored = storage.save(name, content)
    written = _written.get()
    if written is not None:
        written.append((storage, stored))
    return stored


@contextlib.contextmanager
def delete_written_on_error():
    """Delete the files ``save()`` wrote in this block if the block raises.

    Blocks nest: files written in an inner block that succeeded still belong
    to the outer one, whose transaction may yet fail.
    """
    written = []
    token = _written.set(written)
    try:
        yield
    except BaseException:
        for storage, name in written:
            delete_now(storage, name)
        raise
    finally:
        _written.reset(token)
        outer = _written.get()
        if outer is not None:
            outer.extend(written)


def delete_on_commit(storage, name):
    """Delete ``name`` once the current transaction commits (at once outside one)."""
    if name:
        transaction.on_commit(lambda: delete_now(storage, name), robust=True)


def delete_now(storage, name):
    try:
        storage.delete(name)
    except OSError:
        logger.exception("Could not delete media file %s", name)


def lock_checksum(checksum):
    """Make concurrent uploads of the same file wait for each other until commit.

    Two submits of one form check for duplicates at the same time; without
    this, both would pass and the second would fail on the unique checksum.
    PostgreSQL: an advisory lock for this transaction. SQLite needs none: the
    site opens write transactions IMMEDIATE, so writers already queue.
    """
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(checksum[:15], 16)])
