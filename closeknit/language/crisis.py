"""Crisis safety net: suicidal thoughts, self-harm, and violence or control by a partner.

Recall comes first. Every phrase in content/language/crisis.yaml that matches produces a finding,
whatever else is said; the learned model can only add a finding the lexicon missed. Context never
removes a finding, it only changes how it is worded and how confident it is:

- negated ("I'm not going to hurt myself") -> still a finding, `negated=True`, lower confidence:
  people often deny in the same breath as they disclose, and a quiet offer costs little;
- about someone else or quoted ("my friend said she wants to die") -> still a finding,
  `subject="other"`: the writer may be the one who can help, and may need support themselves;
- idioms ("I'd die for a coffee", "this traffic is killing me") are masked before matching, word
  by word, so an idiom never hides a real phrase elsewhere in the same text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml

from closeknit.language.features import load_model, sentences, tokens

LEXICON = Path(__file__).resolve().parents[2] / "content" / "language" / "crisis.yaml"
Category = Literal["suicidal_ideation", "self_harm", "partner_violence", "coercive_control"]
Subject = Literal["self", "other"]

_STRENGTH = {"high": 0.95, "medium": 0.8, "low": 0.6}
_NEGATED = 0.6
_OTHER = 0.75
_NEGATION_WINDOW = 4  # tokens before the phrase, within its clause
_MACROS = {
    "{refl}": r"(?P<who>myself|my self|himself|herself|themselves|themself|yourself|ourselves)",
    "{refl3}": r"(?P<who>myself|my self|himself|herself|themselves|themself)",
    "{partner}": (
        r"(?:(?:my|his|her|their|your|our|[a-z]+'s) )?(?:partner|husband|wife|boyfriend|girlfriend|bf|gf|"
        r"fianc[eé]e?|spouse|ex|ex-husband|ex-wife|ex-boyfriend|ex-girlfriend|ex-partner|hubby|wifey|"
        r"significant other|other half)"
    ),
    "{adv}": (
        r"(?:(?:just|really|even|always|still|then|also|once|literally|sometimes|often|actually|has|had|have|"
        r"would|will|'ll|'d|did|does|keeps|kept|[a-z]+ly) ){0,2}"
    ),
}
_MACROS["{they}"] = r"(?:he|she|they|" + _MACROS["{partner}"] + ")"
# Whose experience a coercion phrase is: "me"/"my"/"I" later in the same sentence ("he threatens to
# take the kids from me"), even when "he" comes first; optional, so the phrase matches without it.
_MACROS["{victim}"] = r"(?:(?=[^.!?\n]*?(?<![a-z])(?P<who>me|my|i|myself|we|us|our)(?![a-z])))?"
_WORD = re.compile(r"[a-z0-9']+")
_CLAUSE_BREAK = re.compile(r"[.!?;:,\n]|\bbut\b|\band\b")
_SENTENCE_BREAK = re.compile(r"[.!?\n]")
_QUOTES = '"\u201c\u201d'
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u201c": '"', "\u201d": '"'})


@dataclass(frozen=True)
class CrisisFinding:
    """One reason to show crisis resources. `start`/`end` index the original text."""

    category: Category
    resource_kind: str  # "crisis" or "violence": which list in content/crisis_resources.yaml
    start: int
    end: int
    evidence: str
    confidence: float
    subject: Subject
    negated: bool
    source: Literal["lexicon", "model"]

    @property
    def level(self) -> Literal["urgent", "gentle"]:
        """urgent: a clear first-person phrase -> resources up front, at once. gentle: negated, about
        someone else, or the model's guess -> a quiet offer of support in the same flow. Both show
        resources; the difference is tone, so a gentle finding costs little when it is wrong."""
        clear = self.source == "lexicon" and self.subject == "self" and not self.negated
        return "urgent" if clear and self.confidence >= _STRENGTH["medium"] else "gentle"


@dataclass(frozen=True)
class _Pattern:
    category: Category
    resource_kind: str
    regex: re.Pattern[str]
    strength: str
    needs: re.Pattern[str] | None


@dataclass(frozen=True)
class _Lexicon:
    patterns: tuple[_Pattern, ...]
    idioms: tuple[re.Pattern[str], ...]
    negators: frozenset[str]
    negation_exceptions: tuple[re.Pattern[str], ...]
    subject_self: frozenset[str]
    subject_other: frozenset[str]
    examples: dict[str, dict[str, list[str]]]


def compile_phrase(phrase: str) -> re.Pattern[str]:
    """Turn a lexicon phrase (see the header of crisis.yaml) into a whole-word regex."""
    for macro, expansion in _MACROS.items():
        phrase = phrase.replace(macro, expansion)
    phrase = re.sub(r"(?<!\\)'", "'?", phrase).replace("\\'", "'").replace(" ", r"\s+")
    return re.compile(r"(?<![a-z0-9])(?:" + phrase + r")(?![a-z0-9])")


@lru_cache(maxsize=4)
def lexicon(path: Path = LEXICON) -> _Lexicon:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    patterns = []
    examples = {}
    for category, spec in raw["categories"].items():
        for entry in spec["patterns"]:
            patterns.append(
                _Pattern(
                    category=category,
                    resource_kind=spec["resource_kind"],
                    regex=compile_phrase(entry["p"]),
                    strength=entry.get("strength", "high"),
                    needs=re.compile(r"\b(?:" + entry["needs"] + r")\b") if entry.get("needs") else None,
                )
            )
        examples[category] = spec.get("examples", {})
    return _Lexicon(
        patterns=tuple(patterns),
        idioms=tuple(compile_phrase(p) for p in raw.get("idioms", [])),
        negators=frozenset(w.replace("'", "") for w in raw.get("negators", [])),
        negation_exceptions=tuple(compile_phrase(p) for p in raw.get("negation_exceptions", [])),
        subject_self=frozenset(w.replace("'", "") for w in raw.get("subject_self", [])),
        subject_other=frozenset(w.replace("'", "") for w in raw.get("subject_other", [])),
        examples=examples,
    )


def fold(text: str) -> str:
    """Lower-case with straight quotes, one character for one: offsets stay those of the original."""
    out = []
    for ch in text.translate(_FOLD):
        low = ch.lower()
        out.append(low if len(low) == 1 else ch)
    return "".join(out)


def mask_idioms(folded: str, lex: _Lexicon) -> str:
    for idiom in lex.idioms:
        folded = idiom.sub(lambda m: " " * len(m.group(0)), folded)
    return folded


def check(
    text: str, *, use_model: bool = True, sensitivity: Literal["recall", "balanced"] = "recall"
) -> list[CrisisFinding]:
    """Every reason in `text` to offer crisis resources, strongest first. Empty means none found.

    sensitivity only moves the learned model's threshold: "recall" (the default, the product's
    policy) catches ~95% of suicidal posts and adds a gentle offer to ~8% of everyday comments;
    "balanced" adds one to ~2%. Lexicon findings are the same in both.
    """
    lex = lexicon()
    folded = fold(text)
    masked = mask_idioms(folded, lex)
    found: list[CrisisFinding] = []
    taken: list[tuple[str, int, int]] = []
    for pat in lex.patterns:
        for m in pat.regex.finditer(masked):
            start, end = m.span()
            if any(c == pat.category and s < end and start < e for c, s, e in taken):
                continue  # one finding per stretch of text and category
            if pat.needs and not pat.needs.search(_sentence_before(masked, start)):
                continue
            subject = _subject(folded, start, m, lex)
            negated = _negated(folded, start, lex)
            confidence = (
                _STRENGTH[pat.strength] * (_NEGATED if negated else 1.0) * (_OTHER if subject == "other" else 1.0)
            )
            found.append(
                CrisisFinding(
                    category=pat.category,
                    resource_kind=pat.resource_kind,
                    start=start,
                    end=end,
                    evidence=text[start:end],
                    confidence=round(confidence, 3),
                    subject=subject,
                    negated=negated,
                    source="lexicon",
                )
            )
            taken.append((pat.category, start, end))
    if use_model and not any(f.resource_kind == "crisis" for f in found):
        extra = _model_finding(text, masked, sensitivity)
        if extra:
            found.append(extra)
    return sorted(found, key=lambda f: (-f.confidence, f.start))


def _sentence_before(folded: str, start: int) -> str:
    cut = max((m.end() for m in _SENTENCE_BREAK.finditer(folded, 0, start)), default=0)
    return folded[cut:start]


def _clause_before(folded: str, start: int) -> str:
    cut = max((m.end() for m in _CLAUSE_BREAK.finditer(folded, 0, start)), default=0)
    return folded[cut:start]


def _subject(folded: str, start: int, m: re.Match[str], lex: _Lexicon) -> Subject:
    """Whose thought or experience: the phrase's own pronoun, else the nearest subject before it."""
    who = m.groupdict().get("who")
    if who and who.replace(" ", "") not in ("myself", "me", "my", "i", "we", "us", "our"):
        return "other"
    before = _sentence_before(folded, start)
    if _inside_quote(before):
        speaker = before[: max(before.rfind(q) for q in _QUOTES)]
        for word in _WORD.findall(speaker):  # the sayer comes first: "I told him", "my friend said"
            word = word.replace("'", "")
            if word in lex.subject_other:
                return "other"
            if word in lex.subject_self and word not in ("my", "mine", "me", "myself"):
                return "self"
        return "other"  # a quotation with no speaker named: a lyric, a line from a show
    if who:
        return "self"
    for word in reversed(_WORD.findall(before)):
        word = word.replace("'", "")
        if word in lex.subject_self:
            return "self"
        if word in lex.subject_other:
            return "other"
    return "self"


