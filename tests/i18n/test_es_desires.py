"""The wishes deck in Spanish: the same items in the same order (marks are stored by id), each partner
reads the deck in their own language, and the Spanish assumes no gender, as the English does."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation
from django.utils.html import escape

from closeknit.desires.content import deck
from tests.desires.util import ITEMS, adults, every

# Spanish words that would assume a gender, a role or a body, and the generic masculine ("juntos", "los
# dos", "el uno al otro") that would speak of every couple as if it were a man's.
ASSUMING = re.compile(
    r"\b(él|ella|ellos|ellas|esposo|esposa|marido|mujer|hombre|novio|novia|pene|vagina|senos?|pechos?|"
    r"penetra\w*|coito|dominante|sumis[oa]|casad[oa]s?|matrimonio|juntos|juntas|nosotros|nosotras|"
    r"los dos|ambos|ambas|el uno|la una|uno de los dos|cansad[oa]s?|listos|seguros)\b",
    re.IGNORECASE,
)


def _words(d) -> list[str]:
    return (
        [i.text for i in d.items]
        + [s.title for s in d.sections]
        + [s.intro for s in d.sections]
        + list(d.steps)
        + list(d.result.values())
        + list(d.boundaries.values())
        + list(d.answers.values())
        + [d.title, d.intro, d.adults, d.paused, d.pause_intro, d.conversation_title]
    )


def test_the_spanish_deck_keeps_every_item_in_the_same_order():
    english, spanish = deck("en"), deck("es")
    assert [i.id for i in spanish.items] == [i.id for i in english.items]
    assert [s.slug for s in spanish.sections] == [s.slug for s in english.sections]
    assert spanish.answers == {"yes": "Sí", "maybe": "Quizás", "no": "No es para mí"}
    assert len(spanish.steps) == len(english.steps) and spanish.pause_word == "pausa"
    assert all(s.text != e.text for s, e in zip(spanish.items, english.items, strict=True))


def test_the_deck_follows_the_active_language():
    with translation.override("es"):
        assert deck().title == "Deseos y límites"
    with translation.override("en"):
        assert deck().title == "Wishes and boundaries"


def test_the_spanish_assumes_no_gender_role_or_body():
    offending = [w for w in _words(deck("es")) if ASSUMING.search(w)]
    assert offending == []


def test_the_spanish_keeps_the_answer_words_it_quotes():
    """Steps and intros quote the answers and the pause word: they must match what the buttons say."""
    d = deck("es")
    assert f'"{d.answers["no"].lower()}"' in d.intro
    assert f'"{d.answers["no"].lower()}"' in d.sections[2].intro
    assert f'"{d.result["maybe"]}"' in " ".join(d.steps)
    assert f'"{d.pause_word}"' in d.pause_intro


@pytest.mark.django_db
def test_each_partner_reads_the_reveal_and_the_talk_in_their_own_language(make_couple):
    couple = make_couple()
    couple.a.language = "es"
    couple.a.save(update_fields=["language"])
    adults(couple.a, couple.b)
    a, b = Client(), Client()
    a.force_login(couple.a)
    b.force_login(couple.b)
    assert a.post("/practices/desires/list/", every("no") | {ITEMS[0]: "yes"}).status_code == 302
    assert b.post("/practices/desires/list/", every("no") | {ITEMS[0]: "yes"}).status_code == 302
    spanish, english = deck("es").item(ITEMS[0]), deck("en").item(ITEMS[0])
    assert spanish is not None and english is not None
    page_a = a.get("/practices/desires/").content.decode()
    page_b = b.get("/practices/desires/").content.decode()
    assert escape(spanish.text) in page_a and escape(english.text) not in page_a
    assert escape(english.text) in page_b and escape(spanish.text) not in page_b
    assert escape(deck("es").title) in page_a and '<html lang="es">' in page_a
    talk = a.get("/practices/desires/talk/").content.decode()
    assert escape(deck("es").steps[0]) in talk and "pausa" in talk
    form = a.get("/practices/desires/list/").content.decode()
    assert "No es para mí" in form and f'name="{ITEMS[0]}" value="yes" checked' in form
