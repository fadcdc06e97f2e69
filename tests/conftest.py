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
