"""Invariant 2 for clinical notes: a canary sentence in a note's title and body and in an amendment's
reason and body, written through the pages, is absent from the database at rest (the SQLite file and
its WAL, or a pg_dump), reads back on the page, and still reads back after `manage.py rotate_field_keys`.

Transactional, so the rows are really committed to the file / server before we look.
"""

from __future__ import annotations

import io
import uuid

import pytest
from django.core.management import call_command
from django.test import Client

from closeknit.clinic.models import Amendment, Note
from closeknit.core import crypto
from tests import test_canary
from tests.clinic.notes_setup import start

keys_file = test_canary.keys_file  # fixture: a fresh key file for this test

TAG = uuid.uuid4().hex[:12]
NOTE = f"NOTECANARY-{TAG} the violin case under the stairs holds letters"
AMENDMENT = f"NOTECANARY-{TAG} amended: the letters were never sent"
TITLE = f"NOTECANARY-{TAG} alone: the orchard promise"
REASON = f"NOTECANARY-{TAG} reason: a lighthouse detail left out"


def assert_absent(blob: bytes, control: bytes) -> None:
    assert control in blob, "the control value is missing: the search is not looking at the right data"
    for sentence in (NOTE, AMENDMENT, TITLE, REASON):
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            assert sentence.encode(encoding) not in blob
    assert TAG.encode() not in blob
    for words in (b"violin case", b"never sent", b"orchard promise", b"lighthouse detail"):
        assert words not in blob


@pytest.mark.django_db(transaction=True)
def test_note_and_amendment_are_encrypted_at_rest_and_survive_rotation(keys_file, clinic, couple):
    episode = start(clinic.rivera.user, couple, "individual")
    c = Client()
    c.force_login(clinic.rivera.user)
    r = c.post(f"/clinic/care/{episode.pk}/notes/new/", {"template": "individual-session", "subject_id": couple.a.pk})
    assert r.status_code == 302, r.content[:300]
    note = Note.objects.get()
    form = {"title": TITLE, "session_on": note.session_on.isoformat(), "body": NOTE, "confirm": "yes"}
    assert c.post(f"/clinic/notes/{note.pk}/sign/", form).status_code == 302
    r = c.post(f"/clinic/notes/{note.pk}/amend/", {"reason": REASON, "amendment": AMENDMENT})
    assert r.status_code == 302

    control = b"Dr. Rivera"  # a display name is stored in plain: the search must find it
    assert_absent(test_canary.database_at_rest(), control)
    assert (Note.objects.get().title, Note.objects.get().body) == (TITLE, NOTE)
    assert (Amendment.objects.get().reason, Amendment.objects.get().body) == (REASON, AMENDMENT)
    page = c.get(f"/clinic/notes/{note.pk}/").content.decode()
    assert all(text in page for text in (NOTE, AMENDMENT, TITLE, REASON))

    [old_key] = keys_file.read_text().split()
    call_command("rotate_field_keys", stdout=io.StringIO())
    [new_key] = keys_file.read_text().split()
    assert new_key != old_key
    crypto.reset_cache()
    assert_absent(test_canary.database_at_rest(), control)
    assert (Note.objects.get().title, Note.objects.get().body) == (TITLE, NOTE)
    assert (Amendment.objects.get().reason, Amendment.objects.get().body) == (REASON, AMENDMENT)
    page = c.get(f"/clinic/notes/{note.pk}/").content.decode()
    assert all(text in page for text in (NOTE, AMENDMENT, TITLE, REASON))
