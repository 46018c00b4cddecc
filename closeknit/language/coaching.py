"""Gentle start-up coach: spot criticism, contempt, defensiveness, stonewalling and a harsh opening.

Two signals: rule cues from content/language/coach.yaml (each names the phrase that triggered it)
and a harshness score from a logistic regression trained on rated requests (Stanford Politeness).
The coach then offers an editable "I feel ... about ... I need ..." rewrite built from a template
and the parse of what was written; no text generator. A rewrite is only offered if the coach
itself no longer flags it, and the person is always free to send their own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from closeknit.core import content
from closeknit.language.crisis import compile_phrase, fold
from closeknit.language.features import load_model

COACH = content.path("language", "coach.yaml")
Horseman = Literal["criticism", "contempt", "defensiveness", "stonewalling"]
HARSH_THRESHOLD = 0.75  # model-only harshness at or above this flags a harsh start-up
_CUE_SCORE = {"contempt": 0.95, "criticism": 0.9, "defensiveness": 0.8, "stonewalling": 0.8}
_GENTLE = re.compile(
    r"^\W*(i feel|i felt|i('m| am) feeling|i need|i('d| would) (like|love)|could we|can we|would you|"
    r"i noticed|i appreciate|thank you|thanks)\b"
)
_DROP_LEAD = re.compile(r"^(?:\S+\s+)(?:(?:with|to|about|for|on|at|in|of|up|out)\s+)?")
_PARTICLES = {"back", "up", "out", "down", "over", "in", "off", "on", "around", "away"}
_PRONOUN_ONLY = re.compile(
    r"^(?:me|us|it|this|that|them|him|her|you|anything|something|nothing|everything|more often)?$"
)


@dataclass(frozen=True)
class Cue:
    """One of the four patterns, with the phrase (and its offsets) that showed it."""

    pattern: Horseman
    label: str
    start: int
    end: int
    phrase: str
    explain: str
    try_instead: str


@dataclass(frozen=True)
class Coaching:
    harsh: bool  # show the coach at all
    score: float  # 0..1: the higher of the model's harshness and the strongest cue
    model_score: float
    cues: tuple[Cue, ...]
    rewrite: str | None  # an editable suggestion that itself does not trigger the coach


@dataclass(frozen=True)
class _Rules:
    cues: dict[str, tuple[re.Pattern[str], ...]]
    spec: dict
    rewrite: dict
    examples: dict[str, dict[str, list[str]]]


@lru_cache(maxsize=2)
def rules(path: Path = COACH) -> _Rules:
    raw = content.read_yaml(path)
    patterns = raw["patterns"]
    return _Rules(
        cues={name: tuple(compile_phrase(c) for c in spec["cues"]) for name, spec in patterns.items()},
        spec=patterns,
        rewrite=raw["rewrite"],
        examples={name: spec.get("examples", {}) for name, spec in patterns.items()},
    )


def harshness(text: str) -> float:
    """The model's probability that a request reads as harsh (bottom quartile of politeness)."""
    return load_model("harshness").score(text)


def cues(text: str) -> list[Cue]:
    r = rules()
    folded = fold(text)
    found: list[Cue] = []
    for name, regexes in r.cues.items():
        spec = r.spec[name]
        for rx in regexes:
            m = rx.search(folded)
            if m and not any(c.pattern == name and c.start < m.end() and m.start() < c.end for c in found):
                found.append(_cue(name, spec, text, m))
    found = [c for c in found if not _kind_exception(c, folded) and not _not_aimed(c, folded)]
    return sorted(found, key=lambda c: c.start)


def _cue(name: str, spec: dict, text: str, m: re.Match[str]) -> Cue:
    return Cue(
        pattern=name,  # type: ignore[arg-type]  # one of the four names, from our own table
        label=spec["label"],
        start=m.start(),
        end=m.end(),
        phrase=text[m.start() : m.end()].strip(),
        explain=spec["explain"].strip(),
        try_instead=spec["try"].strip(),
    )


_KIND = re.compile(
    r"\byou (always|constantly|keep) (make me (laugh|smile|happy|feel (loved|safe|better|special))|"
    r"know how to (cheer|help|make)|(cheer|lift|light) (me )?up|help|support|surprise me with)|"
    r"\byou never (fail to|let me down|give up)"
)


def _kind_exception(cue: Cue, folded: str) -> bool:
    """ "You always make me laugh" is praise, not criticism."""
    return cue.pattern == "criticism" and bool(_KIND.search(folded, max(0, cue.start - 2)))


