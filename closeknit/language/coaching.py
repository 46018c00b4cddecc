"""Gentle start-up coach: spot criticism, contempt, defensiveness, stonewalling and a harsh opening.

Two signals: rule cues from content/language/coach.yaml (each names the phrase that triggered it)
and a harshness score from a logistic regression trained on rated requests (Stanford Politeness).
The coach then offers an editable "I feel ... about ... I need ..." rewrite built from a template
and the parse of what was written; no text generator. A rewrite is only offered if the coach
itself no longer flags it, and the person is always free to send their own words.

Spanish: each text is read in its own language (closeknit.language.detect; the writer's setting
decides a text too short to tell, and the other language's cues are tried before giving up). Spanish
text is read with content/language/coach.es.yaml's cues, plus the English ones (people mix English
in), and by rules only: the harshness model learned English requests and never scores Spanish, so
`model_score` is 0 there and a Spanish text is flagged only by a cue. Its rewrite is Spanish
("Siento … por … Necesito …"), checked the same way. What the coach says about a cue (label,
explanation, what to try) is always coach.yaml's English, which the caller shows through the catalog
in the reader's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from closeknit.core import content
from closeknit.language import coaching_es
from closeknit.language.crisis import compile_phrase, fold
from closeknit.language.detect import Lang, language_of, setting_language
from closeknit.language.features import load_model

COACH = content.path("language", "coach.yaml")
# One lexicon per language; the words shown about each pattern are coach.yaml's, in every language.
COACHES: dict[str, Path] = {"en": COACH, "es": content.path("language", "coach.es.yaml")}
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
    language: str = "en"  # the lexicon that found it


@dataclass(frozen=True)
class Coaching:
    harsh: bool  # show the coach at all
    score: float  # 0..1: the higher of the model's harshness and the strongest cue
    model_score: float  # 0 for a Spanish reading: the model only reads English
    cues: tuple[Cue, ...]
    rewrite: str | None  # an editable suggestion that itself does not trigger the coach
    language: str = "en"  # the language the words were read in, and the rewrite's


@dataclass(frozen=True)
class _Rules:
    cues: dict[str, tuple[re.Pattern[str], ...]]
    spec: dict
    rewrite: dict
    examples: dict[str, dict[str, list[str]]]
    language: str = "en"
    # coach.es.yaml's readings (see its header); coach.yaml has none and keeps its own code below.
    unless: dict[str, tuple[tuple[re.Pattern[str], ...], ...]] = field(default_factory=dict)  # per cue
    aimed: dict[str, tuple[bool, ...]] = field(default_factory=dict)  # per cue: only said to the partner
    subjunctives: frozenset[str] = frozenset()  # rewrite.que's forms, folded: "nunca cambies" is a wish
    praise: dict[str, tuple[re.Pattern[str], ...]] = field(default_factory=dict)


@lru_cache(maxsize=4)
def rules(path: Path = COACH) -> _Rules:
    raw = content.read_yaml(path)
    patterns = raw["patterns"]
    macros = {"{" + k + "}": v for k, v in (raw.get("macros") or {}).items()} or None

    def compiled(phrases: list[str] | None) -> tuple[re.Pattern[str], ...]:
        return tuple(compile_phrase(p, macros) for p in phrases or ())

    def phrase(cue: str | dict) -> str:
        return cue if isinstance(cue, str) else cue["p"]

    return _Rules(
        cues={name: compiled([phrase(c) for c in spec["cues"]]) for name, spec in patterns.items()},
        spec=patterns,
        rewrite=raw["rewrite"],
        examples={name: spec.get("examples", {}) for name, spec in patterns.items()},
        language=str(raw.get("language", "en")),
        unless={
            name: tuple(
                compiled(spec.get("unless")) + compiled(c.get("unless") if isinstance(c, dict) else None)
                for c in spec["cues"]
            )
            for name, spec in patterns.items()
        },
        praise={name: compiled(spec.get("praise")) for name, spec in patterns.items()},
        subjunctives=frozenset(fold(v, accents=True) for v in (raw["rewrite"].get("que") or {}).values()),
        aimed={
            name: tuple(bool(isinstance(c, dict) and c.get("aimed")) for c in spec["cues"])
            for name, spec in patterns.items()
        },
    )


def harshness(text: str) -> float:
    """The model's probability that a request reads as harsh (bottom quartile of politeness)."""
    return load_model("harshness").score(text)


def cues(text: str, language: str = "en") -> list[Cue]:
    """The cues in `text` read as `language`: a Spanish reading takes the English cues too (people mix
    English in: "whatever", "🙄"), one per stretch of text and pattern; an English one only English."""
    if language != "es":
        return _english_cues(text)
    found = _spanish_cues(text)
    for extra in _english_cues(text):
        if not any(c.pattern == extra.pattern and c.start < extra.end and extra.start < c.end for c in found):
            found.append(extra)
    return sorted(found, key=lambda c: c.start)


def _english_cues(text: str) -> list[Cue]:
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


def _spanish_cues(text: str) -> list[Cue]:
    """Every match of every cue is weighed (not only the first): "no eres egoísta, pero sí eres un
    idiota" has a denied judgment and a real one."""
    r = rules(COACHES["es"])
    folded = fold(text, accents=True)
    found: list[Cue] = []
    for name, regexes in r.cues.items():
        spec = r.spec[name]
        for rx, unless, aimed in zip(regexes, r.unless[name], r.aimed[name], strict=True):
            if any(u.search(folded) for u in unless):
                continue
            for m in rx.finditer(folded):
                start, end = _trimmed(folded, m)
                if start >= end or any(c.pattern == name and c.start < end and start < c.end for c in found):
                    continue
                if _praised(r.praise[name], folded, start, end):
                    continue
                if spec.get("negatable") and coaching_es.negated(folded, start):
                    continue
                if coaching_es.wish(folded, m, r.subjunctives):
                    continue
                if aimed and coaching_es.not_aimed(folded, start, end):
                    continue
                found.append(_cue(name, spec, text, m, span=(start, end), language="es"))
    return sorted(found, key=lambda c: c.start)


