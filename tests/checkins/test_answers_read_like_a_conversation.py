"""Revealed check-in answers read like a conversation: who is speaking, in a sentence ("Sam
appreciates"), each shared word in its own bubble; the reader's own answers say "You"."""

from __future__ import annotations

import re

import pytest

from closeknit.checkins import services

pytestmark = pytest.mark.django_db


def test_partner_and_own_answers_name_who_is_speaking(client, couple, answers):
    services.create_checkin(user=couple.a, answers={**answers, "appreciation": "You made me laugh.", "need": ""})
    services.create_checkin(user=couple.b, answers={**answers, "appreciation": "Thanks for the tea.", "need": ""})
    client.force_login(couple.b)
    card = client.get("/today/partner/", HTTP_HX_REQUEST="true").content.decode()
    assert f"{couple.a.name} feels" in card and f"{couple.a.name} appreciates" in card
    assert re.search(r'<figure class="bubble partner">.*You made me laugh\.</blockquote>', card, re.S)
    assert "<table" not in card
    today = client.get("/").content.decode()
    assert "You appreciate" in today and re.search(r'<figure class="bubble mine">.*Thanks for the tea\.', today, re.S)
