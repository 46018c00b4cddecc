"""The crisis net's tone: hyperbole, other people, news and quotes are never urgent; a first-person
disclosure stays urgent; and paragraphs about a relationship rarely get an offer at all.

Sentences come from closeknit/language/evaldata/framing.tsv (our own writing), the same set the
evaluation table reports, so a sentence added there is tested here too."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from closeknit.language import crisis, data, evaluate

_ROWS = evaluate.framing()


def _level(text: str) -> str:
    found = crisis.check(text)
    return "urgent" if any(f.level == "urgent" for f in found) else "gentle" if found else "none"


@pytest.mark.parametrize(("kind", "text"), [r for r in _ROWS if r[0] != "disclosure"], ids=lambda v: str(v)[:40])
def test_hyperbole_other_people_news_and_quotes_are_never_urgent(kind, text):
    assert _level(text) != "urgent"


@pytest.mark.parametrize("text", [t for k, t in _ROWS if k == "disclosure"], ids=lambda v: v[:40])
def test_first_person_disclosures_stay_urgent(text):
    assert _level(text) == "urgent"


def test_the_set_covers_every_kind():
    kinds = {k for k, _ in _ROWS}
    assert kinds == {"hyperbole", "third_person", "news", "quote", "disclosure"}
    assert all(sum(k == kind for k, _ in _ROWS) >= 8 for kind in kinds)


@pytest.mark.parametrize(
    "text",
    [
        "I'd rather die than drive that car again.",
        "Domestic violence calls rose last year, police said.",
        'The song goes "I want to die tonight".',
    ],
)
def test_framing_lowers_the_tone_but_never_hides_the_finding(text):
    found = crisis.check(text, use_model=False)
    assert found and all(f.level == "gentle" for f in found)


def test_a_laugh_marks_hyperbole_only_for_death_talk_not_for_a_partners_violence():
    [joke] = crisis.check("that exam made me want to die lol", use_model=False)
    assert joke.hyperbole and joke.level == "gentle"
    hit = [f for f in crisis.check("he hit me again lol", use_model=False) if f.category == "partner_violence"]
    assert hit and hit[0].level == "urgent"


def test_rather_die_than_go_on_living_stays_urgent():
    [finding] = crisis.check("I'd rather die than wake up to another day like this.", use_model=False)
    assert not finding.hyperbole and finding.level == "urgent"


def test_a_quote_that_spans_sentences_is_still_a_quote():
    found = crisis.check('The chorus goes: "I am so tired. I want to die."', use_model=False)
    assert found and all(f.subject == "other" for f in found)


def test_couple_paragraphs_with_no_crisis_rarely_get_an_offer():
    dev = data.counsel_relationship_calm("dev")
    if dev is None:
        pytest.skip("CounselChat not in the data folder: set CLOSEKNIT_DATA to the folder with counselchat/")
    rate = sum(bool(crisis.check(q.text)) for q in dev) / len(dev)
    assert rate <= 0.25  # the target; held-out figures are in docs/language.md


def test_the_command_prints_the_framing_rows_without_any_data_folder(monkeypatch, capsys):
    monkeypatch.delenv("CLOSEKNIT_DATA", raising=False)
    call_command("evaluate_language", "--only", "framing")
    out = capsys.readouterr().out
    for kind in ("hyperbole", "third_person", "news", "quote"):
        assert f"crisis framing         {kind} " in out
    assert out.count("urgent 0.000 (any offer") == 4


def test_the_command_asks_where_the_data_is_instead_of_guessing(monkeypatch):
    monkeypatch.delenv("CLOSEKNIT_DATA", raising=False)
    with pytest.raises(CommandError, match="--data DIR"):
        call_command("evaluate_language", "--only", "crisis")


@pytest.mark.parametrize(
    "text",
    [
        'I told him: "I can\'t do this anymore. I want to die."',
        "I said: I want to die",
        "I told her 'I want to die' and she just left.",
        "'Cause nobody cares, I want to die",
    ],
)
def test_quoting_yourself_or_an_elision_stays_yours(text):
    found = [f for f in crisis.check(text, use_model=False) if "die" in f.evidence]
    assert found and found[0].subject == "self" and found[0].level == "urgent"


def test_someone_elses_words_after_a_colon_are_theirs():
    found = crisis.check("She said:\nI want to die", use_model=False)
    assert found and all(f.subject == "other" for f in found)
