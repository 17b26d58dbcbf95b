import os
import tempfile
from pathlib import Path

from .base import *

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploads made by tests go to a throwaway folder, never into the working tree.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="conecto-test-media-"))
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
SERVE_MEDIA = True
# A test database in a file, not in memory, so that a second process (a `manage.py` command run by a
# test against the live server) can open the same database. Nothing in it needs to survive a crash,
# so SQLite need not wait for the disk.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.mkdtemp(prefix="conecto-test-db-")) / "test.sqlite3")
    }
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA synchronous=OFF; PRAGMA journal_mode=WAL;"
# Each test process has a cache of its own, even with REDIS_URL set: tests empty the cache between
# them (tests/conftest.py), and the parallel workers of `make test` must not empty each other's.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    }
}
# Query-count and page tests measure pages being built; the page cache's own tests turn it on.
PAGE_CACHE_SECONDS = 0

# The suite on another day (README, Tests): TEST_CLOCK_SHIFT_DAYS=365 moves "now" a year ahead, and the
# clock keeps ticking from there. Set here, not in a pytest hook, so that the `manage.py` processes a
# test starts with these settings (and the environment it inherits) live on the same day as the test.
if os.environ.get("TEST_CLOCK_SHIFT_DAYS"):
    import datetime as _dt

    import time_machine

    CLOCK_SHIFT_DAYS = int(os.environ["TEST_CLOCK_SHIFT_DAYS"])
    time_machine.travel(_dt.datetime.now(_dt.UTC) + _dt.timedelta(days=CLOCK_SHIFT_DAYS), tick=True).start()
