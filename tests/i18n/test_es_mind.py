""" "What's on your mind?" in Spanish through the page and the API, as each partner reads it: the words are
read in their own language, the practices come back in the reader's, and the safety net still goes first."""

from __future__ import annotations

from html import unescape

import pytest
from django.test import Client

from closeknit.language import evaluate_matching
from closeknit.practices.library import library

pytestmark = pytest.mark.django_db
FAMILIES = evaluate_matching.families()
CONFLICT = frozenset(p.slug for p in library("en").practices.values() if p.conflict)
TALK = "ya no hablamos, solo de los niños y las cuentas"


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _page(user, text: str) -> str:
    response = _client(user).get("/practices/mind/", {"concern": text})
    assert response.status_code == 200
    return " ".join(unescape(response.content.decode()).split())


def _api(user, text: str) -> dict:
    r = _client(user).post("/api/practice-suggestions", {"text": text}, content_type="application/json")
    assert r.status_code == 200
    return r.json()


def _shown(page: str, lang: str) -> list[str]:
    """Slugs of the practices the page suggests, in order, each checked to carry its title in `lang`."""
    lib = library(lang)
    listed = page[page.index('id="suggestions"') :]
    slugs = sorted((listed.index(f"/practices/{s}/"), s) for s in lib.practices if f"/practices/{s}/" in listed)
    for _, slug in slugs:
        assert lib.practices[slug].title in listed, slug
    return [s for _, s in slugs]


def test_a_spanish_reader_gets_spanish_practices_that_fit_and_reasons_in_their_own_words(bilingual):
    page = _page(bilingual.a, TALK)
    slugs = _shown(page, "es")
    assert len(slugs) == 3 and evaluate_matching.hit(tuple(slugs), ("talk",), FAMILIES), slugs
    assert "Mencionaste" in page and "\u201cya no hablamos\u201d" in page
    assert 'id="support-card"' not in page and "We didn't find a close match" not in page


def test_the_api_answers_a_spanish_reader_the_same_way(bilingual):
    body = _api(bilingual.a, TALK)
    slugs = tuple(i["practice"]["slug"] for i in body["items"])
    assert evaluate_matching.hit(slugs, ("talk",), FAMILIES), slugs
    spanish = library("es")
    for item in body["items"]:
        assert item["practice"]["title"] == spanish.practices[item["practice"]["slug"]].title
        assert item["reason"].startswith("Mencionaste")
    assert body["safety_concern"] is False and body["support"] == []


def test_a_partner_reading_english_who_types_spanish_is_read_in_spanish_and_answered_in_english(bilingual):
    page = _page(bilingual.b, "cada quincena peleamos por los gastos")
    assert "money-talk" in _shown(page, "en")
    assert "You mentioned" in page and "\u201cpeleamos" in page


def test_a_spanish_reader_who_types_english_is_read_in_english(bilingual):
    page = _page(bilingual.a, "We keep fighting about money and the bills")
    slugs = _shown(page, "es")
    assert slugs[0] == "money-talk"
    assert "\u201cbills\u201d" in page


def test_an_english_reader_typing_english_sees_what_they_saw_before(bilingual):
    """The control: the same words on the page as suggest() gives with the English library pinned."""
    from closeknit.practices.matching import suggest

    text = "We're always busy and never see each other"
    pinned = suggest(text, screen_positive=False, lib=library("en"))
    page = _page(bilingual.b, text)
    assert _shown(page, "en") == list(pinned.slugs)
    for s in pinned.items:
        assert s.reason in page


@pytest.mark.parametrize(
    "text",
    [
        "mi esposo me pega cuando discutimos por dinero",
        "peleamos tanto que ya no quiero vivir",
    ],
)
def test_spanish_crisis_words_put_help_first_and_offer_no_conflict_practice(bilingual, text):
    page = _page(bilingual.a, text)
    card, suggestions = page.find('id="support-card"'), page.find('id="suggestions"')
    assert 0 < card < suggestions
    assert 'id="safety-note"' in page
    assert not set(_shown(page, "es")) & CONFLICT
    body = _api(bilingual.a, text)
    assert body["safety_concern"] is True and body["support"]
    assert not {i["practice"]["slug"] for i in body["items"]} & CONFLICT
