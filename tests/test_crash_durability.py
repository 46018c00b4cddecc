"""Invariant 3: a check-in the server acknowledged survives the app process being killed (SQLite, WAL).

A real granian server in its own data folder takes a real HTTP check-in; we kill the whole process group
with SIGKILL (no clean shutdown, no checkpoint) and then read the row from the database file."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.slow,  # a server killed mid-write: it reads no clock, so the dated runs leave it out
    pytest.mark.skipif(
        bool(os.environ.get("DATABASE_URL")),
        reason="the one-box SQLite setup is what this proves; PostgreSQL has its own",
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_acknowledged_checkin_survives_kill_9(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}},
        "DJANGO_SETTINGS_MODULE": "closeknit.settings",
        "CLOSEKNIT_DATA_DIR": str(tmp_path),
        "PLAIN_STATIC": "1",
        "ACCOUNT_EMAIL_VERIFICATION": "none",
        "HUEY_IMMEDIATE": "1",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "createcachetable"], env=env, check=True, cwd=ROOT)
    subprocess.run(
        [
            *manage,
            "shell",
            "-c",
            "from closeknit.accounts.models import User; "
            "User.objects.create_user(email='d@example.test', password='durable-pass-123')",
        ],
        env=env,
        check=True,
        cwd=ROOT,
    )
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "granian",
            "--interface",
            "wsgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
            "--blocking-threads",
            "1",
            "closeknit.wsgi:application",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60  # a busy machine may take a while to serve the first page
        while True:
            try:
                requests.get(base + "/help/", timeout=5)
                break
            except requests.RequestException:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        s = requests.Session()
        s.get(base + "/accounts/login/")
        r = s.post(
            base + "/accounts/login/",
            data={
                "login": "d@example.test",
                "password": "durable-pass-123",
                "csrfmiddlewaretoken": s.cookies["csrftoken"],
            },
            headers={"Referer": base + "/accounts/login/"},
            allow_redirects=False,
        )
        assert r.status_code == 302, r.text[:500]
        s.get(base + "/checkin/")
        r = s.post(
            base + "/checkin/",
            data={
                "csrfmiddlewaretoken": s.cookies["csrftoken"],
                "feelings": ["calm"],
                "emotional_closeness": "6",
                "physical_closeness": "5",
                "stress": "2",
                "appreciation": "durable words",
                "shared": ["feelings"],
            },
            headers={"Referer": base + "/checkin/"},
            allow_redirects=False,
        )
        assert r.status_code == 302, r.text[:500]  # acknowledged
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)

    db = sqlite3.connect(tmp_path / "closeknit.sqlite3")
    rows = db.execute("SELECT emotional_closeness, appreciation FROM checkins_checkin").fetchall()
    assert len(rows) == 1 and rows[0][0] == 6
    assert rows[0][1].startswith("ck1:")  # and still encrypted at rest
