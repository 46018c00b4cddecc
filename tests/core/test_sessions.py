"""Tokens and files at rest: the database keeps only a hash of each app token and login session, and
its files are the owner's alone.

Transactional where we look at the database as an attacker would (the SQLite file and WAL, or a
pg_dump): the rows must really be committed before we search them.
"""

from __future__ import annotations

import importlib
import json
import os
import stat
import subprocess
import sys

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as PlainSessionStore
from django.contrib.sessions.models import Session
from django.test import Client

from closeknit.core.sessions import stored_key
from tests.api.conftest import headless_token
from tests.conftest import PASSWORD
from tests.test_canary import database_at_rest


def me(token: str) -> int:
    return Client().get("/api/me", headers={"X-Session-Token": token}).status_code


@pytest.mark.django_db(transaction=True)
def test_an_app_token_and_a_login_cookie_are_stored_only_as_hashes(make_user):
    user = make_user()
    token = headless_token(user)
    assert me(token) == 200
    browser = Client()
    assert browser.login(email=user.email, password=PASSWORD)
    cookie = browser.cookies[settings.SESSION_COOKIE_NAME].value
    assert browser.get("/api/me").status_code == 200

    blob = database_at_rest()
    assert user.email.encode() in blob, "the control value is missing: the search is not looking at the right data"
    for secret in (token, cookie):
        assert stored_key(secret).encode() in blob  # the session row is there, under its hash...
        assert secret.encode() not in blob  # ...and the key that opens it is not
        assert secret.encode("utf-16-le") not in blob
    assert set(Session.objects.values_list("session_key", flat=True)) == {stored_key(token), stored_key(cookie)}


@pytest.mark.django_db
def test_the_stored_hash_opens_nothing(make_user):
    token = headless_token(make_user())
    assert me(stored_key(token)) == 401
    browser = Client()
    browser.cookies[settings.SESSION_COOKIE_NAME] = stored_key(token)
    assert browser.get("/api/me").status_code == 401


@pytest.mark.django_db
def test_logout_deletes_the_row_and_the_token_stops_at_once(make_user):
    user = make_user()
    token, other = headless_token(user), headless_token(user)
    response = Client().delete("/_allauth/app/v1/auth/session", headers={"X-Session-Token": token})
    assert response.status_code == 401  # allauth's answer to a logout: you are now logged out
    assert not Session.objects.filter(session_key=stored_key(token)).exists()
    assert me(token) == 401
    assert me(other) == 200  # another device of the same person stays logged in


@pytest.mark.django_db
def test_the_upgrade_hashes_sessions_already_stored_and_keeps_people_logged_in(make_user):
    user = make_user()
    old = PlainSessionStore()  # a session as Django stored it before: the raw key in the table
    old.update({SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0]})
    old[HASH_SESSION_KEY] = user.get_session_auth_hash()
    old.create()
    raw = old.session_key
    assert Session.objects.filter(session_key=raw).exists()

    migration = importlib.import_module("closeknit.core.migrations.0002_hash_session_keys")
    migration.hash_keys(apps, None)
    migration.hash_keys(apps, None)  # twice is harmless: a hash is never hashed again

    assert list(Session.objects.values_list("session_key", flat=True)) == [stored_key(raw)]
    browser = Client()
    browser.cookies[settings.SESSION_COOKIE_NAME] = raw
    assert browser.get("/api/me").json()["email"] == user.email


PROBE = """
import json, os, stat
import django
django.setup()
from django.conf import settings
from django.db import connection
from closeknit.core import crypto
with connection.cursor() as cur:
    cur.execute("CREATE TABLE probe (x TEXT)")
    cur.execute("INSERT INTO probe VALUES ('x')")
    crypto.encrypt("hello")  # makes the key file
    data = settings.DATA_DIR
    names = ["closeknit.sqlite3", "closeknit.sqlite3-wal", "closeknit.sqlite3-shm", "huey.sqlite3",
             "secret-key", "field-keys"]
    print("MODES " + json.dumps({n: stat.S_IMODE(os.stat(data / n).st_mode) for n in names}))
"""


def test_database_and_key_files_are_the_owners_alone(tmp_path):
    """With the usual umask (022), a fresh box: every file holding data or keys is 0600. A database file
    left readable by an older version is tightened at start."""
    (tmp_path / "huey.sqlite3").touch(mode=0o644)
    os.chmod(tmp_path / "huey.sqlite3", 0o644)
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "FIELD_ENCRYPTION_KEYS"}}
    env.update(DJANGO_SETTINGS_MODULE="closeknit.settings", CLOSEKNIT_DATA_DIR=str(tmp_path))
    env.pop("SECRET_KEY", None)
    env.pop("FIELD_KEYS_FILE", None)
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=lambda: os.umask(0o022),
    )
    assert done.returncode == 0, done.stderr[-2000:]
    modes = json.loads(done.stdout.split("MODES ", 1)[1])
    assert modes == dict.fromkeys(modes, 0o600), {k: oct(v) for k, v in modes.items()}
    assert stat.S_IMODE(os.stat(tmp_path / "closeknit.sqlite3").st_mode) == 0o600
