"""From stored tones to what a person reads: weekly valence per person, the emotion mix in words,
and the warm-to-hard ratio. Pure functions, so the partner page and the clinician panel agree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext, pgettext

from closeknit import language

RESEARCH_RATIO = 5.0  # Gottman's observation of stable couples in conflict talk: ~5 positive per negative
MIN_MOMENTS = 4  # fewer shared moments than this says too little to put a ratio on
MIX_WEEKS = 4

# Our own words for the model's emotions (Ekman's six + neutral). Plain English here (marked for the
# catalog with gettext_noop), worded in the reader's language where they are shown (mix_in_words).
EMOTION_WORDS = {
    "joy": gettext_noop("warmth and joy"),
    "sadness": gettext_noop("sadness"),
    "anger": gettext_noop("frustration"),
    "fear": gettext_noop("worry"),
    "surprise": gettext_noop("surprise"),
    "disgust": gettext_noop("being fed up"),
    "neutral": gettext_noop("everyday, matter-of-fact notes"),
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
    words = {"first": _(EMOTION_WORDS[first[0]])}
    text = _("Mostly %(first)s") % words if first[1] >= 0.4 else _("A mix, led by %(first)s") % words
    if rest:
        both = pgettext("joining two feelings", " and ")
        some = [_(EMOTION_WORDS[e]) for e, s in rest if s >= 0.2]
        little = [_(EMOTION_WORDS[e]) for e, s in rest if s < 0.2]
        parts = []
        if some:
            parts.append(_("some %(feelings)s") % {"feelings": both.join(some)})
        if little:
            parts.append(_("a little %(feelings)s") % {"feelings": both.join(little)})
        text += _(", with %(parts)s") % {"parts": pgettext("joining two parts of a list", ", and ").join(parts)}
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
        return _("There are not enough shared words yet to say much. A few more check-ins will fill this in.")
    if neg == 0:
        return ngettext(
            "%(count)s warm moment and no hard ones in what you shared lately. "
            "Hard days will come too, and they are part of being close.",
            "%(count)s warm moments and no hard ones in what you shared lately. "
            "Hard days will come too, and they are part of being close.",
            pos,
        ) % {"count": pos}
    value = pos / neg
    amount = f"{value:.0f}" if value >= 10 else f"{value:.1f}".removesuffix(".0")
    said = (
        _("About %(amount)s warm moments for every hard one") % {"amount": amount}
        if value >= 1
        else _("More hard moments than warm ones")
    )
    if value >= RESEARCH_RATIO:
        return _(
            "%(said)s in what you shared lately. Researchers who watched couples work through "
            "disagreements saw that couples who stayed close kept about five warm moments for each "
            "hard one. Whatever you are doing to keep that warmth, it shows."
        ) % {"said": said}
    return _(
        "%(said)s in what you shared lately. Researchers who watched couples work through "
        "disagreements saw that couples who stayed close kept about five warm moments for each hard "
        "one. It is not a score: hard weeks happen. A small thanks, a kind word or a few minutes "
        "together all count as warm moments."
    ) % {"said": said}
