"""The couple's 4-week plan, worked out (not stored) from the goals they picked, the ranked drivers,
the practice library, and what actually happened: check-ins, practices done, the weekly pulse.

Only the goals and the start date are stored (models.Plan), so the plan adapts every week without a
batch job: this week's steps are a pure function of the inputs below. Everything it reads comes through
selectors that already apply the privacy rules, so a step never reveals a partner's hidden answer.

When distress looks high (a very low pulse, two low weeks in a row, a reliably worse score, or a
positive safety screen) the plan says so gently and points to professional help and an intensive.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from closeknit.practices.library import DRIVERS as DRIVER_WORDS
from closeknit.practices.library import Library, Practice, library

if TYPE_CHECKING:
    from closeknit.accounts.models import User

WEEKS = 4
VERY_LOW_PULSE = 3.0  # on 0-10: "a hard week" and then some
LOW_PULSE = 4.0
THEMES = (
    (
        gettext_lazy("Start small"),
        gettext_lazy("A few minutes a day. The aim this week is simply to turn toward each other."),
    ),
    (gettext_lazy("Keep turning toward"), gettext_lazy("Keep the daily habits going and add one real conversation.")),
    (gettext_lazy("Go a little deeper"), gettext_lazy("Try sharing something softer: a hope, a worry, a memory.")),
    (
        gettext_lazy("Look back, keep what works"),
        gettext_lazy("Notice what helped, and choose what you want to keep doing."),
    ),
)


class PracticeLog(Protocol):
    """How the plan learns which practices were done: the practices app's selector behind it."""

    def done_between(self, *, user: User, start: dt.date, end: dt.date) -> dict[str, int]:
        """Practice slug -> times this person finished it from `start` to `end` (inclusive, local dates).
        Only the person's own runs: what a partner practised alone is theirs."""
        ...


class NoPracticeLog:
    def done_between(self, *, user: User, start: dt.date, end: dt.date) -> dict[str, int]:
        return {}


class LibraryPracticeLog:
    """Adapts closeknit.practices.selectors.done_between (a list of runs) to counts per practice."""

    def __init__(self, fn: Callable[[User, dt.date, dt.date], Sequence[tuple]]):
        self.fn = fn

    def done_between(self, *, user: User, start: dt.date, end: dt.date) -> dict[str, int]:
        return dict(Counter(row[0] for row in self.fn(user, start, end)))


def practice_log() -> PracticeLog:
    try:
        from closeknit.practices import selectors as practices
    except ImportError:
        return NoPracticeLog()
    fn = getattr(practices, "done_between", None)
    return LibraryPracticeLog(fn) if callable(fn) else NoPracticeLog()


@dataclass(frozen=True)
class Inputs:
    goals: tuple[str, ...]  # library driver ids, in the order the couple picked
    ranked: tuple[str, ...]  # library driver ids, strongest first (from the drivers results)
    week: int  # 1-based week of the plan; beyond 4 the plan suggests a re-check
    solo: bool
    checkin_days_last_week: int  # days both checked in (alone: own days), the 7 days before this week
    practices_last_week: dict[str, int] = field(default_factory=dict)
    pulses: tuple[float, ...] = ()  # visible pulse totals, newest first (the viewer's and the partner's)
    reliably_worse: tuple[str, ...] = ()  # titles of scores that got reliably worse
    screen_positive: bool = False  # the viewer's own private screen or words: extra support is suggested
    conflict_withheld: bool = False  # either partner's: conflict work is not offered to the couple at all

    @property
    def withhold(self) -> bool:
        """Which practices the plan may pick: the couple's gate, so both partners' plans match their catalogue."""
        return self.screen_positive or self.conflict_withheld


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    how_often: str
    why: str
    drivers: tuple[str, ...]  # plain words of the drivers it serves
    practice: str | None = None  # library slug, when a guided practice goes with it
    minutes: int | None = None


@dataclass(frozen=True)
class Adaptation:
    tone: str  # "lighter", "steady", "deeper", "gentler"
    words: str


@dataclass(frozen=True)
class WeekPlan:
    week: int
    theme: str
    intro: str
    steps: tuple[Step, ...]
    adaptations: tuple[Adaptation, ...]
    seek_help: bool
    help_reasons: tuple[str, ...]
    finished: bool


def _serves(practice: Practice, goals: Sequence[str]) -> tuple[str, ...]:
    mine = [d for d in practice.drivers if d in goals] or list(practice.drivers)
    return tuple(DRIVER_WORDS[d] for d in mine)


def _pick(lib: Library, slugs: Sequence[str], *, screen_positive: bool) -> Practice | None:
    allowed = {p.slug for p in lib.safe_for(screen_positive=screen_positive)}
    return next((lib.get(s) for s in slugs if s in allowed and lib.get(s) is not None), None)


TALK_KINDS = (
    "hard-conversation",
    "active-listening",
    "emotional-map",
    "vulnerability-questions",
    "reminiscing",
    "mindfulness",
    "plain-steps",
    "fear-of-closeness",
)


