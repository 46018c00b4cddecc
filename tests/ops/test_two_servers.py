"""Scale-out, shown with the real processes a team runs: two granian app servers on two ports, one
PostgreSQL database and one Redis, two huey consumers.

- A person logs in on one server and goes on with the same session on the other; logging out on one
  stops the session on both at once.
- Wrong passwords are counted across both servers (allauth's limits live in the shared Redis cache).
- A due reminder is emailed once, not twice, while two consumers run sweeps at the same time.

Each run gets a throwaway PostgreSQL database (created, migrated, dropped) and its own Redis key prefix
(deleted afterwards), so runs never meet. Skipped, with the reason, when PostgreSQL or Redis is down.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from cryptography.fernet import Fernet

from tests import clock
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
PG_ADMIN_URL = os.environ.get("TEST_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_BASE = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
APP = "/_allauth/app/v1/auth"
REMINDED = 6  # people whose reminder is due when the consumers start


# Django setup in a child process, on the suite's clock.
SETUP = (
    clock.CHILD_PRELUDE
    + """
import json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "closeknit.settings"
import django
django.setup()
"""
)

SEED = (
    SETUP
    + f"""
import datetime as dt
from allauth.account.models import EmailAddress
from django.utils import timezone
from closeknit.accounts.models import User
from closeknit.core.time import zone
from closeknit.nudges import services
from tests.nudges.conftest import zone_at_hour

def person(email, **extra):
    user = User.objects.create_user(email=email, password={PASSWORD!r}, display_name=email.split("@")[0], **extra)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user

person("walker@example.test")
person("target@example.test")
now = timezone.now()
noon = zone_at_hour(12)
a_minute_ago = (now - dt.timedelta(minutes=1)).astimezone(zone(noon)).time()
for n in range({REMINDED}):
    user = person(f"reminded{{n}}@example.test", timezone=noon)
    services.set_reminder(user=user, enabled=True, local_time=a_minute_ago, partner_nudges=True,
                          now=now - dt.timedelta(minutes=2))
print(json.dumps({{"ok": True}}))
"""
)

# Put `count` sweeps on the shared queue at once, as many consumers' schedulers might.
ENQUEUE = (
    SETUP
    + """
import sys
from closeknit.nudges import tasks
from huey.contrib.djhuey import HUEY
for _ in range(int(sys.argv[1])):
    tasks.sweep_reminders()
print(json.dumps({"queued": HUEY.pending_count()}))
"""
)

PENDING = (
    SETUP
    + """
