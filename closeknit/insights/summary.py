"""From stored tones to what a person reads: weekly valence per person, the emotion mix in words,
and the warm-to-hard ratio. Pure functions, so the partner page and the clinician panel agree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from closeknit import language

RESEARCH_RATIO = 5.0  # Gottman's observation of stable couples in conflict talk: ~5 positive per negative
MIN_MOMENTS = 4  # fewer shared moments than this says too little to put a ratio on
MIX_WEEKS = 4

# Our own words for the model's emotions (Ekman's six + neutral).
EMOTION_WORDS = {
    "joy": "warmth and joy",
    "sadness": "sadness",
    "anger": "frustration",
    "fear": "worry",
    "surprise": "surprise",
    "disgust": "being fed up",
    "neutral": "everyday, matter-of-fact notes",
}


@dataclass(frozen=True)
class Point:
    """One counted entry: whose, which day, its tone. Never its words."""

    author_id: int
    local_date: dt.date
    label: str
    valence: float
    emotions: dict[str, float]
    kind: str = "checkin"


@dataclass
class PersonTrend:
    author_id: int
    name: str
    weekly: list[float | None] = field(default_factory=list)  # mean valence per week, None = nothing counted
    recent: int = 0  # moments in the last MIX_WEEKS weeks
    mix: list[tuple[str, float]] = field(default_factory=list)  # (emotion, share), largest first
    mix_words: str = ""


@dataclass
class Ratio:
    positive: int
    negative: int
    neutral: int
    value: float | None  # positive per negative; None with no negatives
    words: str


def week_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def weeks_ending(today: dt.date, n: int) -> list[dt.date]:
    last = week_of(today)
    return [last - dt.timedelta(weeks=n - 1 - i) for i in range(n)]


def weekly_valence(points: list[Point], weeks: list[dt.date]) -> list[float | None]:
    sums: dict[dt.date, list[float]] = {}
    for p in points:
        sums.setdefault(week_of(p.local_date), []).append(p.valence)
    return [round(sum(v) / len(v), 2) if (v := sums.get(w)) else None for w in weeks]


def emotion_mix(points: list[Point]) -> list[tuple[str, float]]:
    """The average mix over the points, largest share first."""
    if not points:
        return []
    totals = dict.fromkeys(language.EMOTIONS, 0.0)
    for p in points:
        for e, share in p.emotions.items():
            if e in totals:
                totals[e] += share
    n = len(points)
    return sorted(((e, round(v / n, 3)) for e, v in totals.items()), key=lambda x: -x[1])


def mix_in_words(mix: list[tuple[str, float]]) -> str:
    """ "Mostly warmth and joy, with some worry." Shares under 10% are left out: they are noise."""
    shown = [(e, s) for e, s in mix if s >= 0.10][:3]
    if not shown:
        return ""
    first, rest = shown[0], shown[1:]
    lead = "Mostly" if first[1] >= 0.4 else "A mix, led by"
    text = f"{lead} {EMOTION_WORDS[first[0]]}"
    if rest:
        some = [EMOTION_WORDS[e] for e, s in rest if s >= 0.2]
        little = [EMOTION_WORDS[e] for e, s in rest if s < 0.2]
        parts = []
        if some:
            parts.append("some " + " and ".join(some))
        if little:
            parts.append("a little " + " and ".join(little))
        text += ", with " + ", and ".join(parts)
    return text + "."


def ratio_of(points: list[Point]) -> Ratio:
    labels = [p.label for p in points]
    pos = labels.count("positive")
    neg = labels.count("negative")
    neu = labels.count("neutral")
    value = language.positive_ratio(labels)
    return Ratio(positive=pos, negative=neg, neutral=neu, value=value, words=ratio_words(pos, neg))


def ratio_words(pos: int, neg: int) -> str:
    """The 5:1 line as a companion, not a grade: hard moments belong to closeness too."""
    if pos + neg < MIN_MOMENTS:
        return "There are not enough shared words yet to say much. A few more check-ins will fill this in."
    if neg == 0:
        return (
            f"{pos} warm moment{'s' if pos != 1 else ''} and no hard ones in what you shared lately. "
            "Hard days will come too, and they are part of being close."
        )
    value = pos / neg
    amount = f"{value:.0f}" if value >= 10 else f"{value:.1f}".removesuffix(".0")
    said = f"About {amount} warm moments for every hard one" if value >= 1 else "More hard moments than warm ones"
    if value >= RESEARCH_RATIO:
        return (
            f"{said} in what you shared lately. Researchers who watched couples work through "
            "disagreements saw that couples who stayed close kept about five warm moments for each "
            "hard one. Whatever you are doing to keep that warmth, it shows."
        )
    return (
        f"{said} in what you shared lately. Researchers who watched couples work through "
        "disagreements saw that couples who stayed close kept about five warm moments for each hard "
        "one. It is not a score: hard weeks happen. A small thanks, a kind word or a few minutes "
        "together all count as warm moments."
    )
