"""closeknit's language core: text in, findings with evidence out. Pure, offline, CPU, stdlib only.

    from closeknit import language
    language.check_crisis(text)  -> list[CrisisFinding]   (empty: nothing found)
    language.sentiment_of(text)  -> Sentiment             (label, valence, emotion mix, evidence)
    language.coach(text)         -> Coaching              (harsh?, cues with phrases, rewrite; en or es)
    language.analyze(text)       -> Analysis              (all three at once)

No database, no settings, no network: models are read once from artifacts/ and lexicons from
content/language/. Callers decide what a person sees; this package never stores text and never
learns from use (a person saying "this isn't about me" changes nothing here).
"""

from __future__ import annotations

from dataclasses import dataclass

from closeknit.language.coaching import Coaching, Cue
from closeknit.language.coaching import coach as coach
from closeknit.language.crisis import CrisisFinding
from closeknit.language.crisis import check as check_crisis
from closeknit.language.sentiment import EMOTIONS, Sentiment, backend, positive_ratio
from closeknit.language.sentiment import analyze as sentiment_of

__all__ = [
    "EMOTIONS",
    "Analysis",
    "Coaching",
    "CrisisFinding",
    "Cue",
    "Sentiment",
    "analyze",
    "backend",
    "check_crisis",
    "coach",
    "positive_ratio",
    "resource_kinds",
    "sentiment_of",
]


@dataclass(frozen=True)
class Analysis:
    crisis: tuple[CrisisFinding, ...]
    sentiment: Sentiment
    coaching: Coaching | None  # only when asked for: text written to a partner

    @property
    def show_resources(self) -> bool:
        """Any crisis finding at all shows resources to the author, privately (recall first)."""
        return bool(self.crisis)


def analyze(text: str, *, to_partner: bool = False, language: str | None = None) -> Analysis:
    """`language`: the writer's setting, for the coach to read a text too short to tell its own."""
    return Analysis(
        crisis=tuple(check_crisis(text)),
        sentiment=sentiment_of(text),
        coaching=coach(text, language=language) if to_partner else None,
    )


def resource_kinds(findings: list[CrisisFinding] | tuple[CrisisFinding, ...]) -> list[str]:
    """Which resource lists to show ("crisis", "violence"), most urgent first, no repeats."""
    seen: list[str] = []
    for f in findings:
        if f.resource_kind not in seen:
            seen.append(f.resource_kind)
    return seen
