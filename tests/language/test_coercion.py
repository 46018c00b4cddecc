"""Coercive control in a person's own words: the net's coercive_control patterns catch our own dev
sentences about every tactic and leave everyday look-alikes alone; the held-out set (written before
tuning, never tuned on) is held to the figure measured when the patterns were written, so a change
that loses recall fails here. `manage.py evaluate_language --only coercion` prints the same figures."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from closeknit.language import crisis
from closeknit.language.evaluate_coercion import load, run, violence

DEV = load("coercion_dev.tsv")
HELD_OUT = load("coercion_heldout.tsv")
TACTICS = {
    "monitoring", "money", "isolation", "threat-children", "threat-immigration", "threat-outing",
    "threat-selfharm", "threat-weapon", "intimidation", "sexual", "injuries",
}  # fmt: skip


def test_the_sets_are_big_enough_and_cover_every_tactic():
    for rows, coercion, lookalikes in ((DEV, 60, 40), (HELD_OUT, 30, 20)):
        assert sum(s.label == "coercion" for s in rows) >= coercion
        assert sum(s.label == "lookalike" for s in rows) >= lookalikes
        assert {s.tactic for s in rows if s.label == "coercion"} >= TACTICS


@pytest.mark.parametrize("s", [s for s in DEV if s.label == "coercion"], ids=lambda s: s.text[:40])
def test_every_dev_coercion_sentence_is_caught(s):
    assert violence(s.text)


@pytest.mark.parametrize("s", [s for s in DEV + HELD_OUT if s.label == "lookalike"], ids=lambda s: s.text[:40])
def test_look_alikes_are_left_alone(s):
    assert not violence(s.text)


def test_held_out_recall_does_not_slip():
    r = run(HELD_OUT)
    assert r.caught / r.n >= 0.79  # measured 24/30 when written; the target is >= 0.85 (docs/language.md)
    assert r.false_alarms == 0


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("He takes my whole paycheck and gives me an allowance.", "urgent"),
        ("She threatens to report me to immigration whenever we argue.", "urgent"),
        ("He keeps a gun by the bed and reminds me it's there when he's angry.", "urgent"),
        ("My partner gets jealous when I talk to my coworkers.", "gentle"),  # jealousy alone: a quiet offer
    ],
)
def test_coercion_is_about_the_writer_and_carries_a_level(text, level):
    found = [f for f in crisis.check(text) if f.category == "coercive_control"]
    assert found and found[0].resource_kind == "violence"
    assert any(f.subject == "self" for f in found)
    assert max(found, key=lambda f: f.confidence).level == level


def test_someone_elses_couple_is_about_them():
    found = violence("My sister's boyfriend controls her money and reads her texts.")
    assert found and all(f.subject == "other" for f in found)


def test_the_command_prints_the_coercion_rows(capsys):
    call_command("evaluate_language", "--only", "coercion")
    out = capsys.readouterr().out
    assert "own sentences, dev (tuned on)" in out and "own sentences, held-out (never tuned on)" in out
    assert "look-alikes, held-out" in out