def _conversation(lib: Library, inp: Inputs, *, gentle: bool) -> Practice | None:
    """The week's guided conversation: for each goal in turn, rotating through its practices by week."""
    focus = list(inp.goals) or list(inp.ranked[:2])
    if not focus:
        return _pick(lib, ["stress-talk", "active-listening"], screen_positive=inp.withhold)
    driver = focus[(inp.week - 1) % len(focus)]
    talks = [p for p in lib.for_driver(driver, screen_positive=inp.withhold) if p.kind in TALK_KINDS]
    options = [p for p in talks if "together" in p.modes or "apart" in p.modes]
    if gentle or inp.withhold:
        options = [p for p in options if not p.conflict and p.kind != "hard-conversation"] or options
    if inp.solo:
        options = [p for p in talks if "solo" in p.modes] or options
    if not options:
        return None
    options.sort(key=lambda p: (p.duration_minutes if gentle else 0, p.slug))
    return options[((inp.week - 1) // max(len(focus), 1)) % len(options)]


def adapt(inp: Inputs) -> tuple[tuple[Adaptation, ...], bool, tuple[str, ...]]:
    notes: list[Adaptation] = []
    reasons: list[str] = []
    if inp.pulses and inp.pulses[0] <= VERY_LOW_PULSE:
        reasons.append(_("This week's pulse was very low."))
    if len(inp.pulses) >= 2 and all(p <= LOW_PULSE for p in inp.pulses[:2]):
        reasons.append(_("The pulse has been low two weeks running."))
    for title in inp.reliably_worse:
        reasons.append(_("%(title)s got reliably worse since the first time you measured it.") % {"title": title})
    if inp.screen_positive:
        reasons.append(_("Your private safety answers suggest extra support could help."))
    if inp.week > 1:
        if inp.checkin_days_last_week < 3:
            notes.append(
                Adaptation("lighter", _("Last week was busy, so this week asks less. Small steps still count."))
            )
        elif inp.checkin_days_last_week >= 5:
            notes.append(Adaptation("deeper", _("You kept it going last week. This week adds one deeper step.")))
        else:
            notes.append(Adaptation("steady", _("A steady week last week. This week keeps the same pace.")))
    if inp.pulses and inp.pulses[0] < 5 and not reasons:
        notes.append(
            Adaptation(
                "gentler", _("The pulse says things felt hard lately, so this week leans on calmer, shorter practices.")
            )
        )
    done = sum(inp.practices_last_week.values())
    if done >= 2:
        notes.append(
            Adaptation(
                "deeper",
                ngettext(
                    "You did %(n)d practice last week. Well done: keep the ones that helped.",
                    "You did %(n)d practices last week. Well done: keep the ones that helped.",
                    done,
                )
                % {"n": done},
            )
        )
    return tuple(notes), bool(reasons), tuple(reasons)


def week_plan(inp: Inputs, lib: Library | None = None) -> WeekPlan:
    lib = lib or library()
    week = max(1, inp.week)
    adaptations, seek_help, reasons = adapt(inp)
    tones = {a.tone for a in adaptations}
    lighter = "lighter" in tones
    gentle = seek_help or "gentler" in tones or lighter
    deeper = "deeper" in tones and not gentle
    goals = inp.goals or inp.ranked[:2]
    theme, intro = (str(words) for words in THEMES[min(week, WEEKS) - 1])
    steps: list[Step] = [
        Step("checkin", _("Daily check-in"), _("every day") if not lighter else _("on at least 4 days"),
             _("A few minutes to notice how you feel and share it."), (DRIVER_WORDS["stopped-talking"],),
             None, 3),
    ]  # fmt: skip
    grat = _pick(lib, ["daily-appreciation"], screen_positive=inp.withhold)
    if grat:
        steps.append(Step("gratitude", _("Say one thank-you"), _("3 times this week") if lighter else _("every day"),
                          grat.purpose, _serves(grat, goals), grat.slug, grat.duration_minutes))  # fmt: skip
    if not inp.solo:
        touch = _pick(lib, ["small-touches"], screen_positive=inp.withhold)
        if touch:
            steps.append(Step("touch", _("Small touches"), _("on most days"), touch.purpose, _serves(touch, goals),
                              touch.slug, touch.duration_minutes))  # fmt: skip
        time_ = _pick(lib, ["plan-time-together" if lighter else "phones-away"], screen_positive=inp.withhold)
        if time_:
            how_often = _("once this week") if lighter else _("twice this week")
            steps.append(Step("time", _("Time without screens"), how_often,
                              time_.purpose, _serves(time_, goals), time_.slug, time_.duration_minutes))  # fmt: skip
    talk = _conversation(lib, inp, gentle=gentle)
    if talk:
        title = _("This week's conversation: %(title)s") % {"title": talk.title}
        steps.append(Step("conversation", title, _("once this week"),
                          talk.purpose, _serves(talk, goals), talk.slug, talk.duration_minutes))  # fmt: skip
    if not lighter:
        slugs = ["early-days", "weekly-look-back"] if week % 2 else ["questions-for-closeness", "emotional-map"]
        if inp.solo:
            slugs = ["when-your-partner-pulls-away", "fear-of-closeness"]
        if deeper or week >= 2:
            deep = _pick(lib, slugs, screen_positive=inp.withhold)
            if deep and (talk is None or deep.slug != talk.slug):
                kind = _("Remember together") if deep.kind == "reminiscing" else _("Open up a little")
                steps.append(Step("deeper", f"{kind}: {deep.title}", _("once this week"), deep.purpose,
                                  _serves(deep, goals), deep.slug, deep.duration_minutes))  # fmt: skip
    return WeekPlan(week, theme, intro, tuple(steps), adaptations, seek_help, reasons, week > WEEKS)
