"""Data built once for a module of tests that only read it (Django's ``setUpTestData``)."""

from contextlib import contextmanager

import pytest
from django.db import transaction
from django.test.utils import override_settings


class SharedData:
    """What a module-scoped fixture built once (``value``), and the MEDIA_ROOT of its files."""

    def __init__(self, value, media_root):
        self.value = value
        self.media_root = media_root


@contextmanager
def built_once(django_db_blocker, media_root, build):
    """``build()`` run once, for a module-scoped fixture of tests that only read what it makes.

    The data is built inside a transaction that stays open while the module's
    tests run and is rolled back after the last one. Each test's own transaction
    is a savepoint inside it, so what a test changes is undone as usual, and
    nothing is left for the tests of other modules. Files the build stores go to
    ``media_root``, which the tests use instead of their own (``use_shared``).
    Give the fixture to every test of the module (``pytestmark``): a test that
    does not ask for it would still see the data while it lives.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer._from_testcase = True  # as TestCase's own: durable blocks inside stay allowed
        outer.__enter__()
    try:
        with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root):
            value = build()
        yield SharedData(value, media_root)
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def use_shared(shared, request, settings):
    """Let the current test use what a module fixture made with ``built_once`` (its
    MEDIA_ROOT included); returns the value ``build()`` returned."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker and marker.kwargs.get("transaction")) or {
        "transactional_db",
        "live_server",
    } & set(request.fixturenames)
    if transactional:
        pytest.fail("Shared data lives in a transaction that a transactional test would flush.")
    request.getfixturevalue("db")
    settings.MEDIA_ROOT = shared.media_root
    return shared.value
