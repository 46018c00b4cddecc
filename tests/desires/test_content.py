"""The desires deck is content a clinician edits: loaded strictly, about forty items, ids that never
repeat, and words that assume no gender, role or body."""

from __future__ import annotations

import re

import pytest
import yaml

from closeknit.core.content import ContentError
from closeknit.desires.content import FILE, deck, parse

# Words that would assume a gender, a role or a body; the deck is written for every couple.
ASSUMING = re.compile(
    r"\b(he|she|him|her|his|hers|husband|wife|boyfriend|girlfriend|man|woman|men|women|penis|vagina|breasts?|"
    r"penetrat\w*|intercourse|dominant|submissive|top|bottom|married|marriage)\b",
    re.IGNORECASE,
)


def test_the_deck_loads_with_about_forty_items_in_three_areas():
    d = deck()
    assert 36 <= len(d.items) <= 48
    assert [s.slug for s in d.sections] == ["affection", "time-and-setting", "intimacy"]
    assert len({i.id for i in d.items}) == len(d.items)
    assert d.answers == {"yes": "Yes", "maybe": "Maybe", "no": "Not for me"}
    assert len(d.steps) >= 4 and d.pause_word


def test_every_word_assumes_no_gender_role_or_body():
    d = deck()
    words = [i.text for i in d.items] + list(d.steps) + list(d.result.values()) + [d.intro, d.adults, d.paused]
    offending = [w for w in words if ASSUMING.search(w)]
    assert offending == []


def test_loading_is_strict():
    raw = yaml.safe_load(FILE.read_text(encoding="utf-8"))
    with pytest.raises(ContentError, match="unknown field"):
        parse({**raw, "colour": "blue"})
    broken = {**raw, "sections": [{**raw["sections"][0], "items": [{"id": "Bad Id", "text": "x"}]}]}
    with pytest.raises(ContentError, match="lowercase slug"):
        parse(broken)
    twice = {**raw, "sections": [raw["sections"][0], raw["sections"][0]]}
    with pytest.raises(ContentError, match="not a new"):
        parse(twice)
    with pytest.raises(ContentError, match="steps"):
        parse({**raw, "conversation": {**raw["conversation"], "steps": []}})
