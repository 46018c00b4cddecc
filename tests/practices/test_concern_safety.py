"""The matcher listens to the safety net: a concern with any crisis, violence or coercion finding puts
help first and offers no conflict practice, on the page and in the API alike; everyday concerns about
fights still get conflict work, so the rule withholds only where it should."""

from __future__ import annotations

import pytest
from django.test import Client

from closeknit.practices.library import library
from closeknit.safety.models import ConflictHold

pytestmark = pytest.mark.django_db
CONFLICT = frozenset(p.slug for p in library().practices.values() if p.conflict)

UNSAFE = [
    "How do I leave my abusive relationship today without him finding out?",
    "My husband checks my phone every night and takes my whole paycheck. We fight about it constantly.",
    "She says she'll call immigration on me if I leave, and we keep arguing about money.",
    "He won't let me see my family and gets furious when I visit my mom. How do we stop fighting?",
    "My partner blocks the door when we argue so I can't leave the room.",
    "He pressures me into sex when I've said no and then we fight about it.",
    "I wear long sleeves so no one sees the bruises after our arguments.",
    "We fight all the time and honestly everyone would be better off without me.",
]
EVERYDAY = "We keep having the same fight about money and chores and never resolve it."


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _api(c: Client, text: str) -> dict:
    r = c.post("/api/practice-suggestions", {"text": text}, content_type="application/json")
    assert r.status_code == 200
    return r.json()


def test_an_everyday_fight_still_gets_conflict_work(couple):
    """The control: without the net's finding, conflict practices are what fits a fight."""
    a = _client(couple.a)
    body = _api(a, EVERYDAY)
    assert {i["practice"]["slug"] for i in body["items"]} & CONFLICT
    assert body["safety_concern"] is False and body["support"] == []
    page = a.get("/practices/mind/", {"concern": EVERYDAY}).content.decode()
    assert any(f"/practices/{slug}/" in page for slug in CONFLICT)
    assert 'id="support-card"' not in page and 'id="safety-note"' not in page


@pytest.mark.parametrize("text", UNSAFE)
def test_a_finding_puts_help_first_and_offers_no_conflict_practice_in_the_api(couple, text):
    body = _api(_client(couple.a), text)
    assert body["items"], "safe practices are still offered"
    assert not {i["practice"]["slug"] for i in body["items"]} & CONFLICT
    assert body["safety_concern"] is True
    assert body["support"] and {s["kind"] for s in body["support"]} <= {"crisis", "violence"}


@pytest.mark.parametrize("text", UNSAFE)
def test_a_finding_puts_help_first_and_offers_no_conflict_practice_on_the_page(couple, text):
    page = _client(couple.a).get("/practices/mind/", {"concern": text}).content.decode()
    card, suggestions = page.find('id="support-card"'), page.find('id="suggestions"')
    assert 0 < card < suggestions  # the help comes before any practice
    assert 'id="safety-note"' in page
    for slug in CONFLICT:
        assert f"/practices/{slug}/" not in page


def test_violence_in_a_concern_links_the_safety_plan(couple):
    page = _client(couple.a).get("/practices/mind/", {"concern": UNSAFE[0]}).content.decode()
    assert 'id="safety-plan-link"' in page and "/help/safety-plan/" in page
    crisis_only = _client(couple.a).get("/practices/mind/", {"concern": UNSAFE[-1]}).content.decode()
    assert 'id="support-card"' in crisis_only and 'id="safety-plan-link"' not in crisis_only


def test_a_concern_is_not_kept_so_it_withholds_nothing_afterwards(couple):
    """Nothing typed here is stored: the next, everyday concern is judged on its own words."""
    a = _client(couple.a)
    _api(a, UNSAFE[1])
    assert not ConflictHold.objects.exists()
    assert {i["practice"]["slug"] for i in _api(a, EVERYDAY)["items"]} & CONFLICT
