"""Rotating the field keys while the site serves: granian with two worker processes serves pages and
the API to writers and readers in threads, while `manage.py rotate_field_keys` runs in its own process.

Before the key ring (each worker cached its keys for life) this gave 500s on every page showing stored
text, and writes under a key the command then removed. Now: no server error, every stored value opens
with the one key left at the end, and the old key is gone from the ring.

Runs on its own SQLite database in a temporary data folder (three processes share it, as on one box).
"""

from __future__ import annotations

import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

from closeknit.core import crypto
from closeknit.core.fields import encrypted_fields

# Two live workers and a key rotation: it reads no clock, so the dated runs leave it out.
pytestmark = pytest.mark.slow

PASSWORD = "correct-horse-battery-9"

SETUP = """
import json
from allauth.account.models import EmailAddress
from django.test import Client
from closeknit.accounts.models import User
from closeknit.couples import services

people = {}
for name in ("app-a", "app-b", "page-a", "page-b"):
    email = name + "@example.test"
    user = User.objects.create_user(email=email, password=%(password)r, display_name=name)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    people[name] = user
for first, second in (("app-a", "app-b"), ("page-a", "page-b")):
    space = services.create_space(user=people[first])
    invitation = services.create_invitation(user=people[first], couple_id=space.pk)
    services.accept_invitation(user=people[second], token=invitation.token)
cookies = {}
for name in ("page-a", "page-b"):
    client = Client()
    client.force_login(people[name])
    cookies[name] = client.cookies["sessionid"].value
print("SETUP " + json.dumps(cookies))
"""

