import pytest
from django.core.files.storage import default_storage


def stored_files():
    """Every file in media storage, listed through the storage API."""

    def walk(folder):
        try:
            folders, files = default_storage.listdir(folder)
        except FileNotFoundError:
            return []
        found = [f"{folder}/{name}".lstrip("/") for name in files]
        for name in folders:
            found += walk(f"{folder}/{name}".lstrip("/"))
        return found

    return sorted(walk(""))


def read(name):
    with default_storage.open(name, "rb") as file:
        return file.read()


@pytest.fixture
def storage_files():
    return stored_files
