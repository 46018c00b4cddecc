"""Invariant 5: the export holds everything a person wrote (JSON and readable HTML), and deleting the
account leaves none of it behind — while the partner keeps their own entries."""

from __future__ import annotations

import json

import pytest
from django.db import connection

from closeknit.checkins import services as checkins
from closeknit.checkins.models import CheckIn
from closeknit.core import crypto
from closeknit.core.fields import encrypted_fields
from tests.conftest import PASSWORD

CANARY = "CANARY-export-delete-7f3a: the lighthouse keeper's blue kettle"


def _all_plaintext() -> list[str]:
    """Every encrypted value in the database, decrypted: a search a canary must not survive."""
    found = []
    for model, names in encrypted_fields():
        for row in model.objects.values_list(*names):
            found.extend(v for v in row if v)
    return found


@pytest.mark.django_db
def test_export_contains_everything_written(client, couple, answers):
    checkins.create_checkin(user=couple.a, answers={**answers, "note": CANARY, "shared": []})
    checkins.create_checkin(user=couple.b, answers={**answers, "note": "PARTNER-ONLY words"})
    client.force_login(couple.a)

    data = json.loads(client.get("/settings/export.json").content)
    assert data["profile"]["email"] == couple.a.email
    assert [c["note"] for c in data["checkins"]] == [CANARY]
    html = client.get("/settings/export.html").content.decode()
    assert CANARY.replace("'", "&#x27;") in html
    assert "PARTNER-ONLY" not in html and "PARTNER-ONLY" not in json.dumps(data)


@pytest.mark.django_db
def test_export_holds_practices_and_check_ups_too(client, couple):
    from closeknit.practices import services as practices
    from closeknit.practices.models import Note

    practices.add_note(user=couple.a, kind=Note.GRATITUDE, text="PRACTICE-CANARY thanks for the walk")
    practices.add_note(user=couple.b, kind=Note.GRATITUDE, text="PARTNER-NOTE not mine")
    client.force_login(couple.a)
    data = json.loads(client.get("/settings/export.json").content)
    assert [n["text"] for n in data["practices"]["notes"]] == ["PRACTICE-CANARY thanks for the walk"]
    assert data["assessments"] == {"administrations": [], "plans": []}
    html = client.get("/settings/export.html").content.decode()
    assert "PRACTICE-CANARY" in html and "PARTNER-NOTE" not in html


@pytest.mark.django_db
def test_export_formats_only(client, make_user):
    client.force_login(make_user())
    assert client.get("/settings/export.pdf").status_code == 404


@pytest.mark.django_db
def test_delete_removes_everything_and_keeps_the_partners_words(client, couple, answers):
    checkins.create_checkin(user=couple.a, answers={**answers, "note": CANARY, "appreciation": CANARY})
    checkins.create_checkin(user=couple.b, answers={**answers, "note": "B keeps this"})
    client.force_login(couple.a)

    wrong = client.post("/settings/delete/", {"password": "not it"})
    assert wrong.status_code == 403
    assert CheckIn.objects.filter(author=couple.a).exists()

    done = client.post("/settings/delete/", {"password": PASSWORD})
    assert done.status_code == 302
    assert not any(CANARY in v for v in _all_plaintext())
    assert CheckIn.objects.filter(author=couple.b).get().note == "B keeps this"
    with connection.cursor() as cur:
        cur.execute("SELECT COUNT(*) FROM accounts_user WHERE email = %s", [couple.a.email])
        assert cur.fetchone()[0] == 0
    # The partner is alone now; their space ended with the other's departure.
    client.force_login(couple.b)
    assert "Answered" not in client.get("/").content.decode()
    assert crypto.decrypt(crypto.encrypt("still works")) == "still works"
