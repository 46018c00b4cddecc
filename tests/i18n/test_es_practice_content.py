"""The practices' own words in Spanish: a person whose language is Spanish reads each practice's title and
steps from its .es.yaml copy, while the English partner in the same couple reads the English file."""

from __future__ import annotations

from html import unescape

import pytest
from django.test import Client

from closeknit.practices import matching
from closeknit.practices.library import library

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_every_practice_has_spanish_words_and_the_same_steps():
    english, spanish = library("en"), library("es")
    for slug, en in english.practices.items():
        es = spanish.practices[slug]
        assert es.title != en.title and es.purpose != en.purpose, slug
        assert [(s.role, s.timer_seconds) for s in es.steps] == [(s.role, s.timer_seconds) for s in en.steps], slug
        assert (es.kind, es.drivers, es.modes, es.duration_minutes, es.deck, es.conflict) == (
            en.kind,
            en.drivers,
            en.modes,
            en.duration_minutes,
            en.deck,
            en.conflict,
        ), slug


def test_each_partner_reads_the_practice_in_their_own_language(bilingual):
    spanish, english = library("es").get("hard-conversation"), library("en").get("hard-conversation")
    page_es = unescape(_client(bilingual.a).get("/practices/hard-conversation/").content.decode())
    page_en = unescape(_client(bilingual.b).get("/practices/hard-conversation/").content.decode())
    assert spanish.title in page_es and english.title not in page_es
    assert english.title in page_en and spanish.title not in page_en


def test_a_spanish_run_shows_the_spanish_steps(bilingual):
    c = _client(bilingual.a)
    response = c.post("/practices/breathing-together/start/")
    assert response.status_code == 302
    html = unescape(c.get(response["Location"]).content.decode())
    first = library("es").get("breathing-together").steps[0].text
    assert first in " ".join(html.split())


def test_the_spanish_keywords_let_whats_on_your_mind_find_a_fit():
    found = matching.suggest("siempre peleamos por dinero", screen_positive=False, lib=library("es"))
    assert "money-talk" in found.slugs and not found.used_fallback
