"""Scoring shipped instruments by hand-checked examples, and any valid definition by properties."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from closeknit.assessments import definitions
from closeknit.assessments.definitions import OUR_LABEL, Band, Method
from closeknit.assessments.scoring import AnswerError, band_for, combine, keyed_value, reverse_value, score

EXAMPLE = Path(__file__).parent / "fixtures" / "example-licensed-scale.yaml"


def closeness():
    return definitions.get("closeness-check")


def all_answers(inst, value):
    return {i.id: value for i in inst.items}


# --- examples on the shipped instruments ---------------------------------------------------------
def test_reverse_keyed_items_count_the_other_way():
    inst = closeness()
    answers = {i.id: (0 if i.reverse else 4) for i in inst.items}  # the most open answer everywhere
    result = score(inst, answers)
    assert result.total is not None and result.total.value == 4
    assert result.keyed["cc03"] == 4 and result.keyed["cc01"] == 4
    assert result.total.band is not None and result.total.band.label == "Feeling close"


def test_subscale_by_hand():
    """safe_to_share = mean(cc01=3, cc02=2, keyed cc03 = 0 + 4 - 1 = 3) = 8/3."""
    inst = closeness()
    answers = all_answers(inst, 2) | {"cc01": 3, "cc02": 2, "cc03": 1}
    sub = score(inst, answers).subscales["safe_to_share"]
    assert sub.value == pytest.approx(8 / 3)
    assert sub.band is not None and sub.band.label == "Close in some ways"
    assert (sub.answered, sub.missing, sub.prorated) == (3, 0, False)


def test_one_skipped_item_is_prorated_two_are_not_scored():
    inst = closeness()
    one = score(inst, all_answers(inst, 3) | {"cc01": None}).subscales["safe_to_share"]
    assert one.value == pytest.approx((3 + (4 - 3)) / 2) and one.prorated and one.missing == 1
    two = score(inst, all_answers(inst, 3) | {"cc01": None, "cc02": None})
    assert two.subscales["safe_to_share"].value is None and two.subscales["safe_to_share"].band is None
    assert two.total is not None and two.total.value is not None, "the total allows up to three skipped items"


def test_drivers_have_no_total_and_score_every_driver():
    inst = definitions.get("distance-drivers")
    result = score(inst, all_answers(inst, 0))
    assert result.total is None
    assert len(result.subscales) == 7
    # answering 0 everywhere: reverse items (e.g. "we find a way forward") key to 4, so each driver is 4/3
    assert result.subscales["unresolved_conflict"].value == pytest.approx(4 / 3)
    assert result.subscales["stress_busy"].value == 0
    assert result.subscales["stress_busy"].band.label == "Not much of a driver"


def test_slider_scales_check_the_step():
    inst = definitions.get("weekly-pulse")
    assert score(inst, {"wp1": 10, "wp2": 0, "wp3": 7, "wp4": 3}).total.value == 5
    with pytest.raises(AnswerError, match=r"Question 1 .*choose a number from 0 to 10 in steps of 1"):
        score(inst, {"wp1": 5.5})


def test_synthetic_sum_scale_allows_no_skipped_item():
    inst = definitions.load_file(EXAMPLE)
    full = score(inst, {"ex1": 5, "ex2": 0, "ex3": 5, "ex4": 1, "ex5": 2, "ex6": 3})
    assert full.total.value == 5 + 5 + 5 + 1 + 2 + 2  # ex2 0 -> 5, ex6 3 -> 2
    assert full.subscales["part_a"].value == 15 and full.total.band.label == "Example high band"
    part = score(inst, {"ex1": 5, "ex2": 0, "ex3": 5, "ex4": 1, "ex5": 2})
    assert part.total.value is None and part.subscales["part_a"].value == 15


@pytest.mark.parametrize(
    ("answers", "field", "words"),
    [
        ({"cc01": 7}, "cc01", "Question 1 (“I can tell my partner how I really feel…”): 7 is not an answer here; "
                              "choose one of 0, 1, 2, 3, 4."),
        ({"cc02": -1}, "cc02", "Question 2"),
        ({"cc04": 2.5}, "cc04", "2.5 is not an answer here"),
        ({"cc05": True}, "cc05", "should be a number"),
        ({"cc06": "3"}, "cc06", "should be a number"),
        ({"cc07": float("nan")}, "cc07", "not an answer here"),
        ({"wp1": 5}, "wp1", "'wp1' is not a question in Closeness check."),
        ({}, "cc01", "Please answer at least one question of Closeness check."),
        ({"cc01": None}, "cc01", "Please answer at least one question"),
    ],
)  # fmt: skip
def test_bad_answers_get_a_clear_error(answers, field, words):
    with pytest.raises(AnswerError) as info:
        score(closeness(), answers)
    assert info.value.field == field and info.value.status == 400 and info.value.code == "bad_answer"
    assert words in info.value.message


def test_every_bad_answer_is_reported_together():
    with pytest.raises(AnswerError) as info:
        score(closeness(), {"cc01": 9, "cc02": 9, "zz": 1})
    assert set(info.value.errors) == {"cc01", "cc02", "zz"}
    assert info.value.message.endswith("(2 more answers need a look.)")


# --- properties over any valid definition --------------------------------------------------------
@st.composite
def instruments(draw):
    lo = draw(st.integers(-3, 3))
    width = draw(st.integers(1, 8))
    discrete = draw(st.booleans())
    if discrete:
        scale = {"anchors": [{"value": lo + k, "text": f"Example anchor {k}"} for k in range(width + 1)]}
    else:
        step = draw(st.sampled_from([None, 0.5, 1]))
        scale = {
            "min": lo,
            "max": lo + width,
            "anchors": [{"value": lo, "text": "Low"}, {"value": lo + width, "text": "High"}],
        }
        if step:
            scale["step"] = step
    n = draw(st.integers(1, 10))
    n_sub = draw(st.integers(0, min(3, n)))
    owner = list(range(n_sub)) + [draw(st.integers(0, max(n_sub - 1, 0))) for _ in range(n - n_sub)]
    items = []
    for k in range(n):
        item = {"id": f"i{k}", "text": f"Example item {k}", "scale": "s", "reverse": draw(st.booleans())}
        if n_sub:
            item["subscale"] = f"s{owner[k]}"
        items.append(item)
    subscales = []
    for s in range(n_sub):
        size = owner.count(s)
        subscales.append({"id": f"s{s}", "title": f"Sub {s}", "max_missing": draw(st.integers(0, size - 1))})
    data = {
        "slug": "generated", "title": "Generated", "version": "1", "label": OUR_LABEL, "instructions": "Example.",
        "respondent": "each_partner", "privacy": {"results": "partner"}, "direction": "higher_is_better",
        "response_scales": {"s": scale}, "scoring": {"method": draw(st.sampled_from(["sum", "mean"]))},
        "total": {"title": "Total", "max_missing": draw(st.integers(0, n - 1))}, "items": items,
    }  # fmt: skip
    if subscales:
        data["subscales"] = subscales
    return definitions.parse_definition(data, file="generated")


def value_on(scale):
    if scale.discrete:
        return st.sampled_from([a.value for a in scale.anchors])
    if scale.step:
        count = round((scale.maximum - scale.minimum) / scale.step)
        return st.integers(0, count).map(lambda k: scale.minimum + k * scale.step)
    return st.floats(scale.minimum, scale.maximum, allow_nan=False)


@st.composite
def instrument_and_answers(draw, allow_missing=True):
    inst = draw(instruments())
    answers = {}
    for item in inst.items:
        skip = allow_missing and draw(st.booleans())
        answers[item.id] = None if skip else draw(value_on(item.scale))
    assume(any(v is not None for v in answers.values()))
    return inst, answers


@given(st.integers(-100, 100), st.integers(-100, 100), st.integers(0, 200))
def test_reverse_keying_is_an_involution_and_stays_on_the_scale(lo, v, width):
    hi = lo + width
    v = min(max(v, lo), hi)
    flipped = reverse_value(v, lo, hi)
    assert lo <= flipped <= hi
    assert reverse_value(flipped, lo, hi) == v


@given(st.floats(-10, 10), st.floats(0.1, 10), st.floats(0, 1))
def test_reverse_keying_on_continuous_scales(lo, width, frac):
    hi, v = lo + width, lo + frac * width
    assert math.isclose(reverse_value(reverse_value(v, lo, hi), lo, hi), v, abs_tol=1e-9)


@settings(max_examples=150, deadline=None)
@given(instrument_and_answers())
def test_scores_stay_within_the_theoretical_range(case):
    inst, answers = case
    for result in score(inst, answers).results:
        if result.value is not None:
            assert result.minimum <= result.value <= result.maximum
            assert result.band is None  # generated scores have no bands


@settings(max_examples=100, deadline=None)
@given(instrument_and_answers(allow_missing=False))
def test_prorating_matches_the_full_score_when_nothing_is_missing(case):
    inst, answers = case
    result = score(inst, answers)
    for s in inst.scores:
        keyed = [result.keyed[i] for i in s.item_ids]
        strict = combine(keyed, method=s.method, max_missing=0)
        assert result.get(s.key).value == pytest.approx(strict)
        assert not result.get(s.key).prorated


@settings(max_examples=100, deadline=None)
@given(instrument_and_answers())
def test_missing_rule(case):
    inst, answers = case
    result = score(inst, answers)
    for s in inst.scores:
        r = result.get(s.key)
        assert (r.value is not None) == (r.missing <= s.max_missing and r.answered > 0)
        assert r.prorated == (r.value is not None and r.missing > 0)


@given(st.lists(st.one_of(st.none(), st.integers(0, 6)), min_size=1, max_size=12), st.integers(0, 12))
def test_prorated_sum_is_the_answered_mean_times_the_item_count(values, max_missing):
    answered = [v for v in values if v is not None]
    total = combine(values, method=Method.SUM, max_missing=max_missing)
    mean = combine(values, method=Method.MEAN, max_missing=max_missing)
    if not answered or len(values) - len(answered) > max_missing:
        assert total is None and mean is None
    else:
        assert total == pytest.approx(sum(answered) / len(answered) * len(values))
        assert mean == pytest.approx(total / len(values))


@given(st.integers(0, 6), st.lists(st.booleans(), min_size=1, max_size=12), st.sampled_from(list(Method)))
def test_someone_who_gives_one_answer_everywhere_scores_the_same_with_or_without_skips(c, skips, method):
    values = [None if skip else c for skip in skips]
    assume(any(v is not None for v in values))
    full = combine([c] * len(values), method=method, max_missing=0)
    assert combine(values, method=method, max_missing=len(values)) == pytest.approx(full)


@settings(max_examples=60, deadline=None)
@given(instrument_and_answers())
def test_flipping_every_answer_mirrors_the_score(case):
    """Answering min+max-x everywhere puts each score at min+max of the score minus the original score."""
    inst, answers = case
    mirrored = {
        k: (
            None
            if v is None
            else reverse_value(v, inst.items_by_id[k].scale.minimum, inst.items_by_id[k].scale.maximum)
        )
        for k, v in answers.items()
    }
    a, b = score(inst, answers), score(inst, mirrored)
    for s in inst.scores:
        x, y = a.get(s.key).value, b.get(s.key).value
        assert (x is None) == (y is None)
        if x is not None:
            assert x + y == pytest.approx(s.minimum + s.maximum)


def higher_than(scale, value):
    """Allowed answers above `value` on this scale (None if it is already the top)."""
    if value >= scale.maximum:
        return st.none()
    if scale.discrete:
        return st.sampled_from(sorted(a.value for a in scale.anchors if a.value > value))
    if scale.step:
        first = math.floor((value - scale.minimum) / scale.step + 1e-9) + 1
        last = round((scale.maximum - scale.minimum) / scale.step)
        return st.integers(first, last).map(lambda k: scale.minimum + k * scale.step)
    if value + 1e-6 > scale.maximum:
        return st.none()
    return st.floats(value + 1e-6, scale.maximum)  # a visible step up, not a subnormal one


def off_scale(scale):
    """Answers a scale refuses: outside its range, not a number we can use, between its steps or anchors."""
    outside = st.floats(0.001, 1e6).flatmap(lambda d: st.sampled_from([scale.minimum - d, scale.maximum + d]))
    options = [outside, st.sampled_from([math.nan, math.inf, -math.inf])]
    if scale.discrete or scale.step:
        step = scale.step or 1
        options.append(st.integers(0, round((scale.maximum - scale.minimum) / step) - 1).map(
            lambda k: scale.minimum + (k + 0.5) * step))  # fmt: skip
    return st.one_of(options)


@settings(max_examples=60, deadline=None)
@given(instrument_and_answers(allow_missing=False), st.data())
def test_raising_an_answer_moves_scores_with_the_keying(case, data):
    inst, answers = case
    item = data.draw(st.sampled_from(inst.items))
    higher = data.draw(higher_than(item.scale, answers[item.id]))
    assume(higher is not None)
    before, after = score(inst, answers), score(inst, answers | {item.id: higher})
    assert after.keyed[item.id] == keyed_value(item, higher)
    for s in inst.scores:
        if item.id in s.item_ids:
            moved = after.get(s.key).value - before.get(s.key).value
            assert (moved < 0) if item.reverse else (moved > 0)


@settings(max_examples=60, deadline=None)
@given(instruments(), st.data())
def test_any_answer_off_the_scale_is_refused_and_named(inst, data):
    item = data.draw(st.sampled_from(inst.items))
    bad = data.draw(off_scale(item.scale))
    assert not item.scale.allows(bad) or not math.isfinite(bad)
    with pytest.raises(AnswerError) as info:
        score(inst, {item.id: bad})
    assert info.value.field == item.id and f"Question {item.number}" in info.value.message


@given(st.lists(st.integers(-200, 200), min_size=1, max_size=6, unique=True), st.floats(-60, 60))
def test_band_lookup_picks_the_band_the_score_falls_in(quarters, value):
    bands = [Band(q / 4, f"b{q}", "") for q in sorted(quarters)]
    found = band_for(value, bands)
    if value + 1e-9 < bands[0].start:
        assert found is None
    else:
        assert found is not None and found.start <= value + 1e-9
        later = [b for b in bands if b.start > found.start]
        assert not later or value + 1e-9 < later[0].start


ANY_ANSWER = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=3),
    st.decimals(allow_nan=True, allow_infinity=True), st.lists(st.integers(), max_size=2),
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["closeness-check", "weekly-pulse"]), st.data())
def test_any_answers_are_scored_or_refused_with_a_clear_error(slug, data):
    inst = definitions.get(slug)
    keys = st.sampled_from([*inst.items_by_id, "zz", "cc01 "])
    answers = data.draw(st.dictionaries(keys, ANY_ANSWER, max_size=6))
    try:
        result = score(inst, answers)
    except AnswerError as exc:
        assert exc.errors and all(msg.endswith(".") for msg in exc.errors.values())
    else:
        assert any(r.answered for r in result.results)
