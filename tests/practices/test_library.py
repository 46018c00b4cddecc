"""The shipped practice library loads against its schema and covers every flow issue 4 asks for."""

from __future__ import annotations

import pytest

from closeknit.core import content
from closeknit.practices.library import (
    BUDGETS,
    CONTENT_DIR,
    DECK_FOR_KIND,
    DRIVERS,
    KINDS,
    MODES,
    TIMES,
    library,
    load,
)


@pytest.fixture(scope="module")
def lib():
    return load(CONTENT_DIR)


def test_every_file_loads_against_the_schema(lib):
    # Translations (x.es.yaml) are read in place of their source, never as practices of their own.
    files = sorted(p.name for p in content.sources(CONTENT_DIR, "*.y*ml"))
    assert sorted(p.source for p in lib.practices.values()) == files
    deck_files = sorted(f"decks/{p.name}" for p in content.sources(CONTENT_DIR / "decks", "*.y*ml"))
    assert sorted(d.source for d in lib.decks.values()) == deck_files


def test_library_size_is_in_the_planned_range(lib):
    assert 15 <= len(lib.practices) <= 25


def test_each_practice_names_drivers_duration_and_the_rest(lib):
    for p in lib.practices.values():
        assert p.drivers and all(d in DRIVERS for d in p.drivers), p.slug
        assert p.duration_minutes > 0, p.slug
        assert p.modes and all(m in MODES for m in p.modes), p.slug
        assert p.kind in KINDS, p.slug
        assert p.steps and all(s.text for s in p.steps), p.slug
        assert p.if_heated and p.reflection.prompt and p.purpose and p.title, p.slug
        assert p.tags or p.keywords, p.slug


def test_slugs_are_unique_and_match_file_names(lib):
    slugs = [p.slug for p in lib.practices.values()]
    assert len(slugs) == len(set(slugs))
    assert all(p.source == f"{p.slug}.yaml" for p in lib.practices.values())


def test_the_eleven_flows_of_issue_4_exist(lib):
    kinds = {p.kind for p in lib.practices.values()}
    assert set(KINDS) - {"plain-steps"} <= kinds
    # 11: fear of closeness for one person, and a path for the partner of someone who avoids closeness.
    fear = [p for p in lib.practices.values() if p.kind == "fear-of-closeness"]
    assert len(fear) >= 2 and all(p.modes == ("solo",) for p in fear)
    path = lib.get("when-your-partner-pulls-away")
    text = " ".join(s.text for s in path.steps).lower()
    assert "patience" in text and "example" in text and ("therapist" in text or "counsellor" in text)
    # 5: two or three timed scripts for two.
    mindful = [p for p in lib.practices.values() if p.kind == "mindfulness"]
    assert len(mindful) >= 2 and all(any(s.timer_seconds for s in p.steps) for p in mindful)
    assert all("together" in p.modes for p in mindful)


def test_hard_conversations_use_turns_and_a_20_minute_break(lib):
    for p in lib.practices.values():
        if p.kind == "hard-conversation":
            roles = {s.role for s in p.steps}
            assert {"speaker", "listener"} <= roles, p.slug
            assert any(s.timer_seconds for s in p.steps if s.role == "speaker"), p.slug
            assert "20 minutes" in p.if_heated, p.slug
    assert lib.get("hard-conversation").deck == "gentle-start-up"


def test_conflict_work_is_flagged_and_safe_lists_leave_it_out(lib):
    for p in lib.practices.values():
        if p.kind == "hard-conversation" or p.slug == "gentle-start-up":
            assert p.conflict, f"{p.slug} is conflict work and must carry conflict: true"
    safe = lib.safe_for(screen_positive=True)
    assert safe and not any(p.conflict for p in safe)
    assert len(lib.safe_for(screen_positive=False)) == len(lib.practices)
    for driver in DRIVERS:
        assert lib.for_driver(driver, screen_positive=True), f"no safe practice left for {driver}"


def test_every_driver_and_mode_is_served(lib):
    for driver in DRIVERS:
        assert any(driver in p.drivers for p in lib.practices.values()), driver
    for mode in MODES:
        assert any(mode in p.modes for p in lib.practices.values()), mode
    # A person whose partner has not joined still has something for every driver.
    for driver in DRIVERS:
        assert any(driver in p.drivers and "solo" in p.modes for p in lib.practices.values()), driver


def test_reflections_are_private_by_default(lib):
    assert all(p.reflection.visibility in ("private", "partner") for p in lib.practices.values())
    solo_only = [p for p in lib.practices.values() if p.modes == ("solo",)]
    assert all(p.reflection.visibility == "private" for p in solo_only)


def test_decks_named_by_practices_exist_and_fit_their_flow(lib):
    for p in lib.practices.values():
        if p.kind in DECK_FOR_KIND:
            assert lib.decks[p.deck].kind == DECK_FOR_KIND[p.kind], p.slug
        if p.deck:
            assert p.deck in lib.decks, p.slug


def test_each_deck_set_has_its_items(lib):
    for deck in lib.decks.values():
        assert deck.sets, deck.slug
        for s in deck.sets:
            assert s.items and all(i.text and i.id for i in s.items), f"{deck.slug}/{s.slug}"
        ids = [i.id for i in deck.items]
        assert len(ids) == len(set(ids)), deck.slug


def test_vulnerability_questions_come_in_three_escalating_sets():
    deck = library().decks["closeness-questions"]
    assert [s.slug for s in deck.sets] == ["getting-curious", "going-deeper", "opening-up"]
    for s in deck.sets:
        assert 10 <= len(s.items) <= 14, s.slug
        assert all(i.text.endswith(("?", ".")) for i in s.items), s.slug


def test_date_ideas_cover_every_budget_time_and_setting():
    deck = library().decks["date-ideas"]
    assert {s.slug for s in deck.sets} == {"at-home", "walk", "cooking", "away"}
    assert {i.budget for i in deck.items} == set(BUDGETS)
    assert {i.time for i in deck.items} == set(TIMES)
    for budget in BUDGETS:  # whatever the budget, there is something short to do
        assert any(i.budget == budget and i.time in ("30-min", "evening") for i in deck.items), budget
    assert deck.item("walk-wander").budget == "free"
    assert deck.item("no-such-idea") is None


def test_touch_gestures_are_graded_from_the_smallest():
    deck = library().decks["touch-gestures"]
    assert deck.sets[0].slug == "smallest" and len(deck.sets) >= 3
    assert all(len(s.items) >= 4 for s in deck.sets)


def test_reminiscing_and_start_up_decks():
    lib = library()
    assert sum(len(s.items) for s in lib.decks["remembering"].sets) >= 15
    parts = [s.slug for s in lib.decks["gentle-start-up"].sets]
    assert parts == ["feel", "about", "need"]


def test_shipped_library_is_cached():
    assert library() is library()


def test_fallback_is_gentle_and_loaded(lib):
    assert lib.vocabulary.fallback
    assert all(not lib.practices[s].conflict for s in lib.vocabulary.fallback)
    assert set(lib.vocabulary.drivers) == set(DRIVERS)


def test_command_line_check(capsys):
    from closeknit.practices.library import main

    assert main([]) == 0
    assert "OK:" in capsys.readouterr().out
