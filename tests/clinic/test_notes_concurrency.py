"""Two signatures at the same moment, with different texts: exactly one wins, and the note holds
the winner's text. Real threads, real connections, committed rows (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from closeknit.clinic.models import Note
from closeknit.clinic.services import notes as services
from closeknit.core.errors import ServiceError
from tests.clinic.notes_setup import start


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_signatures_one_wins(clinic, couple):
    me = clinic.rivera.user
    episode = start(me, couple, "individual")
    for _ in range(5):  # a few rounds, so an unlucky interleaving has its chances
        note = services.create_note(user=me, episode_id=episode.pk, kind="session", title="T", body="draft")
        barrier = threading.Barrier(2)
        results: dict[str, str] = {}

        def sign(text: str) -> None:
            try:
                barrier.wait(timeout=10)
                services.sign_note(user=me, note_id=note.pk, body=text)
                results[text] = "signed"
            except ServiceError as exc:
                results[text] = exc.code
            finally:
                connection.close()

        threads = [threading.Thread(target=sign, args=(t,)) for t in ("text one", "text two")]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        assert sorted(results.values()) == ["already_signed", "signed"], results
        winner = next(t for t, r in results.items() if r == "signed")
        fresh = Note.objects.get(pk=note.pk)
        assert fresh.locked and fresh.body == winner