def _trimmed(folded: str, m: re.Match[str]) -> tuple[int, int]:
    """The match without the spaces and marks a cue may take at its edges ("(^|[.!?] )tipico[.!?]")."""
    start, end = m.span()
    while start < end and (folded[start].isspace() or folded[start] in ".!?,;:"):
        start += 1
    while end > start and (folded[end - 1].isspace() or folded[end - 1] in ".,;:!?"):
        end -= 1
    return start, end


def _praised(praise: tuple[re.Pattern[str], ...], folded: str, start: int, end: int) -> bool:
    return any(p.start() < end and start < p.end() for rx in praise for p in rx.finditer(folded))


def _cue(
    name: str, spec: dict, text: str, m: re.Match[str], *, span: tuple[int, int] | None = None, language: str = "en"
) -> Cue:
    start, end = span or m.span()
    words = spec if language == "en" else rules().spec[name]  # what is said about it: coach.yaml's
    return Cue(
        pattern=name,  # type: ignore[arg-type]  # one of the four names, from our own table
        label=words["label"],
        start=start,
        end=end,
        phrase=text[start:end].strip(),
        explain=words["explain"].strip(),
        try_instead=words["try"].strip(),
        language=language,
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


def coach(text: str, *, language: str | None = None, rewrite: bool = True) -> Coaching:
    """`language`: the writer's language setting, which decides only for a text too short to tell its
    own (see `reading`)."""
    lang, found = reading(text, language)
    if lang == "es":  # rules only: the harshness model never read Spanish
        model = model_part = 0.0
    else:
        model = harshness(text)
        gentle = bool(_GENTLE.search(fold(text)))
        model_part = model * (0.7 if gentle else 1.0)
    score = max([model_part] + [_CUE_SCORE[c.pattern] for c in found])
    harsh = bool(found) or model_part >= HARSH_THRESHOLD
    suggestion = _rewrite(text, found, lang) if harsh and rewrite else None
    return Coaching(
        harsh=harsh,
        score=round(score, 4),
        model_score=round(model, 4),
        cues=tuple(found),
        rewrite=suggestion,
        language=lang,
    )


def reading(text: str, setting: str | None = None) -> tuple[Lang, list[Cue]]:
    """The language to read `text` in, and its cues. The text's own language when the detector can tell.
    Otherwise the writer's setting, unless only the other language's lexicon finds something: "Siempre
    llegas tarde" from someone whose setting is English is Spanish, and coached in Spanish; "Grow up."
    from someone whose setting is Spanish is English, and coached in English (a rewrite is always in the
    language of the words it rewrites)."""
    told = language_of(text)
    if told is not None:
        return told, cues(text, told)
    lang = setting_language(setting)
    found = cues(text, lang)
    if any(_worded(c) and c.language == lang for c in found):  # an emoji is in no language
        return lang, found
    other: Lang = "en" if lang == "es" else "es"
    theirs = cues(text, other)
    return (other, theirs) if any(_worded(c) and c.language == other for c in theirs) else (lang, found)


def _worded(cue: Cue) -> bool:
    return any(ch.isalpha() for ch in cue.phrase)


# --- the rewrite ----------------------------------------------------------------------------
def _rewrite(text: str, found: list[Cue], language: str = "en") -> str:
    """Fill the template from the parse; fall back slot by slot until the result is calm. Always in the
    language the text was read in, never mixed: an English cue in a Spanish text gets a Spanish rewrite."""
    r = rules(COACHES[language])
    lead: str = found[0].pattern if found else "criticism"
    spec = r.spec[lead]
    if language == "es":
        feeling = _named_feeling(fold(text, accents=True), r) or spec["feeling"]
        about, need = _about_and_need_es(text, [c for c in found if c.language == "es"], r)
        about = r.rewrite["about_from"].format(about=about) if about else None
    else:
        feeling = _feeling(text) or spec["feeling"]
        about, need = _about_and_need(text, found)
    template = r.rewrite["template"]
    for candidate in (
        template.format(feeling=feeling, about=about or r.rewrite["about_default"], need=need or spec["need"]),
        template.format(feeling=feeling, about=r.rewrite["about_default"], need=spec["need"]),
        template.format(feeling=spec["feeling"], about=r.rewrite["about_default"], need=spec["need"]),
    ):
        if not coach(candidate, language=language, rewrite=False).harsh:
            return candidate
    last = r.rewrite.get("fallback") or {"feeling": "upset", "need": "us to talk about this calmly"}
    return template.format(feeling=last["feeling"], about=r.rewrite["about_default"], need=last["need"])


def _named_feeling(folded: str, r: _Rules) -> str | None:
    named: dict[str, str] = r.rewrite["named_feelings"]
    return next((named[w] for w in re.findall(r"[a-z]+", folded) if w in named), None)


def _about_and_need_es(text: str, found: list[Cue], r: _Rules) -> tuple[str | None, str | None]:
    """The first Spanish criticism cue that names its verb: see coaching_es.about_and_need."""
    folded = fold(text, accents=True)
    for cue in found:
        if cue.pattern != "criticism":
            continue
        for rx in r.cues["criticism"]:
            m = rx.match(folded, cue.start)
            if m and m.groupdict().get("verb"):
                return coaching_es.about_and_need(text, m, r.rewrite["que"])
    return None, None


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