from huey.contrib.djhuey import HUEY
print(json.dumps({"pending": HUEY.pending_count()}))
"""
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg_or_skip():
    import psycopg

    try:
        return psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=2)
    except Exception as exc:
        pytest.skip(f"PostgreSQL at {PG_ADMIN_URL} cannot be reached ({exc}); start it (make services) to run this")


def _redis_or_skip():
    import redis

    try:
        conn = redis.Redis.from_url(REDIS_BASE, socket_connect_timeout=1, socket_timeout=5)
        conn.ping()
        return conn
    except Exception as exc:
        pytest.skip(f"Redis at {REDIS_BASE} cannot be reached ({exc}); start redis-server (make services) to run this")


def _python(code: str, env: dict[str, str], *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@dataclass
class Cluster:
    env: dict[str, str]
    urls: tuple[str, str]
    db_url: str
    redis: object
    prefix: str
    tmp: Path


def _stop(procs: list[subprocess.Popen]) -> None:
    """Ask every process to stop, then kill any still running after 15 s."""
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def _wait_listening(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server at {url} exited: {log.read_text()[-2000:]}")
        try:
            if requests.get(url + "/healthz", timeout=20).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(0.2)
    raise AssertionError(f"server at {url} did not answer /healthz: {log.read_text()[-2000:]}")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory) -> Iterator[Cluster]:
    admin = _pg_or_skip()
    redis_conn = _redis_or_skip()
    tmp = tmp_path_factory.mktemp("two-servers")
    name = "ck_two_servers_" + uuid.uuid4().hex[:12]
    prefix = f"ck-two-servers-{uuid.uuid4().hex[:12]}:"
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    db_url = f"{base}/{name}"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "HUEY_IMMEDIATE", "DJANGO_SETTINGS_MODULE"}
        and not k.startswith("EMAIL_")
    }
    env.update(
        PYTHONPATH=str(ROOT),
        CLOSEKNIT_DATA_DIR=str(tmp),
        DATABASE_URL=db_url,
        REDIS_URL=REDIS_BASE,
        REDIS_KEY_PREFIX=prefix,
        # What every app box of a deployment shares: the secret key and the field keys.
        SECRET_KEY="two-servers-" + uuid.uuid4().hex * 2,
        FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        PLAIN_STATIC="1",
    )
    env = clock.child_env(env)
    admin.execute(f'CREATE DATABASE "{name}"')
    procs: list[subprocess.Popen] = []
    try:
        done = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "closeknit.settings"},
            capture_output=True, text=True, timeout=600, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        _python(SEED, env)
        urls = []
        for n in range(2):
            port = _free_port()
            log = tmp / f"granian-{n}.log"
            proc = subprocess.Popen(
                [sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port),
                 "--workers", "1", "--blocking-threads", "1", "--log-level", "warning",
                 "tests.ops.clocked_wsgi:application"],
                cwd=ROOT, env={**env, "SITE_URL": f"http://127.0.0.1:{port}"},
                stdout=log.open("w"), stderr=subprocess.STDOUT,
            )  # fmt: skip
            procs.append(proc)
            urls.append(f"http://127.0.0.1:{port}")
        for url, proc, n in zip(urls, procs, range(2), strict=True):
            _wait_listening(url, proc, tmp / f"granian-{n}.log")
        yield Cluster(env=env, urls=(urls[0], urls[1]), db_url=db_url, redis=redis_conn, prefix=prefix, tmp=tmp)
    finally:
        _stop(procs)
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
        keys = list(redis_conn.scan_iter(match=f"*{prefix}*", count=1000))
        if keys:
            redis_conn.delete(*keys)


def _app_login(url: str, email: str, password: str) -> requests.Response:
    return requests.post(f"{url}{APP}/login", json={"email": email, "password": password}, timeout=30)


def test_a_session_started_on_one_server_goes_on_on_the_other(cluster):
    a, b = cluster.urls
    response = _app_login(a, "walker@example.test", PASSWORD)
    assert response.status_code == 200, response.text
    token = response.json()["meta"]["session_token"]
    headers = {"X-Session-Token": token}

    me = requests.get(f"{b}/api/me", headers=headers, timeout=30)
    assert me.status_code == 200, me.text
    assert me.json()["email"] == "walker@example.test"
    changed = requests.patch(f"{b}/api/me", json={"display_name": "Walker Two"}, headers=headers, timeout=30)
    assert changed.status_code == 200, changed.text
    assert requests.get(f"{a}/api/me", headers=headers, timeout=30).json()["display_name"] == "Walker Two"

    # Logging out on B ends the session on A at once: the row is gone from the shared database.
    assert requests.delete(f"{b}{APP}/session", headers=headers, timeout=30).status_code == 401
    assert requests.get(f"{a}/api/me", headers=headers, timeout=30).status_code == 401
    assert requests.get(f"{b}/api/me", headers=headers, timeout=30).status_code == 401


def test_a_browser_login_on_one_server_is_logged_in_on_the_other(cluster):
    a, b = cluster.urls
    browser = requests.Session()  # cookies ignore the port: both servers get the same cookie jar
    page = browser.get(f"{a}/accounts/login/", timeout=30)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    done = browser.post(
        f"{a}/accounts/login/",
        data={"login": "walker@example.test", "password": PASSWORD, "csrfmiddlewaretoken": csrf},
        headers={"Referer": f"{a}/accounts/login/"},
        timeout=30,
        allow_redirects=False,
    )
    assert done.status_code == 302, done.text[-2000:]
    assert "sessionid" in browser.cookies
    on_b = browser.get(f"{b}/accounts/email/", timeout=30, allow_redirects=False)
    assert on_b.status_code == 200, on_b.status_code
    assert "walker@example.test" in on_b.text
    assert requests.get(f"{b}/accounts/email/", timeout=30, allow_redirects=False).status_code == 302


def test_wrong_passwords_are_counted_across_both_servers(cluster):
    a, b = cluster.urls
    # The account's limit is 5 wrong passwords in 5 minutes; they alternate between the servers.
    for n in range(5):
        response = _app_login((a, b)[n % 2], "target@example.test", "wrong-guess-123456")
        assert response.status_code == 400, (n, response.status_code, response.text)
    # Neither server alone saw five, yet both now refuse, the right password included.
    for url in (a, b):
        refused = _app_login(url, "target@example.test", PASSWORD)
        assert refused.status_code == 429, (url, refused.status_code)
        assert int(refused.headers["Retry-After"]) >= 1
    # The count lives in the shared Redis, under this run's prefix.
    assert any(True for _ in cluster.redis.scan_iter(match=f"{cluster.prefix}*", count=1000))


def _consumer_ready(log: Path) -> bool:
    """huey has listed its tasks (printed once its workers and scheduler are set up)."""
    text = log.read_text()
    return "commands are available" in text or "worker" in text.lower()


def _consumer_executions(log: Path) -> int:
    return log.read_text().count("Executing closeknit.nudges.tasks.sweep_reminders")


def test_a_due_reminder_is_sent_once_with_two_consumers_sweeping(cluster, smtp_server):
    env = {
        **cluster.env,
        "EMAIL_HOST": smtp_server.host,
        "EMAIL_PORT": str(smtp_server.port),
        "EMAIL_USE_TLS": "0",
        "DJANGO_SETTINGS_MODULE": "closeknit.settings",
        "PYTHONUNBUFFERED": "1",  # the readiness check reads the consumers' logs as they write them
    }
    run_huey = (
        clock.CHILD_PRELUDE
        + "\nimport sys\nfrom django.core.management import execute_from_command_line\n"
        + "execute_from_command_line(['manage.py', 'run_huey', '--workers', '2', '--worker-type', 'thread'])\n"
    )
    logs = [cluster.tmp / f"consumer-{n}.log" for n in range(2)]
    consumers = [
        subprocess.Popen(
            [sys.executable, "-c", run_huey], cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
        )  # fmt: skip
        for log in logs
    ]
    try:
        deadline = time.monotonic() + 60
        while not all(_consumer_ready(log) for log in logs):
            assert all(c.poll() is None for c in consumers), [log.read_text()[-2000:] for log in logs]
            assert time.monotonic() < deadline, [log.read_text()[-2000:] for log in logs]
            time.sleep(0.2)
        time.sleep(1.5)  # every worker thread is now waiting on the queue

        # Two bursts of sweeps land on the shared queue at once; idle workers of both consumers take them.
        for _ in range(2):
            _python(ENQUEUE, env, "4")
            time.sleep(0.5)
        for n in range(REMINDED):
            smtp_server.wait_for(f"reminded{n}@example.test", timeout=30)
        deadline = time.monotonic() + 30
        while _python(PENDING, env)["pending"]:
            assert time.monotonic() < deadline
            time.sleep(0.3)
        time.sleep(2)  # any sweep still running has finished its sends
    finally:
        _stop(consumers)

    runs = [_consumer_executions(log) for log in logs]
    assert all(r >= 1 for r in runs), runs  # both consumers swept
    assert sum(runs) >= 8, runs
    to = sorted(m["To"] for m in smtp_server.messages if m["Subject"] == "Time for your check-in")
    assert to == sorted(f"reminded{n}@example.test" for n in range(REMINDED)), to

    import psycopg

    with psycopg.connect(cluster.db_url) as conn:
        rows = conn.execute(
            "SELECT count(*), count(DISTINCT user_id) FROM nudges_delivery WHERE kind = 'reminder'"
        ).fetchone()
    assert rows == (REMINDED, REMINDED)
