"""Content in Spanish: every translation is a faithful copy of its English source (same ids, slugs and
numbers; every text translated), every file a person reads has one, and each translated loader reads it.
A missing translation fails here rather than showing English to someone who chose Spanish."""

from __future__ import annotations

import pytest

from closeknit.core import content

# Files that are not translated, and why.
ENGLISH_ONLY = {
    "crisis_resources.yaml": "each line carries its own Spanish (about_es) beside its source and date",
    "practices/matching/families.yaml": "practice slugs grouped for the matching evaluation: nothing a person reads",
}
ENGLISH_ONLY_FOLDERS = {
    # Not copies (`compare` would fail them: other phrases, other counts); checked below for what must match.
    "language": "each language has its own safety and coaching lexicon, written for it, not translated",
}
# Written for each language, not translated: the Spanish file must exist, but its lists are its own (other
# terms, other lengths), so compare() does not apply; the test at the end checks what code refers to.
OWN_IN_EACH_LANGUAGE = {
    "practices/matching/vocabulary.yaml": "the matcher's terms and the ways people say them",
    "practices/matching/examples.yaml": "how people put the problem each practice answers",
}
# Files a person reads that have no Spanish yet. This list only shrinks: a file leaves it when its
# translation lands, and a new content file must come with its Spanish.
NOT_YET: set[str] = set()


def _sources() -> list[str]:
    out = []
    for file in sorted(content.CONTENT_DIR.rglob("*.yaml")):
        rel = file.relative_to(content.CONTENT_DIR).as_posix()
        if content.is_translation(file) or rel in ENGLISH_ONLY:
            continue
        if any(rel.startswith(folder + "/") for folder in ENGLISH_ONLY_FOLDERS):
            continue
        out.append(rel)
    return out


def _translations() -> list[str]:
    every = (f.relative_to(content.CONTENT_DIR).as_posix() for f in content.CONTENT_DIR.rglob("*.yaml"))
    return sorted(
        rel
        for rel in every
        if content.is_translation(content.path(rel))
        and not any(rel.startswith(folder + "/") for folder in ENGLISH_ONLY_FOLDERS)
        and not any(
            content.translation_path(content.path(own), "es") == content.path(rel) for own in OWN_IN_EACH_LANGUAGE
        )
    )


def test_every_file_a_person_reads_has_its_spanish():
    missing = [rel for rel in _sources() if rel not in NOT_YET]
    missing = [rel for rel in missing if not content.translation_path(content.path(rel), "es").is_file()]
    assert not missing, f"no Spanish for {missing}"


def test_the_not_yet_list_names_only_files_still_missing_their_spanish():
    done = [rel for rel in NOT_YET if content.translation_path(content.path(rel), "es").is_file()]
    assert not done, f"{done} now have Spanish: take them off NOT_YET"
    gone = [rel for rel in NOT_YET if not content.path(rel).is_file()]
    assert not gone, f"{gone} no longer exist"


@pytest.mark.parametrize("rel", _translations() or ["(none yet)"])
def test_each_translation_keeps_its_sources_shape_and_translates_every_text(rel):
    if rel == "(none yet)":
        pytest.skip("no translation yet")
    file = content.path(rel)
    parts = file.name.split(".")
    source = file.with_name(".".join(parts[:-2] + parts[-1:]))
    assert source.is_file(), f"{rel} translates {source.name}, which does not exist"
    problems = content.compare(content.read_yaml(source), content.read_yaml(file))
    assert not problems, f"{rel}:\n" + "\n".join(problems)


def test_the_spanish_library_and_feelings_load_and_keep_the_same_slugs():
    from closeknit.checkins import feelings
    from closeknit.practices.library import library

    english, spanish = library("en"), library("es")
    assert english.practices.keys() == spanish.practices.keys()
    assert english.decks.keys() == spanish.decks.keys()
    assert feelings.by_slug("en").keys() == feelings.by_slug("es").keys()


def test_the_loaders_follow_the_active_language():
    from django.utils import translation

    from closeknit.checkins import feelings

    with translation.override("es"):
        in_spanish = feelings.label("calm")
    with translation.override("en"):
        in_english = feelings.label("calm")
    assert in_english == "Calm"
    if content.translation_path(content.path("feelings.yaml"), "es").is_file():
        assert in_spanish != in_english


def test_the_matchers_own_words_in_each_language_agree_on_what_code_refers_to():
    """Spanish vocabulary and examples are written for Spanish; what code and the evaluation rely on stays."""
    from closeknit.practices import matching
    from closeknit.practices.library import DRIVERS, library

    for rel in OWN_IN_EACH_LANGUAGE:
        assert content.translation_path(content.path(rel), "es").is_file(), f"no Spanish for {rel}"
    english, spanish = library("en"), library("es")
    assert spanish.vocabulary.source.endswith("vocabulary.es.yaml")
    assert spanish.vocabulary.fallback == english.vocabulary.fallback
    assert set(spanish.vocabulary.drivers) == set(DRIVERS)
    for driver, terms in spanish.vocabulary.drivers.items():
        assert set(terms) <= set(spanish.vocabulary.synonyms), driver
    assert spanish.vocabulary.safety and set(spanish.vocabulary.synonyms).isdisjoint(english.vocabulary.synonyms)
    assert set(matching._examples(spanish)) == set(matching._examples(english)) == set(english.practices)
    # Each Spanish practice's tags name terms of the Spanish vocabulary, as the English ones do of theirs.
    for lib in (english, spanish):
        terms = set(lib.vocabulary.synonyms)
        named = sum(tag in terms for p in lib.practices.values() for tag in p.tags)
        assert named >= 0.95 * sum(len(p.tags) for p in lib.practices.values()), lib.language


def test_each_languages_lexicon_covers_what_the_english_one_does():
    """language/x.es.yaml is written for Spanish, not translated, so `compare` does not apply; what code
    relies on must still match: the same crisis categories, the same four coaching patterns each with cues,
    hit and miss examples and the rewrite's words, and a template with the same slots. What the coach says
    about a pattern is coach.yaml's, through the catalog: a label or explanation here would never be shown."""
    crisis_en = content.read_yaml(content.path("language", "crisis.yaml"))
    crisis_es = content.read_yaml(content.path("language", "crisis.es.yaml"))
    assert crisis_es["categories"].keys() == crisis_en["categories"].keys()
    coach_en = content.read_yaml(content.path("language", "coach.yaml"))
    coach_es = content.read_yaml(content.path("language", "coach.es.yaml"))
    assert coach_es["patterns"].keys() == coach_en["patterns"].keys()
    for name, spec in coach_es["patterns"].items():
        assert spec["cues"] and spec["examples"]["hit"] and spec["examples"]["miss"], name
        assert spec["feeling"].strip() and spec["need"].strip(), name
        assert not {"label", "explain", "try"} & spec.keys(), f"{name}: the coach's words come from coach.yaml"
    slots = {"{feeling}", "{about}", "{need}"}
    for rewrite in (coach_en["rewrite"], coach_es["rewrite"]):
        assert all(slot in rewrite["template"] for slot in slots)
