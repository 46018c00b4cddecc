"""Check-in answers: each wrong input gets a plain-words ServiceError naming the field; nothing is written."""

from __future__ import annotations

from typing import Any

import pytest

from closeknit.checkins import services
from closeknit.checkins.models import CheckIn
from closeknit.core.errors import ServiceError
from closeknit.couples.models import Couple

SEVEN_FEELINGS = ["calm", "grateful", "tired", "hopeful", "sad", "angry", "playful"]

BAD: list[tuple[str, str, Any]] = [
    # (field to break, field the error must name, the bad value)
    ("feelings", "feelings", ["not-a-feeling"]),
    ("feelings", "feelings", "not-a-feeling"),
    ("feelings", "feelings", []),
    ("feelings", "feelings", None),
    ("feelings", "feelings", SEVEN_FEELINGS),
    ("feelings", "feelings", [1, 2]),
    ("feelings", "feelings", {"calm": True}),
    ("feelings", "feelings", ["Calm"]),  # slugs are exact: a label is not a slug
    ("emotional_closeness", "emotional_closeness", -1),
    ("emotional_closeness", "emotional_closeness", 11),
    ("emotional_closeness", "emotional_closeness", 5.5),
    ("emotional_closeness", "emotional_closeness", "7a"),
    ("emotional_closeness", "emotional_closeness", True),
    ("emotional_closeness", "emotional_closeness", False),
    ("physical_closeness", "physical_closeness", "-1"),
    ("physical_closeness", "physical_closeness", "11"),
    ("physical_closeness", "physical_closeness", [5]),
    ("physical_closeness", "physical_closeness", float("nan")),
    ("stress", "stress", "5.5"),
    ("stress", "stress", float("inf")),
    ("stress", "stress", 10**30),
    ("stress", "stress", {"value": 5}),
    ("appreciation", "appreciation", "x" * 1001),
    ("need", "need", "a\x00b"),
    ("note", "note", 42),
    ("note", "note", ["a list"]),
    ("shared", "shared", ["secret_field"]),
    ("shared", "shared", "nope"),
    ("shared", "shared", [1]),
    ("shared", "shared", {"note": True}),
]


@pytest.mark.parametrize(("key", "field", "value"), BAD, ids=[f"{k}={v!r}"[:40] for k, _, v in BAD])
def test_bad_answers_are_refused_and_nothing_is_written(make_user, answers, key, field, value):
    user = make_user()
    answers[key] = value
    with pytest.raises(ServiceError) as err:
        services.create_checkin(user=user, answers=answers)
    assert err.value.status == 400
    assert err.value.field == field
    assert err.value.message.endswith(".") and len(err.value.message) < 120  # a sentence, not a trace
    assert not CheckIn.objects.exists()
    assert not Couple.objects.exists()  # not even the solo space a first check-in would make


def test_a_superscript_digit_is_refused_like_any_other_non_number(make_user, answers):
    """'²'.isdigit() is True but int('²') raises ValueError: a 500 instead of a 400."""
    answers["stress"] = "²"
    with pytest.raises(ServiceError) as err:
        services.create_checkin(user=make_user(), answers=answers)
    assert err.value.field == "stress"
    assert not CheckIn.objects.exists()


def test_text_that_cannot_be_stored_is_refused_not_crashed(make_user, answers):
    """A lone surrogate (valid in JSON "\\ud800", not encodable as UTF-8) must be a 400, not a 500."""
    answers["note"] = "before \ud800 after"
    with pytest.raises(ServiceError) as err:
        services.create_checkin(user=make_user(), answers=answers)
    assert err.value.field == "note"
    assert not CheckIn.objects.exists()


def test_valid_edge_values_are_accepted_and_normalised(make_user, answers):
    answers.update(
        feelings="calm",  # one feeling may come as a bare string (a form with one box ticked)
        emotional_closeness="0",
        physical_closeness=" 10 ",
        stress=7.0,
        appreciation="  " + "y" * 1000 + "  ",  # the limit counts what is kept, after trimming
        need=None,
        note="",
        shared=["note", "feelings", "stress"],
    )
    c = services.create_checkin(user=make_user(), answers=answers)
    c.refresh_from_db()
    assert c.feelings == ["calm"]
    assert (c.emotional_closeness, c.physical_closeness, c.stress) == (0, 10, 7)
    assert c.appreciation == "y" * 1000 and c.need == "" and c.note == ""
    assert c.shared == ["feelings", "stress", "note"]  # in the form's order


@pytest.mark.parametrize("skipped", [None, "", "  ", "missing"])
def test_a_skipped_score_is_stored_as_not_answered(make_user, answers, skipped):
    """An untouched scale is no answer: null in the database, never a stand-in number."""
    answers["emotional_closeness"] = 8
    for name in ("physical_closeness", "stress"):
        if skipped == "missing":
            answers.pop(name, None)
        else:
            answers[name] = skipped
    c = services.create_checkin(user=make_user(), answers=answers)
    row = CheckIn.objects.filter(pk=c.pk).values("emotional_closeness", "physical_closeness", "stress").get()
    assert row == {"emotional_closeness": 8, "physical_closeness": None, "stress": None}


def test_duplicate_feelings_count_once(make_user, answers):
    answers["feelings"] = ["calm", "calm", "grateful", "tired", "hopeful", "sad", "angry"]
    c = services.create_checkin(user=make_user(), answers=answers)
    assert c.feelings == ["calm", "grateful", "tired", "hopeful", "sad", "angry"]


def test_a_bad_edit_changes_nothing(make_user, answers):
    user = make_user()
    c = services.create_checkin(user=user, answers=answers)
    before = CheckIn.objects.filter(pk=c.pk).values().get()
    answers.update(stress=11, appreciation="changed")
    with pytest.raises(ServiceError) as err:
        services.update_checkin(user=user, checkin_id=c.pk, answers=answers)
    assert err.value.field == "stress"
    assert CheckIn.objects.filter(pk=c.pk).values().get() == before
