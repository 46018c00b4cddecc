""" "What's on your mind?" ranked matching: real questions, our own examples, the fallback, the
evaluation data's integrity, and the command that prints the table."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from closeknit.language import evaluate_matching, rarity
from closeknit.practices.library import library
from closeknit.practices.matching import suggest

FAMILIES = evaluate_matching.families()


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("I found out he has been texting his ex behind my back and lied about it", "trust"),
        ("Our marriage has been sexless for two years and I feel unwanted", "touch"),
        ("She is always gaming and on her laptop, we never spend an evening together", "time"),
        ("We fight about the bills every single month", "money"),
        ("When we argue I go completely silent and shut down", "de-escalation"),
    ],
)
def test_ranked_finds_the_family_in_our_own_sentences(text, family):
    got = suggest(text, screen_positive=False)
    assert evaluate_matching.hit(got.slugs, (family,), FAMILIES), got.slugs
    top = got.items[0]
    assert not top.fallback and top.hits and top.reason.startswith("You mentioned")


@pytest.mark.parametrize("text", ["purple elephants on a tuesday", "how do I file the forms in Texas", ""])
def test_nothing_fits_well_gives_the_fallback(text):
    got = suggest(text, screen_positive=False)
    assert got.used_fallback
    assert got.slugs == library().vocabulary.fallback[:3]


def test_reasons_name_words_the_person_wrote():
    got = suggest("We keep fighting about money and the bills", screen_positive=False)
    assert got.items[0].practice.slug == "money-talk"
    assert "\u201cbills\u201d" in got.items[0].reason and "keep" not in got.items[0].reason


def test_both_scorers_stay_available_and_differ():
    text = "my partner cheated and I found the messages on his phone"
    ranked = suggest(text, screen_positive=False)
    keyword = suggest(text, screen_positive=False, scorer="keyword")
    assert "rebuilding-trust" in ranked.slugs
    assert ranked.items[0].score != keyword.items[0].score


def test_rarity_artifact_is_small_and_tells_common_from_telling_words():
    table = rarity.table()
    assert rarity.PATH.stat().st_size < 100_000
    assert table.idf(table.df["the"]) < 1.5 < 6 < table.idf(table.df.get("sexless", 0))


def test_families_name_real_practices_and_labels_real_families():
    slugs = set(library().practices)
    assert all(members <= slugs for members in FAMILIES.values())
    keys = []
    for line in evaluate_matching.LABELS.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, fams, note = line.split("\t")
            keys.append(key)
            assert key[0] in "td" and note
            assert set(fams.split(",")) <= set(FAMILIES), fams
    assert len(keys) == len(set(keys)) >= 30


def test_ranked_beats_keyword_on_held_out_real_questions():
    qs = evaluate_matching.questions()
    if qs is None:
        pytest.skip("construct-tracker data not fetched (python -m closeknit.language.train --fetch)")
    held = [q for q in qs if q.half == "dev" and q.families]
    ranked = evaluate_matching.score("ranked", held)
    keyword = evaluate_matching.score("keyword", held)
    assert ranked.rate >= 0.8 and ranked.rate > keyword.rate


def test_command_prints_the_matching_rows():
    out = io.StringIO()
    import contextlib

    with contextlib.redirect_stdout(out):
        call_command("evaluate_language", "--only", "matching")
    text = out.getvalue()
    assert "feature" in text and "AUC" in text
    assert "matching [ranked] *" in text or "not fetched" in text
