"""Jacobson & Truax (1991) reliable change and clinical significance, checked against hand computations."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from closeknit.assessments import definitions
from closeknit.assessments.change import (
    Z_CRITICAL,
    ChangeClass,
    ChosenCutoff,
    CutoffKind,
    Pattern,
    change_for_score,
    choose_cutoff,
    classify_change,
    couple_pattern,
    cutoff_a,
    cutoff_b,
    cutoff_c,
    minimum_reliable_change,
    reliable_change_index,
    standard_error,
    standard_error_of_difference,
)
from closeknit.assessments.definitions import Direction, GroupNorm, Norms, ReliabilityKind

UP, DOWN = Direction.HIGHER_IS_BETTER, Direction.LOWER_IS_BETTER
EXAMPLE = Path(__file__).parent / "fixtures" / "example-licensed-scale.yaml"

# Published figures for the Dyadic Adjustment Scale total (facts, no item wording):
#   Spanier, G. B. (1976). Measuring dyadic adjustment. J. Marriage Fam. 38(1), 15-28:
#     married sample (functional) M = 114.8, SD = 17.8; divorced sample (dysfunctional) M = 70.7, SD = 23.8.
#   Carey, Spector, Lantinga & Krauss (1993). Reliability of the DAS. Psychol. Assess. 5(2), 238-240:
#     total score alpha = .95; two-week test-retest = .87.
DAS_FUNCTIONAL = GroupNorm(mean=114.8, sd=17.8)
DAS_DYSFUNCTIONAL = GroupNorm(mean=70.7, sd=23.8)
DAS_ALPHA, DAS_RETEST = 0.95, 0.87


def test_das_cutoffs_by_hand():
    """Jacobson & Truax (1991) cutoffs with Spanier's (1976) DAS norms, computed by hand:
    a = M1 + 2 s1 = 70.7 + 47.6 = 118.3
    b = M0 - 2 s0 = 114.8 - 35.6 = 79.2
    c = (s0 M1 + s1 M0)/(s0 + s1) = (17.8*70.7 + 23.8*114.8)/41.6 = (1258.46 + 2732.24)/41.6 = 95.9303
    (close to the rule-of-thumb of 97 often quoted for the DAS).
    """
    assert cutoff_a(DAS_DYSFUNCTIONAL, UP) == pytest.approx(118.3)
    assert cutoff_b(DAS_FUNCTIONAL, UP) == pytest.approx(79.2)
    assert cutoff_c(DAS_FUNCTIONAL, DAS_DYSFUNCTIONAL) == pytest.approx(3990.70 / 41.6)
    assert cutoff_c(DAS_FUNCTIONAL, DAS_DYSFUNCTIONAL) == pytest.approx(95.9303, abs=1e-4)


def test_das_reliable_change_by_hand():
    """RC on the DAS with SD 17.8 (Spanier's married sample) and test-retest .87 (Carey et al. 1993):
    SE = 17.8 * sqrt(1 - .87) = 17.8 * 0.3605551 = 6.417881
    S_diff = sqrt(2 * 6.417881^2) = 9.076255;  1.96 * S_diff = 17.7895 points
    pre 80 -> post 100: RC = 20 / 9.076255 = 2.2036 > 1.96, and 80 < c = 95.93 <= 100: recovered.
    With alpha .95 instead: SE = 17.8 * sqrt(.05) = 3.980201, S_diff = 5.628854, 1.96 * S_diff = 11.0326.
    """
    assert standard_error(17.8, DAS_RETEST) == pytest.approx(6.417881, abs=1e-6)
    assert standard_error_of_difference(17.8, DAS_RETEST) == pytest.approx(9.076255, abs=1e-6)
    assert minimum_reliable_change(sd=17.8, reliability=DAS_RETEST) == pytest.approx(17.7895, abs=1e-4)
    assert reliable_change_index(80, 100, sd=17.8, reliability=DAS_RETEST) == pytest.approx(2.2036, abs=1e-4)
    assert standard_error_of_difference(17.8, DAS_ALPHA) == pytest.approx(5.628854, abs=1e-6)
    assert minimum_reliable_change(sd=17.8, reliability=DAS_ALPHA) == pytest.approx(11.0326, abs=1e-4)


def das(pre, post, reliability=DAS_RETEST, kind=ReliabilityKind.TEST_RETEST):
    cut = choose_cutoff(direction=UP, functional=DAS_FUNCTIONAL, dysfunctional=DAS_DYSFUNCTIONAL)
    return classify_change(pre, post, direction=UP, sd=17.8, reliability=reliability, reliability_kind=kind,
                           cutoff=cut, functional_group="couples who are doing well")  # fmt: skip


@pytest.mark.parametrize(
    ("pre", "post", "rc", "category", "words"),
    [
        # RC = 20/9.076255; crossed c = 95.93
        (80, 100, 2.2036, ChangeClass.RECOVERED,
         "Reliably improved, and crossed into the range typical of couples who are doing well."),
        # RC = 25/9.076255; 85 is still below c
        (60, 85, 2.7544, ChangeClass.IMPROVED,
         "Reliably improved, though still in the range typical of people who are struggling in this area."),
        # RC = 15/9.076255 = 1.6527: not reliable
        (80, 95, 1.6527, ChangeClass.UNCHANGED, "No reliable change"),
        # RC = 10/9.076255: crossed c but not reliably, so not recovered (both criteria are needed)
        (90, 100, 1.1018, ChangeClass.UNCHANGED, "No reliable change"),
        # RC = -22/9.076255 = -2.4239; 100 -> 78 crosses c downward
        (100, 78, -2.4239, ChangeClass.DETERIORATED,
         "Reliably worse, and crossed into the range typical of people who are struggling in this area."),
        # RC = -20/9.076255, both above c
        (130, 110, -2.2036, ChangeClass.DETERIORATED, "Reliably worse."),
    ],
)  # fmt: skip
def test_das_classification(pre, post, rc, category, words):
    result = das(pre, post)
    assert result.rc == pytest.approx(rc, abs=1e-4)
    assert result.category is category
    assert result.words.startswith(words)
    assert result.cutoff == ChosenCutoff(pytest.approx(95.9303, abs=1e-4), CutoffKind.C)


def test_which_reliability_is_used_matters_and_is_said():
    """pre 80 -> post 92: 12/9.076255 = 1.32 with test-retest .87, 12/5.628854 = 2.13 with alpha .95."""
    retest, alpha = das(80, 92), das(80, 92, DAS_ALPHA, ReliabilityKind.ALPHA)
    assert retest.category is ChangeClass.UNCHANGED and alpha.category is ChangeClass.IMPROVED
    assert alpha.rc == pytest.approx(2.1319, abs=1e-4)
    assert "test-retest" in retest.detail and "Cronbach's alpha" in alpha.detail
    assert "more than 17.8 points" in retest.detail and "cutoff c" in retest.detail


def test_lower_is_better_by_hand():
    """Stated inputs (illustrative, not published): SD 5, reliability .80; functional M 8 SD 4, dysfunctional M 20 SD 6.
    SE = 5 * sqrt(.2) = 2.236068; S_diff = sqrt(10) = 3.162278; pre 20 -> post 12: RC = -8/3.162278 = -2.5298.
    Lower is better, so that is a reliable improvement. c = (4*20 + 6*8)/(4 + 6) = 12.8; 12 <= 12.8: recovered.
    a = 20 - 2*6 = 8; b = 8 + 2*4 = 16.
    """
    fun, dys = GroupNorm(8, 4), GroupNorm(20, 6)
    assert cutoff_c(fun, dys) == pytest.approx(12.8)
    assert cutoff_a(dys, DOWN) == pytest.approx(8)
    assert cutoff_b(fun, DOWN) == pytest.approx(16)
    cut = choose_cutoff(direction=DOWN, functional=fun, dysfunctional=dys)
    result = classify_change(20, 12, direction=DOWN, sd=5, reliability=0.8, cutoff=cut)
    assert result.rc == pytest.approx(-2.5298, abs=1e-4)
    assert result.category is ChangeClass.RECOVERED and result.improved
    worse = classify_change(12, 20, direction=DOWN, sd=5, reliability=0.8, cutoff=cut)
    assert worse.category is ChangeClass.DETERIORATED and worse.crossed_into_dysfunctional
    assert "kind not stated" in worse.detail


def test_cutoff_preference_published_then_c_then_b_then_a():
    fun, dys = GroupNorm(30, 5), GroupNorm(10, 5)
    assert choose_cutoff(direction=UP, functional=fun, dysfunctional=dys, published=13.5).kind is CutoffKind.PUBLISHED
    assert choose_cutoff(direction=UP, functional=fun, dysfunctional=dys).kind is CutoffKind.C
    assert choose_cutoff(direction=UP, functional=fun) == ChosenCutoff(20, CutoffKind.B)
    assert choose_cutoff(direction=UP, dysfunctional=dys) == ChosenCutoff(20, CutoffKind.A)
    assert choose_cutoff(direction=UP) is None


def test_exactly_at_the_threshold_is_not_reliable():
    """SD 1 and reliability .5 give S_diff = sqrt(2 * .5) = 1, so RC equals the raw change."""
    assert standard_error_of_difference(1, 0.5) == pytest.approx(1)
    assert classify_change(0, Z_CRITICAL, direction=UP, sd=1, reliability=0.5).category is ChangeClass.UNCHANGED
    assert classify_change(0, 1.97, direction=UP, sd=1, reliability=0.5).category is ChangeClass.IMPROVED


@pytest.mark.parametrize(("sd", "r"), [(0, 0.8), (-1, 0.8), (1, 1), (1, 1.2), (1, -0.1), (math.nan, 0.5)])
def test_impossible_norms_are_refused(sd, r):
    with pytest.raises(ValueError):
        reliable_change_index(1, 2, sd=sd, reliability=r)


def test_our_scales_say_they_cannot_tell_yet():
    total = definitions.get("closeness-check").total
    result = change_for_score(total, 1.0, 3.5)
    assert result.category is ChangeClass.UNKNOWN and result.rc is None and not result.improved
    assert result.words.startswith("We can't tell yet")


def test_our_scales_use_norms_computed_from_use():
    """Stated inputs: SD 0.8 and alpha .85 computed from use. S_diff = sqrt(2) * 0.8 * sqrt(.15) = 0.438178;
    1.0 -> 2.0 gives RC = 1/0.438178 = 2.2822."""
    total = definitions.get("closeness-check").total
    computed = Norms(source="computed from 240 closeknit answer sets", reference_sd=0.8, reliability=0.85,
                     reliability_kind=ReliabilityKind.ALPHA)  # fmt: skip
    result = change_for_score(total, 1.0, 2.0, norms=computed)
    assert result.rc == pytest.approx(2.2822, abs=1e-4)
    assert result.category is ChangeClass.IMPROVED and result.words == "Reliably improved." and result.cutoff is None


def test_drivers_improve_when_they_go_down():
    sub = definitions.get("distance-drivers").score("stress_busy")
    computed = Norms(source="use", reference_sd=1.0, reliability=0.8, reliability_kind=ReliabilityKind.ALPHA)
    assert change_for_score(sub, 3.5, 1.0, norms=computed).category is ChangeClass.IMPROVED
    assert change_for_score(sub, 1.0, 3.5, norms=computed).category is ChangeClass.DETERIORATED


def test_licensed_definition_uses_its_published_cutoff_and_groups():
    """Synthetic fixture: SD 5.5, test-retest .88: S_diff = sqrt(2) * 5.5 * sqrt(.12) = 2.694439;
    10 -> 20: RC = 10/2.694439 = 3.7114; crosses the published 17.5 (c would be (4*12 + 5*22)/9 = 17.56)."""
    total = definitions.load_file(EXAMPLE).total
    result = change_for_score(total, 10, 20)
    assert result.cutoff == ChosenCutoff(17.5, CutoffKind.PUBLISHED)
    assert result.rc == pytest.approx(3.7114, abs=1e-4)
    assert result.category is ChangeClass.RECOVERED
    assert result.words.endswith("couples in the example's community sample.")
    assert "the published cutoff" in result.detail and "test-retest" in result.detail


def _c(pre, post, direction=UP):
    return classify_change(pre, post, direction=direction, sd=1, reliability=0.5)


@pytest.mark.parametrize(
    ("changes", "pattern", "words"),
    [
        ([_c(0, 3), _c(0, 3)], Pattern.BOTH, "You both reliably improved."),
        ([_c(0, 3), _c(0, 1)], Pattern.ONE, "One of you reliably improved; for the other"),
        ([_c(0, 3), _c(3, 0)], Pattern.ONE, "One of you reliably improved while the other reliably got worse."),
        ([_c(0, 1), _c(0, 0)], Pattern.NEITHER, "Neither of you has changed reliably yet."),
        ([_c(3, 0), _c(0, 0)], Pattern.NEITHER, "One of you reliably got worse"),
        ([_c(3, 0), _c(3, 0)], Pattern.NEITHER, "You both reliably got worse."),
        ([_c(0, 3), None], Pattern.ONE, "Only one of you has results to compare so far. Reliably improved."),
        ([None, None], Pattern.UNKNOWN, "There are not enough results yet to compare."),
        ([classify_change(0, 3, direction=UP), None], Pattern.UNKNOWN, "We can't tell yet"),
    ],
)  # fmt: skip
def test_couple_pattern(changes, pattern, words):
    result = couple_pattern(changes)
    assert result.pattern is pattern
    assert result.words.startswith(words)


@given(st.floats(-100, 100), st.floats(-100, 100), st.floats(0.1, 50), st.floats(0, 0.99))
def test_direction_mirrors_the_verdict(pre, post, sd, r):
    up = classify_change(pre, post, direction=UP, sd=sd, reliability=r)
    down = classify_change(pre, post, direction=DOWN, sd=sd, reliability=r)
    assert up.rc == down.rc == pytest.approx(-reliable_change_index(post, pre, sd=sd, reliability=r))
    assert up.improved == down.worse and up.worse == down.improved
    assert (up.category is ChangeClass.UNCHANGED) == (abs(up.rc) <= Z_CRITICAL)
