"""Valence and emotion mix on real comments (GoEmotions dev, read at test time)."""

from __future__ import annotations

import pytest

from closeknit import language
from closeknit.language import data, sentiment
from closeknit.language.features import prf


def test_valence_macro_f1_on_real_comments(group_dev):
    sample = group_dev[::2]  # every other dev comment: fast, and still ~2,700 real comments
    gold = [data.valence(c.labels) or "negative" for c in sample]
    pred = [sentiment.analyze(c.text).label for c in sample]
    f1s = [prf([g == k for g in gold], [p == k for p in pred])[2] for k in ("negative", "neutral", "positive")]
    assert sum(f1s) / 3 >= 0.66


def test_result_shape():
    s = language.sentiment_of("Thank you for listening to me last night, it meant a lot.")
    assert s.label == "positive" and s.valence > 0.3
    assert abs(sum(s.emotions.values()) - 1) < 1e-3 and set(s.emotions) == set(language.EMOTIONS)
    assert s.top_emotion == "joy"
    assert s.evidence


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("I felt so alone tonight and it really hurt.", "negative"),
        ("We're picking up groceries after work.", "neutral"),
        ("I loved our walk this morning!", "positive"),
    ],
)
def test_clear_cases(text, label):
    assert sentiment.analyze(text).label == label


def test_positive_ratio():
    assert language.positive_ratio(["positive"] * 5 + ["negative", "neutral"]) == 5
    assert language.positive_ratio(["positive", "neutral"]) is None
