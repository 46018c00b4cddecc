"""Crisis safety net: recall first, idioms spared, negation and other people handled, no crying wolf."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from closeknit import language
from closeknit.language import crisis, data


def _categories(text: str, **kw) -> set[str]:
    return {f.category for f in crisis.check(text, **kw)}


def _lexicon_examples(kind: str):
    for category, examples in crisis.lexicon().examples.items():
        for text in examples.get(kind, []):
            yield pytest.param(category, text, id=f"{category}:{text[:40]}")


@pytest.mark.parametrize(("category", "text"), list(_lexicon_examples("hit")))
def test_every_lexicon_hit_example_flags(category, text):
    assert category in _categories(text, use_model=False)


@pytest.mark.parametrize(("category", "text"), list(_lexicon_examples("miss")))
def test_every_lexicon_miss_example_stays_quiet(category, text):
    assert not crisis.check(text, use_model=False)
    assert not crisis.check(text, sensitivity="balanced")
    assert all(f.level == "gentle" for f in crisis.check(text))  # the model may still offer, quietly


@pytest.mark.parametrize(
    "text",
    [
        "I'd die for a coffee right now",
        "this traffic is killing me",
        "I'm dying to see the new exhibit",
        "my back is killing me today",
        "we killed it at trivia night",
        "that dessert was to die for!",
        "lol I'm dead 😂",
        "I almost died laughing",
        "He hit me up about the concert",
        "my partner will kill me if I buy another plant",
    ],
)
def test_idioms_do_not_cry_wolf(text):
    assert not crisis.check(text, use_model=False)
    assert not crisis.check(text, sensitivity="balanced")
    assert all(f.level == "gentle" for f in crisis.check(text))


def test_an_idiom_does_not_hide_a_real_phrase_beside_it():
    found = crisis.check("This traffic is killing me. Honestly I want to die.")
    assert [f.evidence for f in found] == ["want to die"]


def test_negated_first_person_still_shows_resources_but_gently():
    plain = crisis.check("I am going to hurt myself.")[0]
    negated = crisis.check("I'm not going to hurt myself.")[0]
    assert negated.negated and not plain.negated
    assert negated.category == plain.category == "self_harm"
    assert negated.confidence < plain.confidence


def test_cant_stop_is_not_a_negation():
    [finding] = crisis.check("I can't stop thinking about killing myself", use_model=False)
    assert not finding.negated and finding.subject == "self"


@pytest.mark.parametrize(
    "text",
    [
        "My friend said she wants to die.",
        'My brother texted me "I want to kill myself" last night.',
        "My sister's boyfriend slapped her.",
    ],
)
def test_talk_about_others_and_quotes_still_flag_as_other(text):
    findings = crisis.check(text)
    assert findings and all(f.subject == "other" for f in findings if f.source == "lexicon")


def test_quoting_yourself_is_about_you():
    [finding] = crisis.check('I told my therapist "I want to die" today.', use_model=False)
    assert finding.subject == "self"


def test_evidence_spans_index_the_original_text():
    text = "Work was fine.  But honestly?  I’m thinking about ENDING MY LIFE."
    [finding] = crisis.check(text)
    assert text[finding.start : finding.end] == finding.evidence == "ENDING MY LIFE"


@pytest.mark.parametrize(
    ("text", "category", "kind"),
    [
        ("He shoved me into the wall and I'm scared to go home.", "partner_violence", "violence"),
        ("My girlfriend checks my phone every night.", "partner_violence", "violence"),
        ("I relapsed into cutting last week", "self_harm", "crisis"),
        ("everyone would be better off without me", "suicidal_ideation", "crisis"),
    ],
)
def test_categories_and_resource_kinds(text, category, kind):
    findings = crisis.check(text)
    assert category in {f.category for f in findings}
    assert kind in language.resource_kinds(findings)


def test_the_model_adds_but_never_suppresses():
    text = "I just want to die."
    assert _categories(text, use_model=False) <= _categories(text, use_model=True)


def test_false_alarms_on_real_everyday_comments_are_rare(goemotions_dev):
    findings = [crisis.check(c.text) for c in goemotions_dev]
    any_rate = sum(bool(f) for f in findings) / len(findings)
    urgent_rate = sum(any(x.level == "urgent" for x in f) for f in findings) / len(findings)
    assert any_rate <= 0.2  # target <= 0.30; most of these are the model's gentle offers
    assert urgent_rate <= 0.01


def test_levels():
    assert crisis.check("I want to kill myself")[0].level == "urgent"
    assert crisis.check("I would never kill myself")[0].level == "gentle"
    assert crisis.check("My friend wants to kill herself")[0].level == "gentle"


def test_recall_on_real_suicidewatch_posts_when_fetched():
    posts = data.reddit_posts("dev")
    if posts is None:
        pytest.skip("construct-tracker data not fetched (python -m closeknit.language.train --fetch)")
    sw = [p.text for p in posts if p.subreddit == "suicidewatch"]
    recall = sum(bool(crisis.check(t)) for t in sw) / len(sw)
    assert recall >= 0.95  # the target, in the default "recall" sensitivity


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.sampled_from(["I want to die", "he hit me", "İ WANT TO DİE", "cutting myself"]))
def test_spans_always_index_the_original_text(noise, phrase):
    text = f"{noise} {phrase} {noise}"
    for f in crisis.check(text):
        assert text[f.start : f.end] == f.evidence
    assert crisis.fold(text).__len__() == len(text)
