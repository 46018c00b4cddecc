"""Invariant 2: a canary sentence written through the pages is absent from the database at rest
(the SQLite file and its WAL, or a pg_dump), reads back, and survives a key rotation.

The test is transactional so the rows are really committed to the file / server before we look.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from closeknit.checkins.models import CheckIn
from closeknit.core import crypto
from tests.conftest import PASSWORD

TAG = uuid.uuid4().hex[:12]
CANARIES = {
    "appreciation": f"CANARY-{TAG} the lighthouse keeper feeds the gulls at dawn",
    "need": f"CANARY-{TAG} a quiet harbour with no ferries",
    "note": f"CANARY-{TAG} seven lanterns on the pier",
}


@pytest.fixture
def keys_file(settings, tmp_path, monkeypatch) -> Path:
    monkeypatch.delenv("FIELD_ENCRYPTION_KEYS", raising=False)
    settings.FIELD_KEYS_FILE = tmp_path / "field-keys"
    crypto.reset_cache()
    yield settings.FIELD_KEYS_FILE
    crypto.reset_cache()


def database_at_rest() -> bytes:
    """Every byte the database holds for this test run, as an attacker with the disk or a dump sees it."""
    cfg = connection.settings_dict
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        base = Path(cfg["NAME"])
        assert base.exists() and base.stat().st_size > 0
        parts = [base.read_bytes()]
        for suffix in ("-wal", "-journal"):
            extra = Path(str(base) + suffix)
            if extra.exists():
                parts.append(extra.read_bytes())
        return b"".join(parts)
    if connection.vendor == "postgresql":
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            pytest.fail("pg_dump is not installed; the canary check needs it on PostgreSQL")
        env = dict(os.environ, PGPASSWORD=cfg.get("PASSWORD") or "")
        out = subprocess.run(
            [
                pg_dump,
                "-h",
                cfg.get("HOST") or "127.0.0.1",
                "-p",
                str(cfg.get("PORT") or 5432),
                "-U",
                cfg.get("USER") or "postgres",
                "-d",
                cfg["NAME"],
            ],
            env=env,
            capture_output=True,
            check=True,
            timeout=60,
        )
        return out.stdout
    pytest.fail(f"no at-rest check for {connection.vendor}")


def assert_no_canary(blob: bytes, control: bytes) -> None:
    assert control in blob, "the control value is missing: the search is not looking at the right data"
    for text in CANARIES.values():
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            assert text.encode(encoding) not in blob
    assert TAG.encode() not in blob
    assert b"lighthouse keeper" not in blob


@pytest.mark.django_db(transaction=True)
def test_canary_is_encrypted_at_rest_and_survives_rotation(keys_file, make_couple):
    pair = make_couple()
    client = Client()
    assert client.login(email=pair.a.email, password=PASSWORD)
    response = client.post(
        "/checkin/",
        {
            "feelings": ["calm"],
            "emotional_closeness": "6",
            "physical_closeness": "5",
            "stress": "4",
            **CANARIES,
            "shared": ["feelings", "appreciation", "need", "note"],
        },
    )
    assert response.status_code == 302, response.content[:500]
    checkin = CheckIn.objects.get(author=pair.a)
    control = pair.a.email.encode()  # stored in plain, so it must be found: proves the search works

    assert_no_canary(database_at_rest(), control)
    assert {k: getattr(checkin, k) for k in CANARIES} == CANARIES
    # ...and the partner, once answered, reads it back through the page.
    partner = Client()
    assert partner.login(email=pair.b.email, password=PASSWORD)
    partner.post(
        "/checkin/", {"feelings": ["calm"], "emotional_closeness": "5", "physical_closeness": "5", "stress": "5"}
    )
    page = partner.get("/").content.decode()
    assert CANARIES["appreciation"] in page and CANARIES["note"] in page

    [old_key] = keys_file.read_text().split()
    call_command("rotate_field_keys", stdout=io.StringIO())
    [new_key] = keys_file.read_text().split()
    assert new_key != old_key
    crypto.reset_cache()
    assert_no_canary(database_at_rest(), control)
    fresh = CheckIn.objects.get(pk=checkin.pk)
    assert {k: getattr(fresh, k) for k in CANARIES} == CANARIES
    assert CANARIES["need"] in partner.get("/").content.decode()
