"""Today shows one next step, then at most three cards, and no two of them ask for the same thing.
The ranking (closeknit.checkins.today.rank) is pure and tested on its own; the pages are tested over HTTP."""

from __future__ import annotations

import re

import pytest

from closeknit.checkins import services
from closeknit.checkins.today import CHECKIN, CHECKUPS, CLINICIAN, INTENSIVE, MINE, PARTNER, PLAN, SAFETY, Card, rank
from closeknit.couples.models import Couple, Invitation
from tests.checkins.test_safety_net import HEAVY


def card(key: str, priority: int, *asks: str, informs: bool = False, items=None) -> Card:
    return Card(key, priority, "x.html", asks=frozenset(asks), informs=informs, items=items)


def shown(html: str) -> tuple[str | None, list[str]]:
    """(the next step's key, the keys of the cards after it), read from the page as a person gets it."""
    nxt = re.search(r'id="next-step" data-today-card="([a-z]+)"', html)
    keys = re.findall(r'data-today-card="([a-z]+)"', html)
    return (nxt.group(1) if nxt else None), keys[1:] if nxt else keys


# --- the rule, on its own -------------------------------------------------------------------------


def test_safety_comes_first_and_is_never_outranked():
    nxt, cards, _ = rank(
        [card("checkin", CHECKIN, "checkin"), card("asked", CLINICIAN, "checkup:a"), card("safety", SAFETY, "safety")]
    )
    assert nxt.key == "safety" and [c.key for c in cards] == ["checkin", "asked"]
    # Even a card that claims an impossible priority cannot go before it.
    nxt, _, _ = rank([card("safety", SAFETY, "safety"), card("odd", -5, "x")])
    assert nxt.key == "safety"


def test_the_next_step_is_the_highest_card_that_still_asks_something():
    nxt, cards, _ = rank([card("partner", PARTNER), card("mine", MINE), card("plan", PLAN, "plan:gratitude")])
    assert nxt.key == "plan" and [c.key for c in cards] == ["partner", "mine"]
    nxt, cards, _ = rank([card("partner", PARTNER), card("mine", MINE)])  # nothing asked: no next step
    assert nxt is None and [c.key for c in cards] == ["partner", "mine"]


def test_no_two_cards_ask_for_the_same_thing():
    nxt, cards, dropped = rank(
        [
            card("asked", CLINICIAN, "clinician-asks", items=(("checkup:closeness", 1), ("checkup:drivers", 2))),
            card("intensive", INTENSIVE, "clinician-asks", informs=True),
            card("checkups", CHECKUPS, items=(("checkup:closeness", 1), ("checkup:pulse", 3))),
            card("again", CHECKUPS + 1, items=(("checkup:drivers", 2),)),
        ]
    )
    assert nxt.key == "asked"
    by_key = {c.key: c for c in cards}
    assert by_key["intensive"].repeats == {"clinician-asks"}  # kept for its dates, its ask is said once
    assert by_key["checkups"].things == [3]  # the closeness check is already asked above
    assert "again" in dropped and "again" not in by_key
    asks = [a for c in (nxt, *cards) for a in c.all_asks - c.repeats]
    assert len(asks) == len(set(asks))


def test_at_most_three_cards_after_the_next_step():
    many = [card(f"c{n}", 30 + n, f"ask{n}") for n in range(7)]
    nxt, cards, dropped = rank(many)
    assert nxt.key == "c0" and [c.key for c in cards] == ["c1", "c2", "c3"] and dropped == ("c4", "c5", "c6")


# --- the pages ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_new_couple_sees_the_check_in_first_and_three_cards_at_most(client, couple):
    client.force_login(couple.a)
    page = client.get("/").content.decode()
    nxt, cards = shown(page)
    assert nxt == "checkin" and len(cards) <= 3
    assert page.count('id="start-checkin"') == 1 and 'id="next-step"' in page
    assert "partner" in cards and "checkups" in cards


@pytest.mark.django_db
def test_after_checking_in_the_next_step_moves_on(client, couple, answers):
    services.create_checkin(user=couple.a, answers=answers)
    client.force_login(couple.a)
    page = client.get("/").content.decode()
    nxt, cards = shown(page)
    assert nxt == "checkups" and "checkin" not in cards and len(cards) <= 3
    assert 'id="start-checkin"' not in page


@pytest.mark.django_db
def test_a_safety_card_is_the_next_step_and_only_its_author_sees_it(client, couple, answers):
    couple.a.country = "US"
    couple.a.save()
    services.create_checkin(user=couple.a, answers={**answers, "note": HEAVY})
    client.force_login(couple.a)
    page = client.get("/").content.decode()
    nxt, cards = shown(page)
    assert nxt == "safety" and len(cards) <= 3
    step = page[page.index('id="next-step"') : page.index('data-today-card="', page.index('id="next-step"') + 40)]
    assert 'id="support-card"' in step  # the support card is inside the next step, nowhere else
    client.force_login(couple.b)
    assert shown(client.get("/").content.decode())[0] == "checkin"  # nothing of it on the partner's Today


# --- first run ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_first_run_asks_one_thing_and_writes_nothing(client, make_user):
    person = make_user()
    client.force_login(person)
    page = client.get("/").content.decode()
    assert 'id="invite-partner"' in page and 'id="start-alone"' in page
    assert "days in a row" not in page and 'id="start-checkin"' not in page
    assert not Couple.objects.exists()


@pytest.mark.django_db
def test_start_on_my_own_leads_to_a_today_that_never_mentions_a_partner(client, make_user):
    person = make_user()
    client.force_login(person)
    r = client.post("/space/alone/")
    assert r.status_code == 302 and r.url == "/"
    page = client.get("/").content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    assert 'id="start-checkin"' in main and "partner" not in main.lower() and "invite" not in main.lower()
    assert client.post("/space/alone/").status_code == 302  # twice is harmless: still one space
    assert Couple.objects.count() == 1


@pytest.mark.django_db
def test_invite_from_first_run_makes_the_space_and_the_link(client, make_user, settings):
    settings.SITE_URL = "https://closeknit.example"
    person = make_user()
    client.force_login(person)
    r = client.post("/space/invite/first/")
    assert r.status_code == 302 and r.url == "/space/invite/send/"
    inv = Invitation.objects.get()
    page = client.get(r.url).content.decode()
    # Without script the link is right there to copy; with it, the share button opens the share sheet.
    assert f'value="https://closeknit.example/join/{inv.token}/"' in page and 'id="share-invite"' in page
    assert "try closeknit together" in page
    today = client.get("/").content.decode()
    assert shown(today)[0] == "checkin" and 'id="invite-waiting"' in today
    assert client.get("/space/invite/first/").status_code == 405
