"""What the caseload shows, as plain data: a row per couple, each partner's closeness and activity,
overdue measures and risk flags, and the rules for the flags. The reads that fill them are in
caseload.py; nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from closeknit.assessments import change
from closeknit.clinic.models import Episode, Intensive

ACTIVITY_DAYS = 7
RECENT_DAYS = 14
PRIOR_DAYS = 28
MIN_PRIOR_CHECKINS = 8  # about two a week: below that there is no habit to drop

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _short(d: dt.date) -> str:
    """ "3 Mar": dates for 200 rows are written here, not by the template's date filter (10x cheaper)."""
    return f"{d.day} {_MONTHS[d.month - 1]}"


def _day(d: dt.date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def weekday_text(d: dt.date) -> str:
    return f"{_DAYS[d.weekday()]} {_short(d)}"


@dataclass(frozen=True)
class Flag:
    key: str  # "safety", "worse", "dropped": also the CSS class
    label: str
    why: str  # the tooltip: what we saw, in plain words


@dataclass(frozen=True)
class Closeness:
    latest: float
    latest_on: dt.date
    previous: float | None
    previous_on: dt.date | None
    verdict: change.Change | None  # latest vs the first result since care began
    pre_verdict: change.Change | None  # latest vs the pre-intensive result

    @property
    def trend(self) -> str:
        """ "up", "down", "same" or "" (one result only): the last step, not a verdict."""
        if self.previous is None:
            return ""
        diff = round(self.latest - self.previous, 2)
        return "up" if diff > 0 else "down" if diff < 0 else "same"

    @property
    def step(self) -> float | None:
        return None if self.previous is None else round(self.latest - self.previous, 2)

    @property
    def value_text(self) -> str:
        return f"{self.latest:.1f}"

    @property
    def on_text(self) -> str:
        return _short(self.latest_on)

    @property
    def step_text(self) -> str:
        step = self.step
        if step is None:
            return ""
        return f"▲ {step:.1f}" if step > 0 else f"▼ {abs(step):.1f}" if step < 0 else "no change"

    @property
    def trend_title(self) -> str:
        step, since = self.step, _short(self.previous_on) if self.previous_on else ""
        if step is None:
            return ""
        if step == 0:
            return f"The same as on {since}"
        return f"{'Up' if step > 0 else 'Down'} {abs(step):.1f} since {since}"

    @property
    def worse(self) -> change.Change | None:
        return next((v for v in (self.verdict, self.pre_verdict) if v is not None and v.worse), None)

    @property
    def summary(self) -> str:
        """A few words on the change since care began (or since before the intensive)."""
        v, since = (self.verdict, "since care began") if self.verdict else (self.pre_verdict, "since the intensive")
        if self.worse is not None:
            v, since = self.worse, ("since care began" if self.worse is self.verdict else "since the intensive")
        if v is None:
            return ""
        return {
            change.ChangeClass.RECOVERED: f"Reliably better {since}",
            change.ChangeClass.IMPROVED: f"Reliably better {since}",
            change.ChangeClass.UNCHANGED: f"No reliable change {since}",
            change.ChangeClass.DETERIORATED: f"Reliably worse {since}",
            change.ChangeClass.UNKNOWN: "Too early to say if the change is reliable",
        }[v.category]

    @property
    def detail(self) -> str:
        v = self.worse or self.verdict or self.pre_verdict
        return f"{v.words} {v.detail}" if v else ""


@dataclass
class Partner:
    user_id: int
    name: str
    shared: set[str]  # categories with live consent the clinician may read now
    closeness: Closeness | None = None
    checkin_days: int | None = None  # days with a check-in in the last 7; None: not shared
    recent_checkins: int = 0  # last 14 days
    prior_checkins: int = 0  # the 28 days before those
    practices: int | None = None  # practices finished in the last 7 days; None: not shared

    @property
    def scores_shared(self) -> bool:
        return "scores" in self.shared

    @property
    def checkin_text(self) -> str:
        return f"{self.checkin_days} of {ACTIVITY_DAYS} days" if self.checkin_days is not None else ""

    @property
    def practices_text(self) -> str:
        n = self.practices
        return "" if n is None else f"{n} practice" if n == 1 else f"{n} practices"


@dataclass(frozen=True)
class Overdue:
    name: str
    instrument: str
    due_on: dt.date

    @property
    def due_text(self) -> str:
        return _short(self.due_on)


@dataclass
class Case:
    episode: Episode
    names: str
    partners: list[Partner]
    next_appointment: dt.datetime | None = None
    next_intensive: Intensive | None = None
    overdue: list[Overdue] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)

    next_lines: list[str] = field(default_factory=list)  # the next intensive and session, in words

    @property
    def overdue_instruments(self) -> str:
        return ", ".join(sorted({o.instrument for o in self.overdue}))

    @property
    def since_text(self) -> str:
        return _day(timezone.localdate(self.episode.started_at, self.zone)) if self.zone else ""

    zone: dt.tzinfo | None = None


@dataclass
class Caseload:
    cases: list[Case]
    waiting: list[Episode]  # episodes the couple has not joined yet
    today: dt.date
    flagged: int


def checkins_dropped(recent: int, prior: int) -> bool:
    """Check-ins dropped: the rate over the last 14 days is under half the rate of the 28 days
    before, for someone who had a habit (at least 8 days in those 28). 14/28 days so one quiet
    weekend or a short trip is not a flag; half, so a real change is."""
    if prior < MIN_PRIOR_CHECKINS:
        return False
    return recent / RECENT_DAYS < 0.5 * (prior / PRIOR_DAYS)


def flags_of(case: Case) -> list[Flag]:
    out = []
    worse = [(p, w) for p in case.partners if p.closeness and (w := p.closeness.worse)]
    if worse:
        out.append(
            Flag(
                "worse",
                "Reliably worse",
                " ".join(f"{p.name}: closeness {w.pre:.1f} → {w.post:.1f}. {w.words} {w.detail}" for p, w in worse),
            )
        )
    dropped = [
        p for p in case.partners if p.checkin_days is not None and checkins_dropped(p.recent_checkins, p.prior_checkins)
    ]
    if dropped:
        out.append(
            Flag(
                "dropped",
                "Check-ins dropped",
                " ".join(
                    f"{p.name} checked in on {p.recent_checkins} of the last {RECENT_DAYS} days, "
                    f"after {p.prior_checkins} of the {PRIOR_DAYS} days before."
                    for p in dropped
                ),
            )
        )
    return out
