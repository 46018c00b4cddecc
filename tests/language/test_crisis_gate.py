"""The crisis net's gate loses nothing: with it, `crisis.check` finds exactly what it finds without it.

The gate (crisis.anchors) skips a pattern only when the text lacks a string that every match of that
pattern contains, read from the pattern's own parse tree. These tests check that claim three ways: on
strings generated to match each pattern, on every crisis text the repository's tests and lexicon hold,
and on the public dev sets (everyday comments, counselling questions) when CLOSEKNIT_DATA is set.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from closeknit.language import crisis, data

TESTS = Path(__file__).resolve().parents[1]
# Test files whose string literals are crisis and near-crisis texts (disclosures, denials, idioms, quotes).
CRISIS_TEST_FILES = [
    TESTS / "language" / "test_crisis.py",
    TESTS / "language" / "test_crisis_framing.py",
    TESTS / "language" / "test_coercion.py",
    *sorted((TESTS / "safety").glob("test_*.py")),
]
PATTERNS = crisis.lexicon().patterns


def _same(text: str) -> None:
    assert crisis.check(text) == crisis.check(text, gate=False), text


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_gate_admits_every_text_a_pattern_matches(draw):
    index = draw.draw(st.integers(0, len(PATTERNS) - 1), label="pattern")
    pattern = PATTERNS[index]
    text = draw.draw(st.from_regex(pattern.regex), label="text")
    if pattern.regex.search(text):
        assert pattern in crisis._candidates(text, crisis.lexicon()), (pattern.regex.pattern, text)


def test_every_pattern_has_a_gate():
    """A pattern without anchors still runs every time (safe), but would mean the gate saves little."""
    assert all(p.anchors for p in PATTERNS)


def _literals() -> list[str]:
    texts = set()
    for path in CRISIS_TEST_FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and " " in node.value.strip():
                texts.add(node.value)
    for examples in crisis.lexicon().examples.values():
        for kind in examples.values():
            texts.update(kind)
    return sorted(texts)


def test_the_gate_changes_no_finding_on_the_repositorys_crisis_texts():
    texts = _literals()
    assert len(texts) > 150  # the files above hold about 180; far fewer means they moved
    flagged = 0
    for text in texts:
        _same(text)
        flagged += bool(crisis.check(text))
    assert flagged > 60  # about 75 are disclosures: the comparison covered real findings, not only silence


def _need(folder: str) -> None:
    if not (data.data_dir() / folder).exists():
        pytest.skip(f"{folder}/ not found: set CLOSEKNIT_DATA to the folder holding the public data sets (see README)")


def test_the_gate_changes_no_finding_on_everyday_comments():
    _need("goemotions")
    comments = data.goemotions("original", "dev")
    for comment in comments:
        _same(comment.text)


def test_the_gate_changes_no_finding_on_counselling_questions():
    _need("counselchat")
    for question in data.counselchat():
        _same(question.text)
