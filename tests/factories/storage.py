"""A storage that fails the way a full disk does, for the tests of every upload path."""

import errno
import os

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import FileSystemStorage


class PartialWriteStorage(FileSystemStorage):
    """Writes the first ``allowed`` files whole; the next one is cut off after its first
    chunk with "no space left on device", leaving that part on disk as a real disk would."""

    allowed = 0
    writes = 0

    def _save(self, name, content):
        PartialWriteStorage.writes += 1
        if PartialWriteStorage.writes <= PartialWriteStorage.allowed:
            return super()._save(name, content)
        path = self.path(name)
        self._ensure_directory(path)
        with open(path, "wb") as partial:
            for chunk in content.chunks():
                partial.write(chunk)
                partial.flush()
                raise OSError(errno.ENOSPC, "No space left on device")
        raise AssertionError("the upload had no chunk to write")

    @staticmethod
    def _ensure_directory(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)


@pytest.fixture
def failing_storage(settings):
    """Every file goes through PartialWriteStorage; set ``.allowed`` for writes that work."""
    PartialWriteStorage.allowed = 0
    PartialWriteStorage.writes = 0
    settings.STORAGES = {
        **django_settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.PartialWriteStorage"},
    }
    return PartialWriteStorage
