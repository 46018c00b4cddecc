"""The pages and API routes over real HTTP: adults-only gate, marking a list without JS, the reveal,
boundaries, the guided conversation with its pause, the history line and the author's own export."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils.html import escape

from closeknit.desires import services
from closeknit.desires.content import deck
from tests.checkins.util import checkin_on
from tests.desires.util import ITEMS, adults, every

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_first_use_asks_for_the_adult_confirmation_and_keeps_it(couple):
    c = login(couple.a)
    page = c.get("/practices/desires/").content.decode()
    assert 'id="adult-form"' in page and 'id="edit-list"' not in page
    assert c.get("/practices/desires/list/").status_code == 302
    refused = c.post("/practices/desires/adult/", {})
    assert refused.status_code == 400 and "18 or older" in refused.content.decode()
    assert c.post("/practices/desires/adult/", {"confirmed": "yes"}).status_code == 302
    page = c.get("/practices/desires/").content.decode()
    assert 'id="adult-form"' not in page and 'id="edit-list"' in page


def test_mark_wait_reveal_change_without_javascript(couple):
    adults(couple.a, couple.b)
    a, b = login(couple.a), login(couple.b)
    form = a.get("/practices/desires/list/").content.decode()
    assert form.count('type="radio"') == 3 * len(ITEMS)
    assert a.post("/practices/desires/list/", every("no") | {ITEMS[0]: "yes", ITEMS[3]: "yes"}).status_code == 302
    assert 'id="waiting"' in a.get("/practices/desires/").content.decode()
    assert 'id="your-turn"' in b.get("/practices/desires/").content.decode()
    b.post("/practices/desires/list/", every("maybe") | {ITEMS[0]: "yes"})
    page = b.get("/practices/desires/").content.decode()
    texts = {i.id: escape(i.text) for i in deck().items}
    assert 'id="shared-list"' in page and 'id="maybe-list"' in page
    assert texts[ITEMS[0]] in page and texts[ITEMS[3]] in page
    assert "very common" in page  # differences are normal, in our words
    assert "/practices/small-touches/" in page and "/practices/hard-conversation/" in page
    # A changes a yes to not-for-me: the reveal follows on B's next look.
    a.post("/practices/desires/list/", {ITEMS[3]: "no"})
    page = b.get("/practices/desires/state/").content.decode()
    assert 'id="maybe-list"' not in page and texts[ITEMS[0]] in page
    # The saved marks come back checked.
    form = a.get("/practices/desires/list/").content.decode()
    assert f'name="{ITEMS[3]}" value="no" checked' in form


def test_a_bad_post_is_a_clear_400_with_nothing_saved(couple):
    adults(couple.a, couple.b)
    a = login(couple.a)
    page = a.post("/practices/desires/list/", {ITEMS[0]: "definitely"})
    assert page.status_code == 400 and 'id="form-error"' in page.content.decode()
    assert a.get("/api/practices/desires").json()["my_answers"] == {}


def test_guided_conversation_and_pause(couple):
    adults(couple.a, couple.b)
    services.set_answers(user=couple.a, answers=every("yes"))
    services.set_answers(user=couple.b, answers=every("yes"))
    c = login(couple.b)
    step1 = c.get("/practices/desires/talk/").content.decode()
    assert "Step 1 of 6" in step1 and 'id="pause"' in step1
    paused = c.get("/practices/desires/talk/?step=3&pause=1").content.decode()
    assert 'id="paused"' in paused and "?step=3" in paused
    assert "Step 6 of 6" in c.get("/practices/desires/talk/?step=99").content.decode()
    assert c.get("/practices/desires/talk/?step=x").status_code == 200


def test_boundary_pages(couple):
    adults(couple.a, couple.b)
    a, b = login(couple.a), login(couple.b)
    assert a.post("/practices/desires/boundaries/", {"text": "Ask me first, please."}).status_code == 302
    assert "Ask me first" not in b.get("/practices/desires/").content.decode()
    bid = a.get("/api/practices/desires").json()["my_boundaries"][0]["id"]
    assert b.post(f"/practices/desires/boundaries/{bid}/", {"action": "share"}).status_code == 404
    a.post(f"/practices/desires/boundaries/{bid}/", {"action": "share"})
    assert "Ask me first" in b.get("/practices/desires/").content.decode()
    assert a.post("/practices/desires/boundaries/", {"text": ""}).status_code == 400
    a.post(f"/practices/desires/boundaries/{bid}/", {"action": "delete"})
    assert "Ask me first" not in b.get("/practices/desires/").content.decode()


def test_api_flow_and_declared_errors(couple):
    a, b = login(couple.a), login(couple.b)
    assert (
        a.put("/api/practices/desires/answers", {"answers": {ITEMS[0]: "yes"}}, "application/json").status_code == 403
    )
    assert a.post("/api/practices/desires/adult", {"confirmed": True}, "application/json").status_code == 200
    b.post("/api/practices/desires/adult", {"confirmed": True}, "application/json")
    bad = a.put("/api/practices/desires/answers", {"answers": {ITEMS[0]: "sure"}}, "application/json")
    assert bad.status_code == 422
    unknown = a.put("/api/practices/desires/answers", {"answers": {"nope": "yes"}}, "application/json")
    assert unknown.status_code == 400 and unknown.json()["detail"]
    r = a.put("/api/practices/desires/answers", {"answers": every("yes")}, "application/json")
    assert r.status_code == 200 and r.json()["my_finished"] and not r.json()["revealed"]
    r = b.put("/api/practices/desires/answers", {"answers": every("maybe")}, "application/json")
    body = r.json()
    assert body["revealed"] and body["shared"] == [] and len(body["maybe_together"]) == len(ITEMS)
    deck = a.get("/api/practices/desires/deck").json()
    assert [i["id"] for s in deck["sections"] for i in s["items"]] == ITEMS
    made = a.post("/api/practices/desires/boundaries", {"text": "Not when I'm exhausted"}, "application/json")
    assert made.status_code == 201 and made.json()["shared"] is False
    bid = made.json()["id"]
    assert b.patch(f"/api/practices/desires/boundaries/{bid}", {"shared": True}, "application/json").status_code == 404
    assert a.patch(f"/api/practices/desires/boundaries/{bid}", {"shared": True}, "application/json").status_code == 200
    assert b.get("/api/practices/desires").json()["partner_boundaries"] == [{"text": "Not when I'm exhausted"}]
    assert a.delete(f"/api/practices/desires/boundaries/{bid}").status_code == 204
    assert Client().get("/api/practices/desires").status_code == 401
    spec = json.loads(Client().get("/api/openapi.json").content)
    assert "/api/practices/desires/answers" in spec["paths"]


def test_history_shows_the_last_change_beside_physical_closeness(couple, answers):
    import datetime as dt

    import time_machine

    adults(couple.a, couple.b)
    today = dt.date.today()
    checkin_on(couple.a, couple.couple_id, today)
    c = login(couple.a)
    assert 'id="desires-changed"' not in c.get("/history/").content.decode()
    with time_machine.travel(dt.datetime(2027, 3, 14, 12, tzinfo=dt.UTC), tick=False):
        services.set_answers(user=couple.a, answers=every("yes"))
        services.set_answers(user=couple.b, answers=every("yes"))
    page = c.get("/history/").content.decode()
    assert 'id="desires-changed"' in page and "Mar 14, 2027" in page


def test_own_export_has_own_answers_never_the_partners(couple):
    adults(couple.a, couple.b)
    services.set_answers(user=couple.a, answers=every("no") | {ITEMS[0]: "yes"})
    services.set_answers(user=couple.b, answers=every("maybe"))
    services.add_boundary(user=couple.b, text="Partner-canary-4410", shared=True)
    services.add_boundary(user=couple.a, text="Own-canary-9902")
    data = login(couple.a).get("/settings/export.json")
    assert data.status_code == 200
    body = data.content.decode()
    exported = json.loads(body)["wishes_and_boundaries"]
    assert {a["item"]: a["answer"] for a in exported["answers"]} == every("no") | {ITEMS[0]: "yes"}
    assert "Own-canary-9902" in body and "Partner-canary-4410" not in body
    html = login(couple.a).get("/settings/export.html").content.decode()
    assert "Own-canary-9902" in html and "Partner-canary-4410" not in html


def test_deleting_an_account_removes_its_marks_boundaries_and_the_shared_list(couple):
    from closeknit.accounts import services as accounts
    from closeknit.desires.models import Boundary, DesireAnswer, Reveal
    from tests.conftest import PASSWORD

    adults(couple.a, couple.b)
    services.set_answers(user=couple.a, answers=every("yes"))
    services.set_answers(user=couple.b, answers=every("yes"))
    services.add_boundary(user=couple.a, text="Gone-with-me-5521")
    assert Reveal.objects.filter(couple_id=couple.couple_id).exists()
    accounts.delete_account(user=couple.a, password=PASSWORD)
    assert not DesireAnswer.objects.filter(author_id=couple.a.pk).exists()
    assert not Boundary.objects.exists()
    assert not Reveal.objects.filter(couple_id=couple.couple_id).exists()


def test_a_boundary_passes_through_the_safety_net_privately(couple):
    adults(couple.a, couple.b)
    a = login(couple.a)
    r = a.post(
        "/api/practices/desires/boundaries",
        {"text": "Some nights I want to kill myself and I don't know who to tell.", "shared": False},
        "application/json",
    )
    assert r.status_code == 201 and r.json()["support"], "the author is offered help at once"
    calm = a.post("/api/practices/desires/boundaries", {"text": "Ask me first, please."}, "application/json")
    assert calm.json()["support"] == []
    partner = login(couple.b).get("/api/practices/desires").json()
    assert partner["partner_boundaries"] == [] and "support" not in partner
