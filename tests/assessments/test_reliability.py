"""Cronbach's alpha per subscale, checked against a hand computation."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from closeknit.assessments import definitions
from closeknit.assessments.reliability import DEFAULT_MIN_N, cronbach_alpha, instrument_alphas

HAND = [[2, 3, 3], [4, 4, 5], [3, 3, 4], [5, 4, 5], [1, 2, 2]]


def test_alpha_by_hand():
    """Five people, three items. Sample variances (n - 1):
    item 1: 2,4,3,5,1 mean 3, squares 1+1+0+4+4 = 10 -> 2.5
    item 2: 3,4,3,4,2 mean 3.2, squares .04+.64+.04+.64+1.44 = 2.8 -> 0.7
    item 3: 3,5,4,5,2 mean 3.8, squares .64+1.44+.04+1.44+3.24 = 6.8 -> 1.7      sum = 4.9
    totals: 8,13,10,14,5 mean 10, squares 4+9+0+16+25 = 54 -> 13.5
    alpha = 3/2 * (1 - 4.9/13.5) = 1.5 * 8.6/13.5 = 0.955556
    """
    assert cronbach_alpha(HAND, min_n=5) == pytest.approx(0.955556, abs=1e-6)


def test_below_the_minimum_there_is_no_alpha():
    assert DEFAULT_MIN_N == 30
    assert cronbach_alpha(HAND) is None
    assert cronbach_alpha(HAND, min_n=6) is None


def test_rows_with_a_gap_are_left_out():
    assert cronbach_alpha([*HAND, [1, None, 5]], min_n=5) == pytest.approx(0.955556, abs=1e-6)
    assert cronbach_alpha([*HAND[:4], [1, None, 2]], min_n=5) is None


def test_degenerate_inputs():
    assert cronbach_alpha([], min_n=1) is None
    assert cronbach_alpha([[1], [2], [3]], min_n=1) is None, "one item has no internal consistency"
    assert cronbach_alpha([[2, 2]] * 40) is None, "no spread, no alpha"
    with pytest.raises(ValueError, match="same number of items"):
        cronbach_alpha([[1, 2], [1, 2, 3]])


def test_items_that_disagree_give_a_negative_alpha():
    assert cronbach_alpha([[0, 3], [4, 0], [1, 3], [3, 1]], min_n=4) < 0


@given(st.lists(st.lists(st.integers(0, 4), min_size=3, max_size=3), min_size=2, max_size=40))
def test_alpha_never_exceeds_one(rows):
    alpha = cronbach_alpha(rows, min_n=2)
    assert alpha is None or alpha <= 1 + 1e-9


@given(st.lists(st.integers(0, 4), min_size=2, max_size=40).filter(lambda v: len(set(v)) > 1), st.integers(2, 6))
def test_identical_items_give_alpha_one(values, k):
    assert cronbach_alpha([[v] * k for v in values], min_n=2) == pytest.approx(1)


def test_instrument_alphas_reverse_key_first():
    """People with a steady level of fear answer it on plain items and its mirror on reversed ones:
    keyed, every subscale hangs together; unkeyed, the reversed items would pull alpha far down."""
    inst = definitions.get("fear-of-closeness")
    rng = random.Random(7)
    answers = []
    for _ in range(40):
        level = rng.randint(0, 4)
        answers.append({i.id: (4 - level if i.reverse else level) for i in inst.items})
    answers.append({"fc01": None, "fc05": 2})  # incomplete: left out everywhere it has gaps
    result = instrument_alphas(inst, answers)
    assert set(result) == {"total", "fear_of_hurt", "fear_of_losing_self"}
    for r in result.values():
        assert r.n == 40 and r.alpha == pytest.approx(1) and r.min_n == DEFAULT_MIN_N
    assert result["fear_of_hurt"].k == 4 and result["total"].k == 8
    few = instrument_alphas(inst, answers[:10])
    assert all(r.alpha is None and r.n == 10 for r in few.values())
