"""Decks over the API: an app can list the ids other routes take (needs, gentle-start parts, touch
gestures, closeness questions) with their words, and a closeness answer comes with its question."""

from __future__ import annotations

import pytest

from closeknit.access import practices as rules
from closeknit.practices.library import library
from closeknit.safety import services as safety
from tests.api.conftest import assert_error

pytestmark = pytest.mark.django_db


def test_decks_list_every_deck_a_practice_uses(couple, app_api):
    api = app_api(couple.a)
    decks = {d["slug"]: d for d in api.get("/api/decks").json()}
    used = {p.deck for p in library().practices.values() if p.deck}
    assert set(decks) == used
    assert decks["needs"]["practices"] == ["emotional-map"]
    assert decks["closeness-questions"]["kind"] == "questions"
    assert {d["language"] for d in decks.values()} == {"en"}


def test_a_deck_gives_ids_and_words(couple, app_api):
    api = app_api(couple.a)
    needs = api.get("/api/decks/needs").json()
    items = [i for s in needs["sets"] for i in s["items"]]
    assert {"id": "affection", "text": "Affection", "budget": None, "time": None} in items
    touch = api.get("/api/decks/touch-gestures").json()
    assert touch["kind"] == "gestures" and touch["sets"][0]["items"]
    # The practice names its deck; that name opens it.
    practice = api.get("/api/practices/small-touches").json()
    assert practice["deck"] == "touch-gestures"
    # A need id from the deck is accepted by the emotional map.
    placed = api.post("/api/emotional-map", {"surface": ["calm"], "needs": [items[0]["id"]]})
    assert placed.status_code == 201, placed.content
    mine = placed.json()["mine"]
    assert mine["need_ids"] == [items[0]["id"]] and mine["needs"] == [items[0]["text"]]
    assert mine["surface_slugs"] == ["calm"] and mine["surface"] == ["Calm"]


def test_unknown_deck_is_a_404(couple, app_api):
    assert_error(app_api(couple.a).get("/api/decks/no-such-deck"), 404, "not_found")


def test_decks_need_a_login(anon_api):
    assert_error(anon_api.get("/api/decks"), 401, "not_authenticated")


def test_a_positive_screen_hides_decks_only_conflict_work_uses(couple, app_api):
    # B's own words disclosed control: conflict work is withheld from the space, for both partners alike.
    safety.hold_conflict_work(user=couple.b)
    assert not rules.conflict_work_allowed(couple.couple_id)
    api = app_api(couple.a)
    conflict_only = {p.deck for p in library().practices.values() if p.deck and p.conflict} - {
        p.deck for p in library().practices.values() if p.deck and not p.conflict
    }
    listed = {d["slug"] for d in api.get("/api/decks").json()}
    assert listed and not listed & conflict_only
    for slug in conflict_only:
        assert_error(api.get(f"/api/decks/{slug}"), 404, "not_found")


def test_closeness_answer_comes_with_its_question(couple, app_api):
    a, b = app_api(couple.a), app_api(couple.b)
    listed = a.get("/api/closeness-questions").json()
    first = listed[0]
    assert first["state"] == "unanswered" and first["question"]
    assert b.put(f"/api/closeness-questions/{first['item']}", {"text": "Tea with you"}).status_code == 200
    assert a.get("/api/closeness-questions").json()[0]["state"] == "waiting"
    got = a.get(f"/api/closeness-questions/{first['item']}").json()
    assert got["question"] == first["question"] and got["set"] == first["set"]
    assert (got["mine"], got["partner_state"], got["partner"]) == (None, "waiting", None)
    put = a.put(f"/api/closeness-questions/{first['item']}", {"text": "A long walk"}).json()
    assert (put["question"], put["mine"], put["partner"]) == (first["question"], "A long walk", "Tea with you")
    assert put["support"] == []
    assert_error(a.get("/api/closeness-questions/no-such-question"), 404, "not_found")
