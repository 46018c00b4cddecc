"""The other phone knows: when one partner opens a hard conversation, the other sees a Today card to
join (the opener never does, and it never carries the opening's words), a space where joint conflict
work is withheld never sees one, and the speaker's clock starts only once both phones are there."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from closeknit.practices.flows import talk as talks
from closeknit.practices.models import Conversation
from closeknit.safety.models import ConflictHold

pytestmark = pytest.mark.django_db
OPENER = "I feel lonely about our evenings and I need a walk together on Sunday."
T0 = dt.datetime(2030, 12, 31, 23, 40, tzinfo=dt.UTC)


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_the_partner_sees_a_card_to_join_and_the_opener_does_not(couple):
    talk = talks.start(user=couple.a, slug="hard-conversation", opener=OPENER)
    theirs = _client(couple.b).get("/").content.decode()
    assert 'id="talk-waiting"' in theirs and f"{couple.a.name} opened a conversation" in theirs
    assert f'href="/practices/talk/{talk.pk}/"' in theirs
    assert "lonely" not in theirs and "walk together" not in theirs  # no words of the opening on Today
    # Ranked just after the check-in card.
    assert theirs.index('data-today-card="checkin"') < theirs.index('data-today-card="talk"')
    mine = _client(couple.a).get("/").content.decode()
    assert 'id="talk-waiting"' not in mine
    # Once the partner has joined, the card has done its work.
    assert _client(couple.b).get(f"/practices/talk/{talk.pk}/").status_code == 200
    assert 'id="talk-waiting"' not in _client(couple.b).get("/").content.decode()


def test_no_card_where_joint_conflict_work_is_withheld(couple):
    talk = talks.start(user=couple.a, slug="hard-conversation", opener=OPENER)
    ConflictHold.objects.create(user=couple.a)  # held after it opened: the card still must not show
    for who in (couple.a, couple.b):
        html = _client(who).get("/").content.decode()
        assert 'id="talk-waiting"' not in html and f"/practices/talk/{talk.pk}/" not in html


def test_the_speakers_clock_starts_when_both_are_there(couple):
    with time_machine.travel(T0, tick=False) as clock:
        talk = talks.start(user=couple.a, slug="hard-conversation", opener=OPENER)
        assert talks.seconds_left(talk) is None
        html = _client(couple.a).get(f"/practices/talk/{talk.pk}/").content.decode()
        assert f"Waiting for {couple.b.name} to join" in html
        clock.shift(dt.timedelta(minutes=5))  # the partner takes five minutes to pick up their phone
        assert Conversation.objects.get().joined_at is None  # the opener's own visits are not joining
        _client(couple.b).get(f"/practices/talk/{talk.pk}/")
        talk = Conversation.objects.get()
        assert talk.joined_at == T0 + dt.timedelta(minutes=5)
        clock.shift(dt.timedelta(seconds=30))
        assert talks.seconds_left(talk) == talks.SPEAK_SECONDS - 30
        html = _client(couple.a).get(f"/practices/talk/{talk.pk}/").content.decode()
        assert "Waiting for" not in html and 'id="timer-clock"' in html
        clock.shift(dt.timedelta(seconds=30))
        _client(couple.b).get(f"/practices/talk/{talk.pk}/")  # coming back does not restart the clock
        assert Conversation.objects.get().joined_at == T0 + dt.timedelta(minutes=5)


def test_joining_over_the_api_starts_the_clock(couple):
    with time_machine.travel(T0, tick=False) as clock:
        a = _client(couple.a)
        r = a.post("/api/conversations", {"slug": "hard-conversation", "own": OPENER}, content_type="application/json")
        assert r.status_code == 201 and r.json()["seconds_left"] is None  # waiting for the other phone
        clock.shift(dt.timedelta(minutes=2))
        r = _client(couple.b).post("/api/conversations", {"slug": "hard-conversation"}, content_type="application/json")
        assert r.status_code == 201 and r.json()["seconds_left"] == talks.SPEAK_SECONDS
        assert Conversation.objects.get().joined_at == T0 + dt.timedelta(minutes=2)
