"""Gentle start-up coach: cues with their phrases, a calm rewrite, and the harshness model's AUC."""

from __future__ import annotations

import re

import pytest

from closeknit import language
from closeknit.language import coaching
from closeknit.language.features import roc_auc
from closeknit.language.train import harsh_label, politeness_quartiles


def _examples(kind: str):
    for pattern, examples in coaching.rules().examples.items():
        for text in examples.get(kind, []):
            yield pytest.param(pattern, text, id=f"{pattern}:{text[:40]}")


@pytest.mark.parametrize(("pattern", "text"), list(_examples("hit")))
def test_every_hit_example_shows_its_pattern_and_phrase(pattern, text):
    result = coaching.coach(text)
    assert result.harsh
    cue = next(c for c in result.cues if c.pattern == pattern)
    assert cue.phrase and text[cue.start : cue.end] == cue.phrase
    assert cue.explain and cue.try_instead


@pytest.mark.parametrize(("pattern", "text"), list(_examples("miss")))
def test_every_miss_example_has_no_cue_of_that_pattern(pattern, text):
    assert pattern not in {c.pattern for c in coaching.coach(text).cues}


@pytest.mark.parametrize(("pattern", "text"), list(_examples("hit")))
def test_the_rewrite_no_longer_triggers(pattern, text):
    rewrite = coaching.coach(text).rewrite
    assert rewrite and rewrite.startswith("I feel ") and " about " in rewrite and " I need " in rewrite
    again = coaching.coach(rewrite)
    assert not again.harsh, (rewrite, again)


def test_rewrite_uses_the_parse():
    result = language.coach("You never help with the dishes.")
    assert result.cues[0].phrase == "You never help with the dishes"
    assert re.fullmatch(r"I feel [a-z ]+ about the dishes\. I need you to help with the dishes\.", result.rewrite)


def test_rewrites_of_real_harsh_comments_are_calm(goemotions_dev):
    harsh = [r for r in (coaching.coach(c.text) for c in goemotions_dev[:1500]) if r.harsh]
    assert len(harsh) > 20
    for result in harsh:
        assert result.rewrite and not coaching.coach(result.rewrite).harsh


def test_gentle_requests_are_left_alone():
    for text in (
        "Could we talk tonight about the weekend? I'd love to plan it together.",
        "I feel a bit lonely lately. I need some time with you this week.",
    ):
        assert not coaching.coach(text).harsh


def test_harshness_auc_on_held_out_requests(politeness_held):
    train, held = politeness_held
    low, high = politeness_quartiles(train)
    rows = [(r.text, harsh_label(r.score, low, high)) for r in held]
    rows = [(t, lab) for t, lab in rows if lab is not None]
    assert roc_auc([lab for _, lab in rows], [coaching.harshness(t) for t, _ in rows]) >= 0.75
