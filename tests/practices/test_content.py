"""Tone rules from docs/architecture.md (Content) that a machine can check: words for every couple, offers not
orders, about an 8th-grade reading level, and no sentences lifted from well-known question sets."""

from __future__ import annotations

import re

import pytest

from closeknit.practices.library import Deck, Practice, library

# Words that assume a gender, marriage, children, religion or culture. Practices speak of "your partner"
# and "they"; a person's own words in the matcher's vocabulary may use any of these.
ASSUMING = re.compile(
    r"\b(husband|wife|wives|boyfriend|girlfriend|marriage|married|spouse|wedding|fianc\w*|"
    r"he|she|him|her|his|hers|himself|herself|mum|mom|dad|kids?|children|baby|"
    r"god|church|pray\w*|christmas|bless\w*)\b",
    re.IGNORECASE,
)
ORDERS = re.compile(r"\b(you must|you should|you have to|you need to|you'd better|never ever)\b", re.IGNORECASE)
# Distinctive fragments of widely published question sets: our decks must not echo them.
ECHOES = [
    "dinner guest",
    "crystal ball",
    "perfect day",
    "rehearse what",
    "age of 90",
    "treasured memory",
    "terrible memory",
    "house catches fire",
    "three true",
    "life story",
]


def practice_text(p: Practice) -> list[str]:
    return [p.title, p.purpose, *(s.text for s in p.steps), p.if_heated, p.reflection.prompt]


def deck_text(d: Deck) -> list[str]:
    return [d.title, d.intro, *(s.title for s in d.sets), *(s.intro for s in d.sets), *(i.text for i in d.items)]


def everything() -> list[tuple[str, list[str]]]:
    lib = library()
    return [(p.source, practice_text(p)) for p in lib.practices.values()] + [
        (d.source, deck_text(d)) for d in lib.decks.values()
    ]


@pytest.mark.parametrize(("source", "texts"), everything(), ids=[s for s, _ in everything()])
def test_words_for_every_couple(source, texts):
    found = sorted({m.group(0).lower() for t in texts for m in ASSUMING.finditer(t)})
    assert not found, f"{source}: {found}"


@pytest.mark.parametrize(("source", "texts"), everything(), ids=[s for s, _ in everything()])
def test_offer_dont_order(source, texts):
    found = sorted({m.group(0).lower() for t in texts for m in ORDERS.finditer(t)})
    assert not found, f"{source}: {found}"


def test_no_echoes_of_published_question_sets():
    text = " ".join(t for _, texts in everything() for t in texts).lower()
    assert not [e for e in ECHOES if e in text]


def syllables(word: str) -> int:
    word = word.lower().strip("'")
    groups = re.findall(r"[aeiouy]+", word)
    n = len(groups)
    if word.endswith("e") and not word.endswith(("le", "ee")) and n > 1:
        n -= 1
    return max(n, 1)


def grade(text: str) -> float:
    """Flesch–Kincaid grade level, with a rough syllable count: a guide, not a verdict."""
    sentences = max(len(re.findall(r"[.!?]+(?:\s|$)", text)), 1)
    words = re.findall(r"[A-Za-z']+", text)
    if not words:
        return 0.0
    syl = sum(syllables(w) for w in words)
    return 0.39 * len(words) / sentences + 11.8 * syl / len(words) - 15.59


@pytest.mark.parametrize("practice", list(library().practices.values()), ids=lambda p: p.slug)
def test_about_an_8th_grade_reading_level(practice):
    text = " ".join(t if t.rstrip().endswith((".", "?", "!")) else t + "." for t in practice_text(practice))
    assert grade(text) <= 8.5, f"{practice.source}: grade {grade(text):.1f}; use shorter words and sentences"
