import pytest
from django.core.cache import cache
from django.test.utils import override_settings


@pytest.fixture(scope="session", autouse=True)
def test_settings():
    """Static files unhashed (the manifest exists only after collectstatic), a fast
    password hasher (the real one is slow on purpose), and no page cache: tests
    change data inside transactions that never commit, so tags are never
    bumped; tests/pagecache/test_pagecache.py turns it on and commits."""
    from django.conf import settings

    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(
        STORAGES=storages,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        PAGE_CACHE=False,
    ):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (widgets, content version)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a fresh temporary MEDIA_ROOT, never to var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Put the xdist_group of each marked test in its id, as --dist loadgroup expects.

    pytest-xdist 3.8 does it by rewriting ``item._nodeid``, which pytest 9.2's
    structured ids ignore: the groups would silently be spread over the workers
    (https://github.com/pytest-dev/pytest-xdist/issues/1386). Does nothing once
    pytest-xdist has added the group itself.
    """
    if not getattr(config.option, "loadgroup", False):
        return
    ungrouped = []
    for item in items:
        names = {
            str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
            for mark in item.iter_markers("xdist_group")
        }
        # pytest-xdist's own test for a group suffix (a parameter may hold an "@").
        if names and item.nodeid.rfind("@") <= item.nodeid.rfind("]"):
            ungrouped.append((item, "_".join(sorted(names))))
    if ungrouped:
        from _pytest.nodeid import NodeId

        for item, group in ungrouped:
            item._id = NodeId.parse(f"{item.nodeid}@{group}")