_SENTENCE_END = re.compile(r"[.!?\n]")
_AT_YOU = re.compile(r"\b(you|your|you're|youre|u|ur)\b")


def _not_aimed(cue: Cue, folded: str) -> bool:
    """A bare insult word counts only when the sentence is aimed at the partner: "I felt stupid"
    and "this stupid printer" are not contempt; "you were stupid to say that" is."""
    if cue.pattern != "contempt" or " " in cue.phrase.strip():
        return False
    start = max((m.end() for m in _SENTENCE_END.finditer(folded, 0, cue.start)), default=0)
    end_match = _SENTENCE_END.search(folded, cue.end)
    sentence = folded[start : end_match.start() if end_match else len(folded)]
    return not _AT_YOU.search(sentence)


def coach(text: str, *, rewrite: bool = True) -> Coaching:
    found = cues(text)
    model = harshness(text)
    gentle = bool(_GENTLE.search(fold(text)))
    model_part = model * (0.7 if gentle else 1.0)
    score = max([model_part] + [_CUE_SCORE[c.pattern] for c in found])
    harsh = bool(found) or model_part >= HARSH_THRESHOLD
    suggestion = _rewrite(text, found) if harsh and rewrite else None
    return Coaching(
        harsh=harsh, score=round(score, 4), model_score=round(model, 4), cues=tuple(found), rewrite=suggestion
    )


# --- the rewrite ----------------------------------------------------------------------------
def _rewrite(text: str, found: list[Cue]) -> str:
    """Fill the template from the parse; fall back slot by slot until the result is calm."""
    r = rules()
    lead: str = found[0].pattern if found else "criticism"
    spec = r.spec[lead]
    feeling = _feeling(text) or spec["feeling"]
    about, need = _about_and_need(text, found)
    template = r.rewrite["template"]
    for candidate in (
        template.format(feeling=feeling, about=about or r.rewrite["about_default"], need=need or spec["need"]),
        template.format(feeling=feeling, about=r.rewrite["about_default"], need=spec["need"]),
        template.format(feeling=spec["feeling"], about=r.rewrite["about_default"], need=spec["need"]),
    ):
        if not coach(candidate, rewrite=False).harsh:
            return candidate
    return template.format(feeling="upset", about=r.rewrite["about_default"], need="us to talk about this calmly")


def _feeling(text: str) -> str | None:
    r = rules().rewrite
    words = re.findall(r"[a-z]+", fold(text))
    for w in words:
        if w in r["named_feelings"]:
            return r["named_feelings"][w]
    from closeknit.language.sentiment import analyze

    mix = analyze(text).emotions
    top = max(mix, key=mix.__getitem__)
    return r["feelings"].get(top) if mix[top] >= 0.6 else None


def _about_and_need(text: str, found: list[Cue]) -> tuple[str | None, str | None]:
    """From "you never help with the dishes": about "the dishes", need "you to help with the dishes"."""
    r = rules()
    for cue in found:
        if cue.pattern != "criticism":
            continue
        for rx in r.cues["criticism"]:
            m = rx.search(fold(text), cue.start)
            if not m or "rest" not in m.groupdict() or not m.group("rest"):
                continue
            rest = text[m.start("rest") : m.end("rest")].strip()
            rest = re.split(r"\s+(?:and|but|so|because|when|while|or)\s+", rest, maxsplit=1, flags=re.I)[0]
            rest = re.sub(r"\b(again|anymore|ever|at all|for once)\b", "", rest, flags=re.I).strip()
            rest = re.sub(r"^(have to|has to|got to|gotta|need to|manage to|bother to)\s+", "", rest, flags=re.I)
            if re.search(r"\banything$", rest, flags=re.I):  # "never clean anything" -> "clean more often"
                rest = re.sub(r"\s*\banything$", " more often", rest, flags=re.I)
            never = re.search(r"\b(never|ever|won'?t|can'?t|don'?t)\b", m.group(0))
            if re.match(r"you'?re|you are", m.group(0)):  # "you're never home": a state, not an act
                return None, (f"you to be {rest}" if never and rest else None)
            about = _DROP_LEAD.sub("", rest, count=1).strip() if " " in rest else ""
            about = re.sub(r"^(me|us|it|them|him|her)\b\s*", "", about, flags=re.I)
            if _PRONOUN_ONLY.match(about.lower()) or about.lower() in _PARTICLES:
                about = ""
            need = f"you to {rest}" if never else (f"us to find a way to handle {about} together" if about else None)
            return (about or None), need
    return None, None
