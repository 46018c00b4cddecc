"""The couple report: each partner's scores side by side, where they agree and differ, strengths and
growth areas in plain words, and the distance drivers ranked for this couple.

It only ever works from ResultViews, which selectors have already cut to what the viewer may see:
a partner's scores appear once revealed, and their item answers only if they chose to share them.
It says what was measured and suggests; it never diagnoses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, cast

from django.utils.translation import gettext as _

from closeknit.accounts.models import User
from closeknit.assessments import selectors
from closeknit.assessments.schema import Direction
from closeknit.assessments.selectors import ResultView, ScoreView
from closeknit.couples import selectors as couples

REPORTED = ("closeness-check", "distance-drivers")
DRIVERS = "distance-drivers"
AGREE_WITHIN = 0.15  # of the scale's range: closer than this reads as "much the same"
STRONG, GROWTH = 0.7, 0.45  # "goodness" (0 worst .. 1 best) at or beyond which a score is a strength / growth area

# The practice library names the same seven drivers with its own ids.
LIBRARY_DRIVER = {
    "unresolved_conflict": "unresolved-conflict",
    "stress_busy": "stress-busy",
    "broken_trust": "broken-trust",
    "conversations_stopped": "stopped-talking",
    "fear_of_vulnerability": "fear-of-vulnerability",
    "poor_listening": "poor-listening",
    "too_little_time": "little-time-together",
}


def goodness(score: ScoreView) -> float | None:
    """0 = the hard end of the scale, 1 = the good end, whichever way the scale runs."""
    if score.value is None or score.maximum == score.minimum:
        return None
    share = (score.value - score.minimum) / (score.maximum - score.minimum)
    return share if score.direction is Direction.HIGHER_IS_BETTER else 1 - share


@dataclass(frozen=True)
class Row:
    key: str
    title: str
    description: str
    mine: ScoreView | None
    theirs: ScoreView | None
    together: float | None  # the couple's goodness: the average of what the viewer can see

    @property
    def agreement(self) -> Literal["agree", "differ"] | None:
        if not (self.mine and self.theirs) or self.mine.value is None or self.theirs.value is None:
            return None
        span = self.mine.maximum - self.mine.minimum
        return "agree" if abs(self.mine.value - self.theirs.value) <= AGREE_WITHIN * span else "differ"

    @property
    def agreement_words(self) -> str:
        if self.agreement == "agree":
            return _("You see this much the same way.")
        if self.agreement == "differ":
            return _(
                "You see this differently. That is common, and a good thing to talk about gently: "
                "what does each of you notice?"
            )
        return ""


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    label: str
    mine: ResultView | None
    theirs: ResultView | None
    rows: tuple[Row, ...]

    @property
    def partner_waiting(self) -> bool:
        return bool(self.theirs and self.theirs.waiting)


@dataclass(frozen=True)
class RankedDriver:
    key: str
    library_id: str
    title: str
    description: str
    badness: float  # 0 (not a driver) .. 1 (a strong driver), the couple's average
    band: str | None


@dataclass(frozen=True)
class Report:
    partner: User | None
    sections: tuple[Section, ...]
    strengths: tuple[Row, ...]
    growth: tuple[Row, ...]
    drivers: tuple[RankedDriver, ...]

    @property
    def empty(self) -> bool:
        return all(s.mine is None and s.theirs is None for s in self.sections)

    def section(self, slug: str) -> Section | None:
        return next((s for s in self.sections if s.slug == slug), None)


def _section(viewer: User, slug: str) -> Section:
    mine, theirs = selectors.latest_pair(viewer, slug)
    from closeknit.assessments import definitions

    inst = definitions.get(slug)
    rows = []
    for score in inst.scores:
        m = mine.score(score.key) if mine else None
        t = theirs.score(score.key) if theirs else None
        seen = [g for g in (goodness(m) if m else None, goodness(t) if t else None) if g is not None]
        rows.append(Row(score.key, score.title, score.description, m, t, sum(seen) / len(seen) if seen else None))
    return Section(slug, inst.title, inst.label, mine, theirs, tuple(rows))


def rank_drivers(section: Section | None) -> tuple[RankedDriver, ...]:
    if section is None:
        return ()
    out = []
    for row in section.rows:
        if row.together is None:
            continue
        shown = row.mine or row.theirs
        band = shown.band if shown else None
        out.append(RankedDriver(row.key, LIBRARY_DRIVER.get(row.key, row.key), row.title, row.description,
                                round(1 - row.together, 3), band))  # fmt: skip
    return tuple(sorted(out, key=lambda d: -d.badness))


def _together(row: Row) -> float:
    """The score of a row already known to have one (closeness keeps only those)."""
    return cast(float, row.together)


def report_for(viewer: User) -> Report:
    sections = tuple(_section(viewer, slug) for slug in REPORTED)
    closeness = [r for r in sections[0].rows if r.together is not None and r.key != "total"]
    strengths = tuple(sorted((r for r in closeness if _together(r) >= STRONG), key=lambda r: -_together(r)))
    growth = tuple(sorted((r for r in closeness if _together(r) <= GROWTH), key=_together))
    return Report(couples.partner_of(viewer), sections, strengths, growth, rank_drivers(sections[1]))
