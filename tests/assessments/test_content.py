"""Our instruments' wording: inclusive, plain, ours. A clinician still reviews it; these catch slips."""

from __future__ import annotations

import re

import pytest

from closeknit.assessments import definitions

SHIPPED = sorted(definitions.load_all())

# Words that assume a gender, marriage, children or a faith (docs/architecture.md, Content).
ASSUMING = {
    "he", "she", "him", "her", "his", "hers", "husband", "wife", "wives", "boyfriend", "girlfriend",
    "marriage", "married", "marital", "spouse", "spouses", "children", "child", "kids", "parent", "parents",
    "god", "church", "pray", "prayer", "faith", "wedding", "man", "woman", "men", "women",
}  # fmt: skip


def texts(inst):
    """Every sentence a person reads for this instrument."""
    yield inst.title
    yield inst.description
    yield inst.instructions
    for scale in inst.scales.values():
        yield from (a.text for a in scale.anchors)
    for s in inst.scores:
        yield s.title
        yield s.description
        for b in s.bands:
            yield b.label
            yield b.meaning
    for item in inst.items:
        yield item.text


def words(text):
    return re.findall(r"[a-z']+", text.lower())


def syllables(word):
    word = word.strip("'")
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups)
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(count, 1)


def grade_level(sentences):
    """Flesch-Kincaid grade: 0.39 * words per sentence + 11.8 * syllables per word - 15.59."""
    ws = [w for s in sentences for w in words(s)]
    return 0.39 * len(ws) / len(sentences) + 11.8 * sum(map(syllables, ws)) / len(ws) - 15.59


@pytest.mark.parametrize("slug", SHIPPED)
def test_no_assumed_gender_marriage_children_or_faith(slug):
    inst = definitions.get(slug)
    for text in texts(inst):
        found = ASSUMING & set(words(text))
        assert not found, f"{slug}: {text!r} uses {found}"


@pytest.mark.parametrize("slug", SHIPPED)
def test_items_read_at_about_an_8th_grade_level(slug):
    inst = definitions.get(slug)
    assert grade_level([i.text for i in inst.items]) <= 8
    for item in inst.items:
        assert len(item.text) <= 100, f"{item.id} is long for a phone screen"
        assert item.text[-1] in ".?", f"{item.id} should end like a sentence"


def test_every_item_is_written_once():
    seen = {}
    for slug in SHIPPED:
        for item in definitions.get(slug).items:
            assert item.text not in seen, f"{item.id} repeats {seen.get(item.text)}"
            seen[item.text] = item.id


def test_item_ids_are_unique_across_instruments():
    ids = [i.id for slug in SHIPPED for i in definitions.get(slug).items]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("slug", ["closeness-check", "distance-drivers", "fear-of-closeness"])
def test_subscales_have_enough_items_for_alpha(slug):
    assert all(len(s.item_ids) >= 3 for s in definitions.get(slug).subscales)


def test_bands_never_blame():
    blaming = {"fault", "failure", "failing", "bad", "wrong", "should", "must", "dysfunctional", "disorder"}
    for slug in SHIPPED:
        for s in definitions.get(slug).scores:
            for b in s.bands:
                assert not blaming & set(words(f"{b.label} {b.meaning}")), f"{slug} {s.key}: {b.label}"
