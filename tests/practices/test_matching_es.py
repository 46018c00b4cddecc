""" "What's on your mind?" in Spanish: each text is read in its own language, the practices come back in
the reader's, English texts are read exactly as before, and safety still comes first."""

from __future__ import annotations

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from closeknit.language import evaluate_matching, evaluate_matching_es
from closeknit.practices.concern import route
from closeknit.practices.library import library
from closeknit.practices.matching import suggest

from .concerns import HELD_OUT, TABLE

FAMILIES = evaluate_matching.families()
CONFLICT = frozenset(p.slug for p in library("en").practices.values() if p.conflict)

# Our own sentences, apart from the evaluation file's.
SPANISH = [
    ("ya no hablamos, solo de los niños y las cuentas", "talk"),
    ("cada quincena peleamos por los gastos", "money"),
    ("siento que no me escucha cuando le hablo de mi día", "listening"),
    ("me mintió otra vez y ya no sé si confiar", "trust"),
    ("no nos abrazamos ni nos besamos desde hace meses", "touch"),
    ("el trabajo nos tiene agotados y sin paciencia", "stress"),
    ("se la pasa en el celular cuando estamos juntos", "time"),
    ("intento platicar con mi pareja y ni caso me hace", "bids"),
]


def _hit(slugs: tuple[str, ...], family: str) -> bool:
    return evaluate_matching.hit(slugs, (family,), FAMILIES)


@pytest.mark.parametrize(("text", "family"), SPANISH)
def test_spanish_words_find_their_practice_for_a_spanish_reader(text, family):
    with translation.override("es"):
        got = suggest(text, screen_positive=False, language="es")
    assert not got.used_fallback and _hit(got.slugs, family), got.slugs
    spanish = library("es")
    for s in got.items:
        assert s.practice is spanish.practices[s.practice.slug]  # titles and steps in Spanish
        assert s.reason and (s.fallback or s.reason.startswith("Mencionaste"))


@pytest.mark.parametrize("text", ["me siento sola aunque vivimos juntos", "me siento solo", "estoy sola en esto"])
def test_feeling_alone_finds_a_practice_for_loneliness_while_solo_as_only_does_not(text):
    lonely = {p.slug for p in library("es").practices.values() if "soledad" in p.tags}
    got = suggest(text, screen_positive=False, language="es")
    assert "soledad" in {h.term for h in got.hits} and lonely & set(got.slugs), got.slugs
    assert "soledad" not in {h.term for h in suggest("solo hablamos de la casa", screen_positive=False).hits}


def test_the_reason_quotes_the_persons_own_words():
    with translation.override("es"):
        got = suggest("ya no hablamos, solo de los niños y las cuentas", screen_positive=False, language="es")
    reasons = " ".join(s.reason for s in got.items)
    assert "\u201cya no hablamos\u201d" in reasons and "\u201clas cuentas\u201d" in reasons


def test_the_texts_language_decides_not_the_setting_and_the_titles_follow_the_reader():
    """A Spanish concern from someone who reads English: read in Spanish, answered with English titles."""
    text = "cada quincena peleamos por los gastos"
    with translation.override("en"):
        got = suggest(text, screen_positive=False, language="en")
    assert "money-talk" in got.slugs
    english = library("en")
    top = got.items[got.slugs.index("money-talk")]
    assert top.practice is english.practices["money-talk"]
    assert top.reason.startswith("You mentioned") and "\u201cpeleamos" in top.reason


def test_a_text_too_short_to_tell_is_read_in_the_persons_setting():
    with translation.override("es"):
        as_spanish = suggest("celos", screen_positive=False, language="es")
        as_english = suggest("celos", screen_positive=False, language="en")
    assert not as_spanish.used_fallback and _hit(as_spanish.slugs, "trust"), as_spanish.slugs
    assert as_english.used_fallback  # no English word in it


@pytest.mark.parametrize("text", [t for t, _ in TABLE + HELD_OUT])
def test_an_english_text_is_read_exactly_as_before_whatever_the_setting(text):
    pinned = suggest(text, screen_positive=False, lib=library("en"))
    for reader, setting in (("en", "en"), ("en", None), ("es", "es")):
        with translation.override(reader):
            got = suggest(text, screen_positive=False, language=setting)
        assert [(s.practice.slug, s.score) for s in got.items] == [(s.practice.slug, s.score) for s in pinned.items]
        assert got.hits == pinned.hits and got.drivers == pinned.drivers


def test_spanish_danger_words_hide_conflict_work_in_the_matcher_itself():
    got = suggest("mi pareja me pega cuando peleamos por dinero", screen_positive=False, language="es")
    assert got.safety_concern
    assert not {s.practice.slug for s in got.items} & CONFLICT


@pytest.mark.parametrize(
    "text",
    [
        "peleamos todo el tiempo por dinero y ya no quiero vivir",
        "tengo miedo de mi pareja cuando discutimos",
        "me quita el celular y no me deja ver a mi familia, siempre peleamos por eso",
    ],
)
def test_a_spanish_concern_with_crisis_or_violence_words_gets_help_first_and_no_conflict_practice(text):
    with translation.override("es"):
        answer = route(text, screen_positive=False, language="es")
    assert answer.support and answer.safety_first
    assert {s["kind"] for s in answer.support} <= {"crisis", "violence"}
    assert answer.suggestions.items and not set(answer.suggestions.slugs) & CONFLICT


def test_everyday_spanish_questions_raise_no_safety_concern():
    for q in evaluate_matching_es.questions():
        if q.half != "safety":
            assert not suggest(q.text, screen_positive=False, language="es").safety_concern, q.text


def test_the_spanish_question_set_is_labelled_with_real_families_and_has_both_halves():
    qs = evaluate_matching_es.questions()
    assert len([q for q in qs if q.half in ("tune", "held")]) >= 60
    assert {q.half for q in qs} == {"tune", "held", "held2", "safety"}
    assert all(set(q.families) <= set(FAMILIES) for q in qs)
    assert any(not q.families for q in qs if q.half == "held")  # some fit no practice


def test_spanish_hit_rates_on_the_tuned_and_held_out_halves():
    qs = evaluate_matching_es.questions()
    tune = evaluate_matching_es.score([q for q in qs if q.half == "tune" and q.families])
    held = evaluate_matching_es.score([q for q in qs if q.half == "held" and q.families])
    assert tune.rate >= 0.9, tune.misses
    assert held.rate >= 0.8, held.misses


@settings(max_examples=100, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("abcdeéfgilmnñoóprstuúyz ¿?¡!,"), max_size=120),
    st.booleans(),
    st.sampled_from([None, "together", "apart", "solo"]),
)
def test_any_spanish_looking_text_gives_safe_answers(text, screen_positive, mode):
    got = suggest(text, screen_positive=screen_positive, mode=mode, language="es")
    assert 1 <= len(got.items) <= 3 and len(set(got.slugs)) == len(got.slugs)
    if screen_positive or got.safety_concern:
        assert not {s.practice.slug for s in got.items} & CONFLICT
    if mode:
        assert all(mode in s.practice.modes for s in got.items)
