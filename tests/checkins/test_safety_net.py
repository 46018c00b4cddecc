"""The safety net on check-ins: crisis language shows help to its author at once, privately; the partner
never learns of it, through any page or API route."""

from __future__ import annotations

import json

import pytest

from closeknit.checkins import services
from closeknit.checkins.models import CheckIn

pytestmark = pytest.mark.django_db

HEAVY = "Some days I want to kill myself and I don't know who to tell."


def test_the_author_sees_help_at_once_and_the_partner_sees_nothing(client, couple, answers):
    couple.a.country = "US"
    couple.a.save()
    services.create_checkin(user=couple.a, answers={**answers, "note": HEAVY, "shared": [*answers["shared"], "note"]})
    services.create_checkin(user=couple.b, answers=answers)
    stored = CheckIn.objects.get(author=couple.a)
    assert stored.support and {"kind": "crisis", "level": "urgent"} in stored.support
    assert "kill" not in json.dumps(stored.support)  # only the kind of help, never the words

    client.force_login(couple.a)
    page = client.get("/").content.decode()
    assert 'id="support-card"' in page and "988" in page and "Only you see this" in page

    client.force_login(couple.b)
    for url in (
        "/",
        "/today/partner/",
        "/history/",
        "/history/?days=90",
        "/api/checkins/today",
        "/api/checkins?days=7",
    ):
        body = client.get(url).content.decode()
        assert "support-card" not in body and "carry this alone" not in body and '"support"' not in body, url


def test_this_isnt_about_me_clears_the_card(client, make_user, answers):
    person = make_user()
    checkin = services.create_checkin(user=person, answers={**answers, "note": HEAVY})
    client.force_login(person)
    assert client.post(f"/checkin/{checkin.pk}/not-about-me/").status_code == 302
    assert CheckIn.objects.get(pk=checkin.pk).support == []
    assert 'id="support-card"' not in client.get("/").content.decode()


def test_nobody_else_can_clear_it(client, couple, answers):
    checkin = services.create_checkin(user=couple.a, answers={**answers, "note": HEAVY})
    client.force_login(couple.b)
    assert client.post(f"/checkin/{checkin.pk}/not-about-me/").status_code == 404
    assert CheckIn.objects.get(pk=checkin.pk).support


def test_everyday_words_raise_no_card(client, make_user, answers):
    person = make_user()
    services.create_checkin(
        user=person, answers={**answers, "note": "This traffic is killing me, but dinner was lovely."}
    )
    client.force_login(person)
    assert 'id="support-card"' not in client.get("/").content.decode()
