"""Test settings: the real settings, with a throw-away data folder and faster password hashing.

DATABASE_URL picks PostgreSQL exactly as in production; without it tests run on SQLite files.
"""

import os
import tempfile

os.environ.setdefault("CLOSEKNIT_DATA_DIR", tempfile.mkdtemp(prefix="closeknit-test-"))
os.environ.setdefault("PLAIN_STATIC", "1")
os.environ.setdefault("HUEY_IMMEDIATE", "1")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from closeknit.settings import *  # noqa: E402,F403
from closeknit.settings import DATA_DIR, DATABASES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# One cache per test process; tests clear it so rate limits never leak between tests.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not :memory:, so live-server threads and the test share one database, as in production.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
    # The test database keeps a rollback journal, not WAL. Late in long parallel runs a worker's -shm file
    # vanished while its connections were open (seen in `make test-dates` on an idle box: "disk I/O error"
    # for every test after), which only WAL's shared-memory index can do. Production keeps WAL; the
    # subprocess tests (kill -9, live key rotation, file modes) run the real settings and still prove it.
    _options = DATABASES["default"]["OPTIONS"]
    _options["init_command"] = _options["init_command"].replace("journal_mode=WAL", "journal_mode=DELETE")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405  (whitenoise warns about a missing folder)
