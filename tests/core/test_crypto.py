"""Encrypted free text: keys kept apart from SECRET_KEY, created private, rotated by a command.

Each test points FIELD_KEYS_FILE at its own temporary file and clears the key cache before and after,
so the keys other tests use are never touched.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import stat
from pathlib import Path

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import CommandError, call_command
from django.db import connection

from closeknit.checkins import services
from closeknit.checkins.models import CheckIn
from closeknit.core import crypto
from closeknit.core.fields import encrypted_fields

CANARY = "canary: the blue heron sleeps under the old bridge"


@pytest.fixture
def keys_file(settings, tmp_path, monkeypatch) -> Path:
    """A fresh, not yet existing keys file for this test only."""
    monkeypatch.delenv("FIELD_ENCRYPTION_KEYS", raising=False)
    path = tmp_path / "keys" / "field-keys"
    settings.FIELD_KEYS_FILE = path
    crypto.reset_cache()
    yield path
    crypto.reset_cache()


def raw_tokens(pk: int) -> tuple[str, str, str]:
    table = connection.ops.quote_name(CheckIn._meta.db_table)
    with connection.cursor() as cur:
        cur.execute(f"SELECT appreciation, need, note FROM {table} WHERE id = %s", [pk])
        return cur.fetchone()


def keys_in(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text().splitlines() if line.strip()]


@pytest.fixture
def canary_checkin(keys_file, make_user, answers) -> CheckIn:
    answers.update(appreciation=CANARY + " (A)", need=CANARY + " (N)", note=CANARY + " (T)")
    return services.create_checkin(user=make_user(), answers=answers)


def test_free_text_is_stored_as_a_token_and_reads_back(canary_checkin):
    tokens = raw_tokens(canary_checkin.pk)
    for token in tokens:
        assert token.startswith(crypto.PREFIX) and "heron" not in token
    assert len(set(tokens)) == 3
    fresh = CheckIn.objects.get(pk=canary_checkin.pk)
    assert (fresh.appreciation, fresh.need, fresh.note) == (CANARY + " (A)", CANARY + " (N)", CANARY + " (T)")
    # The same text never gives the same token twice, so equal answers are not visible as equal.
    assert crypto.encrypt(CANARY) != crypto.encrypt(CANARY)


def test_empty_text_stays_empty(keys_file, make_user, answers):
    answers.update(appreciation="", need="", note="")
    c = services.create_checkin(user=make_user(), answers=answers)
    assert raw_tokens(c.pk) == ("", "", "")


def test_every_free_text_column_is_encrypted():
    found = {model.__name__: set(names) for model, names in encrypted_fields()}
    assert found["CheckIn"] == {"appreciation", "need", "note"}


def test_rotation_replaces_the_key_and_reencrypts_every_row(canary_checkin, keys_file):
    [old_key] = keys_in(keys_file)
    before = raw_tokens(canary_checkin.pk)

    call_command("rotate_field_keys", stdout=io.StringIO())

    [new_key] = keys_in(keys_file)
    assert new_key != old_key
    assert stat.S_IMODE(keys_file.stat().st_mode) == 0o600
    after = raw_tokens(canary_checkin.pk)
    assert all(a != b and a.startswith(crypto.PREFIX) for a, b in zip(after, before, strict=True))
    crypto.reset_cache()
    fresh = CheckIn.objects.get(pk=canary_checkin.pk)
    assert (fresh.appreciation, fresh.need, fresh.note) == (CANARY + " (A)", CANARY + " (N)", CANARY + " (T)")
    # The old key alone opens none of the new tokens; the new key opens all of them.
    for token in after:
        body = token[len(crypto.PREFIX) :].encode()
        with pytest.raises(InvalidToken):
            Fernet(old_key.encode()).decrypt(body)
        assert Fernet(new_key.encode()).decrypt(body).decode().startswith(CANARY)
    # A box that still had only the old key could not read the rows any more.
    crypto.write_keys_file([old_key])
    with pytest.raises(ValueError, match="no configured key"):
        CheckIn.objects.get(pk=canary_checkin.pk)


def test_rotation_can_keep_the_old_key_for_a_staged_rollout(canary_checkin, keys_file):
    [old_key] = keys_in(keys_file)
    call_command("rotate_field_keys", "--keep-old", stdout=io.StringIO())
    keys = keys_in(keys_file)
    assert len(keys) == 2 and keys[1] == old_key and keys[0] != old_key
    for token in raw_tokens(canary_checkin.pk):  # already re-encrypted with the new key
        Fernet(keys[0].encode()).decrypt(token[len(crypto.PREFIX) :].encode())
    assert CheckIn.objects.get(pk=canary_checkin.pk).note == CANARY + " (T)"


def test_rotation_refuses_when_keys_come_from_the_environment(keys_file, monkeypatch):
    monkeypatch.setenv("FIELD_ENCRYPTION_KEYS", Fernet.generate_key().decode())
    with pytest.raises(CommandError, match="FIELD_ENCRYPTION_KEYS"):
        call_command("rotate_field_keys")


def test_keys_from_the_environment_newest_first(keys_file, monkeypatch):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setenv("FIELD_ENCRYPTION_KEYS", old)
    crypto.reset_cache()
    token = crypto.encrypt("written under the old key")
    monkeypatch.setenv("FIELD_ENCRYPTION_KEYS", f"{new}, {old}")
    crypto.reset_cache()
    assert crypto.decrypt(token) == "written under the old key"
    Fernet(new.encode()).decrypt(crypto.encrypt("x")[len(crypto.PREFIX) :].encode())
    assert not keys_file.exists()  # with keys in the environment no file is made


def test_the_keys_file_is_made_private_and_not_from_secret_key(keys_file, settings, tmp_path):
    assert not keys_file.exists()
    token = crypto.encrypt("hello")
    assert keys_file.exists()
    assert stat.S_IMODE(keys_file.stat().st_mode) == 0o600
    [key] = keys_in(keys_file)
    Fernet(key.encode())  # a real Fernet key
    secret = settings.SECRET_KEY.encode()
    derived = {
        settings.SECRET_KEY,
        base64.urlsafe_b64encode(hashlib.sha256(secret).digest()).decode(),
        base64.urlsafe_b64encode(secret[:32].ljust(32, b"\0")).decode(),
    }
    assert key not in derived and settings.SECRET_KEY not in key
    # Same SECRET_KEY, another fresh file: another key. Nothing about it comes from SECRET_KEY.
    settings.FIELD_KEYS_FILE = tmp_path / "second" / "field-keys"
    crypto.reset_cache()
    crypto.encrypt("hello")
    assert keys_in(settings.FIELD_KEYS_FILE) != [key]
    # And changing SECRET_KEY does not touch what was encrypted.
    settings.FIELD_KEYS_FILE = keys_file
    settings.SECRET_KEY = "a completely different secret key for this test only"
    crypto.reset_cache()
    assert crypto.decrypt(token) == "hello"


def test_the_keys_file_is_never_readable_by_others_even_for_a_moment(keys_file, monkeypatch):
    seen: list[int] = []
    real_chmod = Path.chmod

    def watching_chmod(self, mode, *args, **kwargs):
        seen.append(stat.S_IMODE(self.stat().st_mode))
        return real_chmod(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "chmod", watching_chmod)
    old_umask = os.umask(0o022)  # the usual default on a server
    try:
        crypto.encrypt("hello")
        crypto.write_keys_file([Fernet.generate_key().decode()])
    finally:
        os.umask(old_umask)
    assert all(mode & 0o077 == 0 for mode in seen), [oct(m) for m in seen]


def test_a_value_that_is_not_a_token_is_refused(keys_file):
    with pytest.raises(ValueError, match="not an encrypted"):
        crypto.decrypt("plain text")


def test_a_running_process_picks_up_a_changed_key_file_without_a_restart(keys_file, settings):
    settings.FIELD_KEYS_CHECK_SECONDS = 0
    token = crypto.encrypt("written before the change")
    [old] = keys_in(keys_file)
    new = Fernet.generate_key().decode()
    keys_file.write_text(f"{new}\n{old}\n")  # as another process would: no reset_cache here
    assert crypto.ring().keys == (new, old)
    Fernet(new.encode()).decrypt(crypto.encrypt("x")[len(crypto.PREFIX) :].encode())
    assert crypto.decrypt(token) == "written before the change"


def test_the_ring_is_looked_at_no_more_often_than_asked(keys_file, settings):
    settings.FIELD_KEYS_CHECK_SECONDS = 3600
    crypto.encrypt("x")
    keys_file.write_text(Fernet.generate_key().decode() + "\n")
    [first] = crypto.ring().keys
    assert first != keys_in(keys_file)[0]  # within the interval: the ring in memory, no stat


@pytest.mark.django_db
def test_rotation_waits_for_a_process_on_an_old_ring_and_loses_nothing(canary_checkin, keys_file):
    from django.utils import timezone

    from closeknit.core.models import KeyRingReport

    [old] = keys_in(keys_file)
    KeyRingReport.objects.create(process="elsewhere:1", version=crypto.ring().version, seen_at=timezone.now())
    with pytest.raises(CommandError, match="elsewhere:1 still hold"):
        call_command("rotate_field_keys", "--wait", "0.5", stdout=io.StringIO())
    keys = keys_in(keys_file)
    assert keys[0] == old and len(keys) == 2  # the new key only decrypts: nothing was written with it
    crypto.reset_cache()
    assert CheckIn.objects.get(pk=canary_checkin.pk).note == CANARY + " (T)"
    # The process moves on (or stops): the rotation goes through.
    KeyRingReport.objects.all().delete()
    call_command("rotate_field_keys", stdout=io.StringIO())
    [final] = keys_in(keys_file)
    assert final not in (old, keys[1])
    crypto.reset_cache()
    assert CheckIn.objects.get(pk=canary_checkin.pk).note == CANARY + " (T)"


@pytest.mark.django_db
def test_reencrypt_with_keys_from_the_environment(canary_checkin, keys_file, monkeypatch):
    [old] = keys_in(keys_file)
    new = Fernet.generate_key().decode()
    monkeypatch.setenv("FIELD_ENCRYPTION_KEYS", f"{new},{old}")
    crypto.reset_cache()
    out = io.StringIO()
    call_command("rotate_field_keys", "--reencrypt", stdout=out)
    assert f"under key {crypto.key_id(new)}" in out.getvalue()
    for token in raw_tokens(canary_checkin.pk):
        Fernet(new.encode()).decrypt(token[len(crypto.PREFIX) :].encode())
    monkeypatch.setenv("FIELD_ENCRYPTION_KEYS", new)  # the old key removed from the variable
    crypto.reset_cache()
    assert CheckIn.objects.get(pk=canary_checkin.pk).need == CANARY + " (N)"
