"""The crisis net's gate loses nothing: with it, `crisis.check` finds exactly what it finds without it.

The gate (crisis.anchors) skips a pattern or an idiom only when the text lacks a string that every
match of it contains, read from its own parse tree; which of those strings a text holds is found from
the text's side (crisis._present). These tests check that claim on strings generated to match each
pattern, on every crisis text the repository's tests and lexicons hold, on our own dev sets in
evaldata/ (framing, Spanish, coercive control) in both languages, and on the public dev sets
(everyday comments, counselling questions) when CLOSEKNIT_DATA is set.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from closeknit.language import crisis, data, evaluate, evaluate_coercion, evaluate_spanish

TESTS = Path(__file__).resolve().parents[1]
# Test files whose string literals are crisis and near-crisis texts (disclosures, denials, idioms, quotes).
CRISIS_TEST_FILES = [
    TESTS / "language" / "test_crisis.py",
    TESTS / "language" / "test_crisis_framing.py",
    TESTS / "language" / "test_coercion.py",
    *sorted((TESTS / "safety").glob("test_*.py")),
]
PATTERNS = crisis.lexicon().patterns


def _same(text: str, language: str = "en") -> None:
    assert crisis.check(text, language=language) == crisis.check(text, gate=False, language=language), text


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


def _evaldata() -> list[str]:
    """Every text of our own dev sets: what `evaluate` reads for framing, `--only spanish` and coercion."""
    texts = [t for _, t in evaluate.framing()] + [r.text for r in evaluate_spanish.load()]
    for name in ("coercion_dev.tsv", "coercion_heldout.tsv", "coercion_heldout2.tsv"):
        texts += [r.text for r in evaluate_coercion.load(name)]
    return texts


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_gate_changes_no_finding_on_our_dev_sets(language):
    texts = _evaldata()
    assert len(texts) > 800  # framing ~50, Spanish ~130, coercion ~800
    flagged = 0
    for text in texts:
        _same(text, language)
        flagged += bool(crisis.check(text, language=language))
    assert flagged > 300  # the comparison covered real findings in this language, not only silence


def test_the_gate_changes_no_finding_on_the_spanish_lexicons_examples():
    for examples in crisis.lexicon(crisis.LEXICONS["es"]).examples.values():
        for kind in examples.values():
            for text in kind:
                _same(text, "es")
                _same(text, "en")


def test_gated_idiom_masking_is_the_same_masking():
    for lex in (crisis.lexicon(), crisis.lexicon(crisis.LEXICONS["es"])):
        for text in _literals() + _evaldata():
            folded = crisis.fold(text, accents=lex.fold_accents)
            gated = crisis.mask_idioms(folded, lex, crisis._present(folded, lex))
            assert gated == crisis.mask_idioms(folded, lex), text


_ANCHORS = sorted(crisis.lexicon().known)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_ANCHORS), st.text(max_size=6)), max_size=12))
def test_the_anchors_found_from_the_texts_side_are_those_in_it(pieces):
    text = "".join(pieces)
    for lex in (crisis.lexicon(), crisis.lexicon(crisis.LEXICONS["es"])):
        assert crisis._present(text, lex) == {a for a in lex.known if a in text}


@settings(max_examples=600, deadline=None)
@given(st.text(), st.booleans())
def test_folding_whole_is_folding_each_character(text, accents):
    slow = crisis._fold_each(text.translate(crisis._FOLD_ACCENTS if accents else crisis._FOLD), accents)
    assert crisis.fold(text, accents=accents) == slow


def test_folding_whole_keeps_offsets_on_the_awkward_letters():
    for text in ["İstanbul ΣΑΣ", "Straße ﬁne", "KELVIN \u212a", "I\u2019M FINE", "ÀÉÎÕÜ ñ"]:
        for accents in (False, True):
            assert len(crisis.fold(text, accents=accents)) == len(text)
