"""`Idempotency-Key` on the create routes: an app that retries after a lost answer gets the first answer
again and makes no second entry; the same key with a different request is a clear 422; refusals are
not kept; answers are kept (encrypted) for 24 hours, per person."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from django.db import connection

from closeknit.api import idempotency
from closeknit.api.models import IdempotentWrite
from closeknit.checkins.models import CheckIn
from closeknit.couples.models import Couple
from closeknit.practices.models import Note
from tests.api.conftest import Api, assert_error, headless_token

pytestmark = pytest.mark.django_db

CANARY = "zq-idempotent-canary: thank you for the soup"


def send(api: Api, path: str, body: dict | None, key: str | None):
    headers = {"X-Session-Token": api.token} | ({"Idempotency-Key": key} if key else {})
    return api.client.post(path, data=json.dumps(body or {}), content_type="application/json", headers=headers)


@pytest.fixture
def api(couple) -> Api:
    return Api(token=headless_token(couple.a))


def test_a_retried_check_in_returns_the_same_answer_and_makes_one_row(api, answers):
    key = str(uuid.uuid4())
    first = send(api, "/api/checkins", answers, key)
    again = send(api, "/api/checkins", answers, key)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert CheckIn.objects.count() == 1 and IdempotentWrite.objects.count() == 1
    # Without a key a second try is what it always was: today's check-in exists.
    assert_error(send(api, "/api/checkins", answers, None), 409, "already_checked_in")


def test_the_same_key_with_a_different_body_is_refused(api):
    key = str(uuid.uuid4())
    assert send(api, "/api/appreciations", {"text": "For the walk."}, key).status_code == 201
    body = assert_error(send(api, "/api/appreciations", {"text": "For the soup."}, key), 422, "idempotency_key_reused")
    assert body["field"] == "Idempotency-Key" and "new key" in body["detail"]
    assert list(Note.objects.values_list("text", flat=True)) == ["For the walk."]
    assert send(api, "/api/appreciations", {"text": "For the soup."}, str(uuid.uuid4())).status_code == 201
    assert Note.objects.count() == 2


def test_a_refusal_is_not_kept_so_the_fixed_retry_goes_through(api):
    key = str(uuid.uuid4())
    refused = send(api, "/api/moments", {"text": "   "}, key)  # the service finds nothing to keep
    assert refused.status_code == 400 and refused.json()["field"] == "text"
    assert not IdempotentWrite.objects.exists()
    assert send(api, "/api/moments", {"text": "Our trip"}, key).status_code == 201
    assert Note.objects.count() == 1


def test_keys_are_per_person(couple, api):
    key = "same-key-for-both"
    assert send(api, "/api/appreciations", {"text": "From A."}, key).status_code == 201
    b = Api(token=headless_token(couple.b))
    mine = send(b, "/api/appreciations", {"text": "From A."}, key)
    assert mine.status_code == 201 and mine.json()["is_mine"]
    assert Note.objects.filter(author=couple.b).count() == 1  # B's own entry, not A's answer


def test_a_space_and_an_invitation_are_made_once(make_user):
    solo = Api(token=headless_token(make_user()))
    key = str(uuid.uuid4())
    made = [send(solo, "/api/space", {"name": "Home"}, key) for _ in range(2)]
    assert [m.status_code for m in made] == [201, 201] and made[0].json() == made[1].json()
    assert Couple.objects.count() == 1
    key = str(uuid.uuid4())
    invites = [send(solo, "/api/space/invitations", None, key) for _ in range(2)]
    assert invites[0].json()["code"] == invites[1].json()["code"]  # the first link still works


def test_answers_are_encrypted_and_kept_for_a_day(api):
    key = str(uuid.uuid4())
    assert send(api, "/api/appreciations", {"text": CANARY}, key).status_code == 201
    with connection.cursor() as cur:
        cur.execute("SELECT body, key FROM api_idempotentwrite")
        stored, hashed = cur.fetchone()
    assert CANARY not in stored and key not in hashed
    row = IdempotentWrite.objects.get()
    assert CANARY in row.body  # reads back for the retry
    assert idempotency.forget_expired(now=row.created_at + dt.timedelta(hours=23)) == 0
    IdempotentWrite.objects.update(created_at=row.created_at - dt.timedelta(hours=25))
    # After a day the key is free again: the same request makes a new entry.
    assert send(api, "/api/appreciations", {"text": CANARY}, key).status_code == 201
    assert Note.objects.count() == 2 and IdempotentWrite.objects.count() == 1
    IdempotentWrite.objects.update(created_at=row.created_at - dt.timedelta(hours=25))
    assert idempotency.forget_expired() == 1


@pytest.mark.parametrize("key", ["", "x" * 256, "with space", "caf\u00e9"])
def test_a_malformed_key_is_a_clear_400(api, key):
    headers = {"X-Session-Token": api.token, "Idempotency-Key": key}
    r = api.client.post("/api/appreciations", data={"text": "x"}, content_type="application/json", headers=headers)
    assert_error(r, 400)
    assert r.json()["field"] == "Idempotency-Key" and not Note.objects.exists()


def test_the_schema_declares_the_header_on_the_create_routes(anon_api):
    doc = anon_api.get("/api/openapi.json").json()
    for path in ("/api/checkins", "/api/appreciations", "/api/moments", "/api/space", "/api/practice-runs"):
        names = [p["name"] for p in doc["paths"][path]["post"].get("parameters", [])]
        assert names.count("Idempotency-Key") == 1, path
    assert "Idempotency-Key" not in json.dumps(doc["paths"]["/api/checkins"]["get"])


@pytest.mark.django_db(transaction=True)
def test_two_copies_racing_make_one_entry(couple):
    """The record goes in before the write: the second copy waits on the unique key (PostgreSQL) or on
    the write lock (SQLite) and then answers with the first one's answer."""
    import threading

    from django.db import connections
    from django.test import Client

    token, key = headless_token(couple.a), str(uuid.uuid4())
    start, got = threading.Barrier(2), []

    def post() -> None:
        try:
            start.wait(timeout=10)
            r = Client().post(
                "/api/appreciations",
                data={"text": "Both at once."},
                content_type="application/json",
                headers={"X-Session-Token": token, "Idempotency-Key": key},
            )
            got.append((r.status_code, r.json()))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert [s for s, _ in got] == [201, 201] and got[0][1] == got[1][1]
    assert Note.objects.count() == 1
