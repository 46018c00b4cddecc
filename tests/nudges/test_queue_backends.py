"""Which queue and cache the real settings choose, and a task that really goes through Redis.

Each check runs the production settings (closeknit.settings) in a fresh interpreter, the way an
operator starts the app, because the choice is made once, at import."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from closeknit.core.time import zone
from closeknit.nudges import services
from closeknit.nudges.models import Delivery, Reminder
from tests import clock
from tests.nudges.conftest import zone_at_hour

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
ROOT = Path(__file__).resolve().parents[2]

INSPECT = """
import json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "closeknit.settings"
import django
django.setup()
from django.conf import settings
from django.core.cache import cache
from huey.contrib.djhuey import HUEY
print(json.dumps({
    "huey": type(HUEY).__name__,
    "immediate": HUEY.immediate,
    "cache": settings.CACHES["default"]["BACKEND"],
}))
"""

# Enqueue the real sweep task onto Redis, then do what a consumer's worker does: take it off the
# queue and run it. The queue gets a name of its own so parallel runs sharing the server never meet.
ENQUEUE_AND_RUN = (
    clock.CHILD_PRELUDE
    + """
import json, os, sys, uuid
os.environ["DJANGO_SETTINGS_MODULE"] = "closeknit.settings"
from django.conf import settings
settings.HUEY["name"] = "closeknit-test-" + uuid.uuid4().hex
import django
django.setup()
from django.core.cache import cache
from huey.contrib.djhuey import HUEY
from closeknit.nudges import tasks
out = {"huey": type(HUEY).__name__, "immediate": HUEY.immediate}
token = uuid.uuid4().hex
cache.set("ck-test-" + token, token, 30)
out["cache_roundtrip"] = cache.get("ck-test-" + token) == token
cache.delete("ck-test-" + token)
try:
    tasks.sweep_reminders()
    out["queued"] = HUEY.pending_count()
    out["in_redis"] = HUEY.storage.conn.llen(HUEY.storage.queue_key)
    task = HUEY.dequeue()
    out["task"] = type(task).__module__ + "." + type(task).__name__
    HUEY.execute(task)
    out["left"] = HUEY.pending_count()
finally:
    HUEY.storage.flush_all()
print(json.dumps(out))
"""
)


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "HUEY_IMMEDIATE", "EMAIL_HOST", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(CLOSEKNIT_DATA_DIR=str(tmp_path), PYTHONPATH=str(ROOT), **extra)
    return clock.child_env(env)


def _run(code: str, env: dict[str, str]) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _redis_or_skip() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping()
    except Exception as exc:
        pytest.skip(f"Redis at {REDIS_URL} cannot be reached ({exc}); start redis-server to run this test")


def test_one_box_default_is_sqlite_huey_and_a_database_cache(tmp_path):
    got = _run(INSPECT, _env(tmp_path))
    assert got == {
        "huey": "SqliteHuey",
        "immediate": False,
        "cache": "django.core.cache.backends.db.DatabaseCache",
    }


def test_with_redis_url_the_settings_choose_redis_huey_and_a_redis_cache(tmp_path):
    got = _run(INSPECT, _env(tmp_path, REDIS_URL=REDIS_URL))
    assert got == {
        "huey": "RedisHuey",
        "immediate": False,
        "cache": "django.core.cache.backends.redis.RedisCache",
    }


def _database_url() -> str:
    """The test database this process uses, as a URL another process can open."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_a_reminder_goes_through_the_redis_queue_and_out_by_smtp(make_user, smtp_server, tmp_path):
    """A due reminder, the sweep task enqueued onto Redis by one process and run from the queue, the
    email delivered to the local SMTP server: the path a team deployment uses, end to end."""
    _redis_or_skip()
    person = make_user(timezone=zone_at_hour(12))
    now = timezone.now()
    a_minute_ago = (now - dt.timedelta(minutes=1)).astimezone(zone(person.timezone)).time()
    reminder = services.set_reminder(
        user=person, enabled=True, local_time=a_minute_ago, partner_nudges=True, now=now - dt.timedelta(minutes=2)
    )
    assert reminder.next_at <= now

    env = _env(
        tmp_path,
        REDIS_URL=REDIS_URL,
        DATABASE_URL=_database_url(),
        EMAIL_HOST=smtp_server.host,
        EMAIL_PORT=str(smtp_server.port),
        EMAIL_USE_TLS="0",
    )
    got = _run(ENQUEUE_AND_RUN, env)

    assert got == {
        "huey": "RedisHuey",
        "immediate": False,
        "cache_roundtrip": True,
        "queued": 1,
        "in_redis": 1,
        "task": "closeknit.nudges.tasks.sweep_reminders",
        "left": 0,
    }
    msg = smtp_server.wait_for(person.email)
    assert msg["Subject"] == "Time for your check-in"
    assert Delivery.objects.filter(user=person, kind="reminder").count() == 1
    assert Reminder.objects.get(pk=reminder.pk).next_at > now
