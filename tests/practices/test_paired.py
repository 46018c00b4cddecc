"""Answer-then-reveal for closeness questions, and emotional maps revealed together."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from closeknit.core.errors import ServiceError
from closeknit.practices.flows import paired

pytestmark = pytest.mark.django_db
MAP_A = {"surface": ["calm"], "underneath": ["grateful"], "needs": ["affection"], "note": "canary-map-note"}


def test_question_answer_then_reveal(couple, make_couple):
    paired.answer_question(user=couple.a, item="curious-01", text="The way you laughed at breakfast.")
    seen_by_b = paired.question(couple.b, "curious-01")
    assert (seen_by_b.partner_state, seen_by_b.partner) == ("waiting", None)
    assert paired.question_states(couple.b) == {"curious-01": "waiting"}
    paired.answer_question(user=couple.b, item="curious-01", text="Your message at lunch.")
    assert paired.question(couple.b, "curious-01").partner == "The way you laughed at breakfast."
    assert paired.question(couple.a, "curious-01").partner == "Your message at lunch."
    stranger = make_couple().a
    assert paired.question(stranger, "curious-01").partner_state == "none"


def test_question_refusals(couple):
    with pytest.raises(ServiceError) as exc:
        paired.answer_question(user=couple.a, item="nope", text="x")
    assert exc.value.status == 404
    with pytest.raises(ServiceError):
        paired.answer_question(user=couple.a, item="curious-01", text="   ")
    with pytest.raises(ServiceError):
        paired.answer_question(user=couple.a, item="curious-01", text="a\x00")


def test_maps_are_private_until_both_are_placed_then_revealed_together(couple):
    paired.place_map(user=couple.a, data=MAP_A)
    assert paired.map_for(couple.b).partner_state == "waiting"
    assert paired.map_for(couple.a).partner_state == "none"
    paired.place_map(user=couple.b, data={"surface": ["anxious"], "underneath": [], "needs": ["affection", "rest"]})
    assert paired.current_round(couple.a) == 2
    last_a, last_b = paired.last_revealed(couple.a), paired.last_revealed(couple.b)
    assert last_a.partner["needs"] and last_b.partner["note"] == "canary-map-note"
    assert paired.shared_needs(last_a) == [last_a.mine["needs"][0]]
    c = Client()
    c.force_login(couple.a)
    assert 'id="needs-in-common"' in c.get("/practices/map/").content.decode()
    with connection.cursor() as cur:
        cur.execute("SELECT value FROM practices_pairedanswer")
        assert all("canary" not in v and "calm" not in v for (v,) in cur.fetchall())


@pytest.mark.parametrize(
    "data",
    [
        {"surface": ["not-a-feeling"], "needs": ["affection"]},
        {"surface": ["calm"], "needs": []},
        {"surface": "calm", "needs": ["nope"]},
        {"surface": [1], "needs": ["affection"]},
        {"surface": ["calm"], "needs": ["affection"], "note": 5},
    ],
)
def test_bad_maps_are_refused(couple, data):
    with pytest.raises(ServiceError):
        paired.place_map(user=couple.a, data=data)


def test_pages(couple):
    c = Client()
    c.force_login(couple.a)
    assert c.get("/practices/questions/").status_code == 200
    assert c.post("/practices/questions/curious-01/", {"text": "Hello"}).status_code == 302
    assert "Hello" in c.get("/practices/questions/curious-01/").content.decode()
    assert c.get("/practices/questions/nope/").status_code == 404
    assert c.post("/practices/map/", {"surface": ["calm"], "needs": ["affection"]}).status_code == 302
    html = c.get("/practices/map/").content.decode()
    assert "Waiting for" in html and 'id="get-help"' in html
    assert c.post("/practices/map/", {"surface": ["calm"]}).status_code == 400


def test_a_solo_map_waits_and_can_be_changed(make_user):
    person = make_user()
    paired.place_map(user=person, data=MAP_A)
    paired.place_map(user=person, data={**MAP_A, "note": "changed"})
    assert paired.current_round(person) == 1
    assert paired.map_for(person).mine["note"] == "changed"
