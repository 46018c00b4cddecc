"""What the caseload shows, as plain data: a row per couple, each partner's closeness and activity,
overdue measures and risk flags, and the rules for the flags. The reads that fill them are in
caseload.py; nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.dates import MONTHS_3, WEEKDAYS_ABBR
from django.utils.translation import get_language, gettext, ngettext

from closeknit.assessments import change
from closeknit.clinic.models import Episode, Intensive

ACTIVITY_DAYS = 7
RECENT_DAYS = 14
PRIOR_DAYS = 28
MIN_PRIOR_CHECKINS = 8  # about two a week: below that there is no habit to drop

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {"en": (_MONTHS, _DAYS)}


def _names() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Month and weekday abbreviations in the active language, made once per language (Spanish writes
    them lowercase: "lun 14 dic"), so 200 rows still cost a dict lookup each."""
    lang = (get_language() or "en").split("-")[0]
    if lang not in _NAMES:
        _NAMES[lang] = (
            tuple(str(MONTHS_3[m]) for m in range(1, 13)),
            tuple(str(WEEKDAYS_ABBR[d]) for d in range(7)),
        )
    return _NAMES[lang]


def _short(d: dt.date) -> str:
    """ "3 Mar": dates for 200 rows are written here, not by the template's date filter (10x cheaper)."""
    return f"{d.day} {_names()[0][d.month - 1]}"


def _day(d: dt.date) -> str:
    return f"{d.day} {_names()[0][d.month - 1]} {d.year}"


def weekday_text(d: dt.date) -> str:
    return f"{_names()[1][d.weekday()]} {_short(d)}"


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
        return f"▲ {step:.1f}" if step > 0 else f"▼ {abs(step):.1f}" if step < 0 else gettext("no change")

    @property
    def trend_title(self) -> str:
        step, since = self.step, _short(self.previous_on) if self.previous_on else ""
        if step is None:
            return ""
        if step == 0:
            return gettext("The same as on %(date)s") % {"date": since}
        words = gettext("Up %(step)s since %(date)s") if step > 0 else gettext("Down %(step)s since %(date)s")
        return words % {"step": f"{abs(step):.1f}", "date": since}

    @property
    def worse(self) -> change.Change | None:
        return next((v for v in (self.verdict, self.pre_verdict) if v is not None and v.worse), None)

    @property
    def summary(self) -> str:
        """A few words on the change since care began (or since before the intensive)."""
        v, care = (self.verdict, True) if self.verdict else (self.pre_verdict, False)
        if self.worse is not None:
            v, care = self.worse, self.worse is self.verdict
        if v is None:
            return ""
        if v.category == change.ChangeClass.UNKNOWN:
            return gettext("Too early to say if the change is reliable")
        if v.category in (change.ChangeClass.RECOVERED, change.ChangeClass.IMPROVED):
            return (
                gettext("Reliably better since care began") if care else gettext("Reliably better since the intensive")
            )
        if v.category == change.ChangeClass.UNCHANGED:
            return (
                gettext("No reliable change since care began")
                if care
                else gettext("No reliable change since the intensive")
            )
        return gettext("Reliably worse since care began") if care else gettext("Reliably worse since the intensive")

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
        if self.checkin_days is None:
            return ""
        return gettext("%(n)s of %(days)s days") % {"n": self.checkin_days, "days": ACTIVITY_DAYS}

    @property
    def practices_text(self) -> str:
        n = self.practices
        return "" if n is None else ngettext("%(n)s practice", "%(n)s practices", n) % {"n": n}


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
                gettext("Reliably worse"),
                " ".join(
                    gettext("%(name)s: closeness %(before)s → %(after)s.")
                    % {"name": p.name, "before": f"{w.pre:.1f}", "after": f"{w.post:.1f}"}
                    + f" {w.words} {w.detail}"
                    for p, w in worse
                ),
            )
        )
    dropped = [
        p for p in case.partners if p.checkin_days is not None and checkins_dropped(p.recent_checkins, p.prior_checkins)
    ]
    if dropped:
        out.append(
            Flag(
                "dropped",
                gettext("Check-ins dropped"),
                " ".join(
                    gettext(
                        "%(name)s checked in on %(recent)s of the last %(recent_days)s days, "
                        "after %(prior)s of the %(prior_days)s days before."
                    )
                    % {
                        "name": p.name,
                        "recent": p.recent_checkins,
                        "recent_days": RECENT_DAYS,
                        "prior": p.prior_checkins,
                        "prior_days": PRIOR_DAYS,
                    }
                    for p in dropped
                ),
            )
        )
    return out