def _inside_quote(before: str) -> bool:
    return before.count('"') % 2 == 1


def _negated(folded: str, start: int, lex: _Lexicon) -> bool:
    clause = _clause_before(folded, start)
    for exc in lex.negation_exceptions:
        clause = exc.sub(" ", clause)
    words = [w.replace("'", "") for w in _WORD.findall(clause)][-_NEGATION_WINDOW:]
    return any(w in lex.negators or w.endswith("nt") and w[:-2] in _AUX for w in words)


_AUX = {"do", "does", "did", "wo", "ca", "could", "would", "should", "is", "are", "was", "were", "have", "has", "had"}


# --- the learned model: adds what the lexicon missed, never removes -----------------------------
MODEL = "crisis"


MIN_TOKENS = 4  # an idiom masked and fewer words than this left: nothing for the model to judge
# The model learned from posts of a paragraph or more; on a line of a few words its score says little
# ("I miss how we used to talk." reads as sad, which is not a crisis). So below SHORT words only the
# lexicon speaks, and below LONG words the model needs its balanced threshold even in recall mode.
# Explicit words of crisis in a short line are the lexicon's job, and it always counts.
SHORT = 4
LONG = 15


def _model_finding(text: str, masked: str, sensitivity: str = "recall") -> CrisisFinding | None:
    """Score the idiom-masked text (same offsets as `text`); evidence is its likeliest sentence."""
    left = len(tokens(masked))
    if left < MIN_TOKENS and left < len(tokens(text)) or left < SHORT:
        return None
    model = load_model(MODEL)
    recall = sensitivity == "recall" and left >= LONG
    threshold = float(model.meta["threshold" if recall else "threshold_balanced"])
    score = model.score(masked)
    if score < threshold:
        return None
    spans = sentences(text) or [(0, len(text))]
    start, end = max(spans, key=lambda se: model.score(masked[se[0] : se[1]])) if len(spans) > 1 else spans[0]
    return CrisisFinding(
        category="suicidal_ideation",
        resource_kind="crisis",
        start=start,
        end=end,
        evidence=text[start:end],
        confidence=round(min(score, 0.9), 3),
        subject="self",
        negated=False,
        source="model",
    )