ANSWERS = {
    "feelings": ["calm"],
    "emotional_closeness": 6,
    "physical_closeness": 5,
    "stress": 4,
    "shared": ["feelings", "note"],
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env: dict[str, str], *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@dataclass
class Tally:
    """What the threads saw. `errors` holds every 5xx and every broken connection."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    ok: int = 0
    writes: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def seen(self, response: requests.Response, expect: int | tuple[int, ...], what: str) -> bool:
        expected = (expect,) if isinstance(expect, int) else expect
        with self.lock:
            if response.status_code in expected:
                self.ok += 1
                return True
            self.errors.append(f"{what}: {response.status_code} {response.text[:200]}")
            return False


@pytest.fixture
def site(tmp_path):
    """A fresh data folder, migrated, two couples, and granian serving it with two workers."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "FIELD_ENCRYPTION_KEYS"}}
    env.update(
        DJANGO_SETTINGS_MODULE="closeknit.settings",
        CLOSEKNIT_DATA_DIR=str(tmp_path),
        SECRET_KEY="live-rotation-test-secret-key-not-for-production-use-0123456789",
        PLAIN_STATIC="1",
        HUEY_IMMEDIATE="1",
        FIELD_KEYS_HEARTBEAT_SECONDS="1",
        EMAIL_HOST="",
    )
    for args in (("migrate", "--no-input", "-v", "0"), ("createcachetable",)):
        done = manage(env, *args)
        assert done.returncode == 0, done.stderr[-2000:]
    done = manage(env, "shell", "-c", SETUP % {"password": PASSWORD})
    assert done.returncode == 0, done.stderr[-2000:]
    cookies = json.loads(re.search(r"^SETUP (.*)$", done.stdout, re.M).group(1))
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port)]
        + ["--workers", "2", "--blocking-threads", "1", "--log-level", "warning", "closeknit.wsgi:application"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(base + "/accounts/login/", timeout=60).status_code == 200:
                break
        except requests.RequestException:  # not listening yet, or a busy machine
            pass
        assert server.poll() is None, server.stderr.read()[-2000:]
        assert time.monotonic() < deadline, "granian did not start"
        time.sleep(0.3)
    try:
        yield env, base, cookies, tmp_path
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def app_login(base: str, email: str) -> str:
    response = requests.post(
        base + "/_allauth/app/v1/auth/login", json={"email": email, "password": PASSWORD}, timeout=30
    )
    assert response.status_code == 200, response.text[:500]
    return response.json()["meta"]["session_token"]


def client() -> requests.Session:
    """A new connection per request, so the kernel spreads requests over both workers (a kept-alive
    connection would stay with one)."""
    session = requests.Session()
    session.headers["Connection"] = "close"
    return session


def api_writer(base: str, token: str, tally: Tally, stop: threading.Event) -> None:
    """Changes today's check-in again and again, and reads each change back at once."""
    api = client()
    api.headers["X-Session-Token"] = token
    response = api.post(base + "/api/checkins", json={**ANSWERS, "note": "first words"}, timeout=60)
    if not tally.seen(response, 201, "create check-in"):
        return
    checkin_id = response.json()["id"]
    n = 0
    while not stop.is_set():
        n += 1
        note = f"the kettle sang {n} times"
        response = api.put(f"{base}/api/checkins/{checkin_id}", json={**ANSWERS, "note": note}, timeout=60)
        if tally.seen(response, 200, "change check-in"):
            with tally.lock:
                tally.writes.append(time.monotonic())
        response = api.get(f"{base}/api/checkins/{checkin_id}", timeout=60)
        if tally.seen(response, 200, "read check-in") and response.json()["answers"]["note"] != note:
            with tally.lock:
                tally.errors.append(f"read back {response.json()['answers']['note']!r}, wrote {note!r}")


def api_reader(base: str, token: str, tally: Tally, stop: threading.Event) -> None:
    """The partner, answered too, reads both check-ins (the partner's text decrypted) over and over."""
    api = client()
    api.headers["X-Session-Token"] = token
    tally.seen(api.post(base + "/api/checkins", json={**ANSWERS, "note": "mine"}, timeout=60), 201, "check in")
    found = False  # the partner may not have checked in yet when we start
    while not stop.is_set():
        today = api.get(base + "/api/checkins/today", timeout=60)
        seen = json.dumps(today.json()) if today.status_code == 200 else ""
        if tally.seen(today, 200, "today"):
            if "kettle" in seen or "first words" in seen:
                found = True
            elif found:
                with tally.lock:
                    tally.errors.append("the partner's shared note went missing from today")
        tally.seen(api.get(base + "/api/checkins", timeout=60), 200, "history")


def page_writer(base: str, cookie: str, tally: Tally, stop: threading.Event) -> None:
    """Writes a private appreciation through the page form and finds it on the page that lists them."""
    browser = client()
    browser.cookies.set("sessionid", cookie)
    n = 0
    while not stop.is_set():
        n += 1
        page = browser.get(base + "/practices/gratitude/", timeout=60)
        if not tally.seen(page, 200, "gratitude page"):
            continue
        text = f"thanks for the warm socks, number {n}"
        response = browser.post(
            base + "/practices/gratitude/",
            data={"csrfmiddlewaretoken": browser.cookies["csrftoken"], "text": text, "private": "1"},
            headers={"Referer": base + "/practices/gratitude/"},
            allow_redirects=False,
            timeout=60,
        )
        if tally.seen(response, 302, "add appreciation"):
            with tally.lock:
                tally.writes.append(time.monotonic())
        page = browser.get(base + "/practices/gratitude/", timeout=60)
        if tally.seen(page, 200, "gratitude page") and text not in page.text:
            with tally.lock:
                tally.errors.append(f"appreciation {n} missing from the page")


def page_reader(base: str, cookie: str, tally: Tally, stop: threading.Event) -> None:
    browser = client()
    browser.cookies.set("sessionid", cookie)
    while not stop.is_set():
        tally.seen(browser.get(base + "/", timeout=60), 200, "home")
        tally.seen(browser.get(base + "/practices/gratitude/", timeout=60), 200, "partner's gratitude page")


def guarded(work, tally: Tally):
    """Run one client; a dropped connection or a timeout counts as a failure, never a silent stop."""

    def run(*args) -> None:
        try:
            work(*args)
        except Exception as exc:  # noqa: BLE001  (anything a client meets is a finding)
            with tally.lock:
                tally.errors.append(f"{work.__name__}: {exc!r}")

    return run


def unreadable_values(db: Path, key: str) -> tuple[int, int]:
    """(values stored, values the given key alone cannot open), read straight from the file."""
    only = Fernet(key.encode())
    stored = bad = 0
    with sqlite3.connect(db) as con:
        for model, names in encrypted_fields():
            cols = [model._meta.get_field(n).column for n in names]
            for row in con.execute(f'SELECT {", ".join(cols)} FROM "{model._meta.db_table}"'):
                for value in row:
                    if not value:
                        continue
                    stored += 1
                    try:
                        only.decrypt(value[len(crypto.PREFIX) :].encode())
                    except InvalidToken:
                        bad += 1
    return stored, bad


def test_rotation_while_the_site_serves_pages_and_the_api(site):
    env, base, cookies, data = site
    keys_file = data / "field-keys"
    tally, stop = Tally(), threading.Event()
    tokens = {name: app_login(base, f"{name}@example.test") for name in ("app-a", "app-b")}
    threads = [
        threading.Thread(target=guarded(api_writer, tally), args=(base, tokens["app-a"], tally, stop)),
        threading.Thread(target=guarded(api_reader, tally), args=(base, tokens["app-b"], tally, stop)),
        threading.Thread(target=guarded(page_writer, tally), args=(base, cookies["page-a"], tally, stop)),
        threading.Thread(target=guarded(page_reader, tally), args=(base, cookies["page-b"], tally, stop)),
    ]
    for t in threads:
        t.start()
    try:
        # Traffic first: both workers hold the old ring and report it. The first encrypted write makes the
        # key file, so wait for writes, not for a fixed time (a loaded box can take longer than a few seconds).
        deadline = time.monotonic() + 90
        while len(tally.writes) < 4 or not keys_file.exists():
            assert time.monotonic() < deadline, f"no writes yet: {tally.errors[:3]}"
            time.sleep(0.2)
        time.sleep(1)
        [old_key] = crypto.parse_keys(keys_file.read_text())
        started = time.monotonic()
        rotation = manage(env, "rotate_field_keys", "--wait", "90", "--batch", "7", timeout=240)
        finished = time.monotonic()
        time.sleep(2)  # and after: every worker now on the new ring alone
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=60)
    assert rotation.returncode == 0, rotation.stdout + rotation.stderr
    print(rotation.stdout, f"\nrotation took {finished - started:.1f}s; {tally.ok} good responses")

    assert tally.errors == [], tally.errors[:10]
    during = [t for t in tally.writes if started <= t <= finished]
    assert len(during) >= 10, f"only {len(during)} writes while the command ran: the test proved little"
    [new_key] = crypto.parse_keys(keys_file.read_text())
    assert new_key != old_key
    stored, bad = unreadable_values(data / "closeknit.sqlite3", new_key)
    assert stored >= 20 and bad == 0, (stored, bad)
    for step in ("1/4", "2/4", "3/4", "Retired 1 old key"):
        assert step in rotation.stdout
    with sqlite3.connect(data / "closeknit.sqlite3") as con:
        reports = con.execute("SELECT process, version FROM core_keyringreport").fetchall()
    # Both granian workers reported a ring (they served), and the command itself; a worker that went
    # idle may still show an older ring: it re-reads the file before its next request.
    final = crypto.KeyRing((new_key,), "").version
    assert len(reports) >= 3 and final in {v for _, v in reports}, reports

    # Logging out revokes the token at once, whichever worker answers next.
    requests.delete(base + "/_allauth/app/v1/auth/session", headers={"X-Session-Token": tokens["app-a"]}, timeout=60)
    for _ in range(6):
        assert (
            requests.get(base + "/api/me", headers={"X-Session-Token": tokens["app-a"]}, timeout=60).status_code == 401
        )
    assert requests.get(base + "/api/me", headers={"X-Session-Token": tokens["app-b"]}, timeout=60).status_code == 200
