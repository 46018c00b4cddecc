"""Broken content files give errors a clinician can act on: the file, the field, the step or item."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from closeknit.practices.library import CONTENT_DIR, ContentError, load

FIXTURES = Path(__file__).parent / "fixtures"


def _library_with(tmp_path: Path, fixture: str) -> Path:
    """A copy of the shipped library with one broken file dropped in where it belongs."""
    root = tmp_path / "practices"
    shutil.copytree(CONTENT_DIR, root)
    src = FIXTURES / fixture
    folder, name = fixture.split("/")
    if folder == "practices":
        shutil.copy(src, root / name)
    elif folder == "decks":
        shutil.copy(src, root / "decks" / name)
    else:
        shutil.copy(src, root / "matching" / "vocabulary.yaml")
    return root


# (fixture, the file the error must name, words the location must contain, words the message must contain)
CASES = [
    ("practices/no-drivers.yaml", "no-drivers.yaml", "drivers", "missing"),
    ("practices/unknown-driver.yaml", "unknown-driver.yaml", "drivers", "'boredom' is not one of"),
    ("practices/no-duration.yaml", "no-duration.yaml", "duration_minutes", "missing"),
    ("practices/words-for-duration.yaml", "words-for-duration.yaml", "duration_minutes", "whole number of minutes"),
    ("practices/short-timer.yaml", "short-timer.yaml", "step 3, timer_seconds", "from 5 to 3600"),
    ("practices/odd-role.yaml", "odd-role.yaml", "step 2, role", "'narrator' is not one of"),
    ("practices/empty-step.yaml", "empty-step.yaml", "step 1, text", "missing"),
    ("practices/misspelt-field.yaml", "misspelt-field.yaml", "durration_minutes", "not a known field"),
    ("practices/wrong-file-name.yaml", "wrong-file-name.yaml", "slug", "should match the file name"),
    ("practices/long-purpose.yaml", "long-purpose.yaml", "purpose", "one or two sentences"),
    ("practices/unknown-kind.yaml", "unknown-kind.yaml", "kind", "'interpretive-dance' is not one of"),
    ("practices/public-reflection.yaml", "public-reflection.yaml", "reflection, visibility", "'everyone'"),
    ("practices/conflict-maybe.yaml", "conflict-maybe.yaml", "conflict", "true or false"),
    ("practices/broken-yaml.yaml", "broken-yaml.yaml", "line", "not valid YAML"),
    ("practices/just-a-list.yaml", "just-a-list.yaml", "", "'field: value'"),
    ("practices/touch-without-deck.yaml", "touch-without-deck.yaml", "deck", "needs a deck of kind 'gestures'"),
    ("practices/missing-deck.yaml", "missing-deck.yaml", "deck", "'questions-we-never-wrote' is not a deck"),
    ("practices/hard-conversation.yml", "hard-conversation.yml", "slug", "already used by hard-conversation.yaml"),
    ("decks/empty-set.yaml", "decks/empty-set.yaml", "set 2, items", "missing"),
    ("decks/repeated-id.yaml", "decks/repeated-id.yaml", "set 1 (only), item 3, id", "used twice"),
    ("decks/lavish-budget.yaml", "decks/lavish-budget.yaml", "item 2, budget", "'lavish' is not one of"),
    ("decks/no-text.yaml", "decks/no-text.yaml", "item 2, text", "missing"),
    ("matching/unsafe-fallback.yaml", "matching/vocabulary.yaml", "fallback", "conflict work"),
    ("matching/unknown-driver.yaml", "matching/vocabulary.yaml", "drivers, stress-and-busy", "is not a driver"),
]


@pytest.mark.parametrize(("fixture", "file", "where", "message"), CASES, ids=[c[0] for c in CASES])
def test_broken_file_names_file_and_field(tmp_path, fixture, file, where, message):
    root = _library_with(tmp_path, fixture)
    with pytest.raises(ContentError) as err:
        load(root)
    ours = [p for p in err.value.problems if p.file == file]
    assert ours, f"no problem reported for {file}: {err.value}"
    assert any(where in p.where and message in p.message for p in ours), "\n".join(map(str, ours))
    # The message a clinician reads names the file and the field in one line.
    line = next(str(p) for p in ours if where in p.where and message in p.message)
    assert line.startswith(f"{file}: ") and where in line


def test_every_fixture_is_used():
    used = {c[0] for c in CASES}
    present = {str(p.relative_to(FIXTURES)) for p in FIXTURES.rglob("*.y*ml")}
    assert present == used


def test_all_problems_are_reported_at_once(tmp_path):
    """A clinician fixes everything in one pass instead of one error per run."""
    root = _library_with(tmp_path, "practices/no-drivers.yaml")
    shutil.copy(FIXTURES / "practices" / "short-timer.yaml", root)
    shutil.copy(FIXTURES / "decks" / "repeated-id.yaml", root / "decks")
    with pytest.raises(ContentError) as err:
        load(root)
    files = {p.file for p in err.value.problems}
    assert {"no-drivers.yaml", "short-timer.yaml", "decks/repeated-id.yaml"} <= files
    assert "3 problem(s)" in str(err.value)


def test_missing_vocabulary_and_folder(tmp_path):
    root = tmp_path / "practices"
    shutil.copytree(CONTENT_DIR, root)
    (root / "matching" / "vocabulary.yaml").unlink()
    with pytest.raises(ContentError, match=r"matching/vocabulary.yaml: is missing"):
        load(root)
    with pytest.raises(ContentError, match="folder not found"):
        load(tmp_path / "nowhere")


def test_empty_practice_file_is_an_error(tmp_path):
    root = tmp_path / "practices"
    shutil.copytree(CONTENT_DIR, root)
    (root / "blank.yaml").write_text("# just a comment\n")
    with pytest.raises(ContentError, match=r"blank.yaml: should be a set of 'field: value' lines"):
        load(root)
