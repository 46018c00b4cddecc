"""Reading the couple's plan: the stored goals plus everything the plan adapts to, gathered through
selectors that already apply the privacy rules, handed to plan_rules.week_plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import cast

from django.utils import timezone

from closeknit import access
from closeknit.access import practices as rules
from closeknit.accounts.models import User
from closeknit.assessments import definitions, progress, report, selectors
from closeknit.assessments import plan_rules as planner
from closeknit.assessments.models import Plan
from closeknit.core.time import local_today
from closeknit.couples import selectors as couples

PULSE = "weekly-pulse"


@dataclass(frozen=True)
class PlanView:
    plan: Plan | None
    goals: tuple[report.RankedDriver, ...]  # the picked goals, as drivers with words
    ranked: tuple[report.RankedDriver, ...]
    week: planner.WeekPlan | None
    started_on: dt.date | None


def current_plan(viewer: User) -> Plan | None:
    couple_id = access.active_couple_id(viewer)
    if couple_id is None:
        return None
    return Plan.objects.filter(couple_id=couple_id, ended_at__isnull=True).first()


def _checkin_days(viewer: User, start: dt.date, end: dt.date) -> int:
    from closeknit.checkins import selectors as checkins

    days = (local_today(viewer.timezone) - start).days + 1
    if days <= 0:
        return 0
    solo = couples.partner_of(viewer) is None
    rows = checkins.history_for(viewer, days=min(days, 366))
    return sum(1 for d in rows if start <= d.date <= end and d.mine and (solo or d.partner))


def _screen_positive(viewer: User) -> bool:
    """The viewer's own private screen only: the plan must not reveal anything about the partner's."""
    from closeknit.safety import selectors as safety

    return safety.screen_positive(viewer)


def plan_for(viewer: User, *, today: dt.date | None = None) -> PlanView:
    rep = report.report_for(viewer)
    plan = current_plan(viewer)
    ranked = rep.drivers
    by_key = {d.key: d for d in ranked}
    if plan is None:
        return PlanView(None, (), ranked, None, None)
    today = today or local_today(viewer.timezone)
    week = (today - plan.started_on).days // 7 + 1
    week_start = plan.started_on + dt.timedelta(days=7 * (week - 1))
    last_start, last_end = week_start - dt.timedelta(days=7), week_start - dt.timedelta(days=1)
    partner = couples.partner_of(viewer)
    pulses: list[tuple[dt.datetime, float | None]] = []
    for author in [viewer] + ([partner] if partner else []):
        # A series holds submitted results (each has its time), and the pulse check-up always has a total.
        pulses += [
            (cast(dt.datetime, v.submitted_at), v.score("total").value)  # type: ignore[union-attr]
            for v in selectors.series_for(viewer, author, PULSE, limit=2)
        ]
    pulses.sort(key=lambda p: p[0], reverse=True)
    recent = tuple(v for when, v in pulses if v is not None and when >= timezone.now() - dt.timedelta(days=15))
    inputs = planner.Inputs(
        goals=tuple(report.LIBRARY_DRIVER.get(g, g) for g in plan.goals),
        ranked=tuple(d.library_id for d in ranked),
        week=week,
        solo=partner is None,
        checkin_days_last_week=_checkin_days(viewer, last_start, last_end) if week > 1 else 0,
        practices_last_week=planner.practice_log().done_between(user=viewer, start=last_start, end=last_end)
        if week > 1
        else {},
        pulses=recent,
        reliably_worse=progress.reliably_worse(viewer),
        screen_positive=_screen_positive(viewer),
        conflict_withheld=not rules.conflict_work_allowed(access.active_couple_id(viewer)),
    )
    drivers = definitions.get(report.DRIVERS)
    goals = tuple(
        by_key.get(g) or report.RankedDriver(g, report.LIBRARY_DRIVER.get(g, g), drivers.score(g).title,
                                             drivers.score(g).description, 0, None)
        for g in plan.goals if g in {s.key for s in drivers.subscales}
    )  # fmt: skip
    return PlanView(plan, goals, ranked, planner.week_plan(inputs), plan.started_on)


@dataclass(frozen=True)
class CareStepView:
    id: int
    practice: str
    title: str
    how_often: str
    note: str
    source: str
    exists: bool  # the practice is still in the library (a removed one shows its name, unlinked)


def care_steps_for(viewer: User) -> list[CareStepView]:
    """Live steps a clinician added to this couple's plan; both partners see the same ones."""
    from closeknit.assessments.models import CareStep
    from closeknit.practices.library import library

    couple_id = access.active_couple_id(viewer)
    if couple_id is None:
        return []
    out = []
    for s in CareStep.objects.filter(couple_id=couple_id, ended_at__isnull=True).order_by("added_at", "pk"):
        p = library().get(s.practice)
        out.append(
            CareStepView(s.pk, s.practice, p.title if p else s.practice, s.how_often, s.note, s.source, p is not None)
        )
    return out


@dataclass(frozen=True)
class StepToday:
    """One of this week's plan steps as Today shows it: ticked when done today."""

    key: str
    title: str
    how_often: str
    practice: str | None
    minutes: int | None
    done_today: bool

    @property
    def tickable(self) -> bool:
        """Steps with a practice are ticked by hand; the check-in step ticks itself by checking in."""
        return self.practice is not None and self.key != "checkin"


def steps_today(viewer: User, *, checked_in: bool, view: PlanView | None = None) -> list[StepToday]:
    """This week's steps with what the person did today (their own runs and check-in only)."""
    view = view or plan_for(viewer)
    if view.week is None or view.week.finished:
        return []
    today = local_today(viewer.timezone)
    done = planner.practice_log().done_between(user=viewer, start=today, end=today)
    return [
        StepToday(
            s.key,
            s.title,
            s.how_often,
            s.practice,
            s.minutes,
            checked_in if s.key == "checkin" else bool(s.practice and done.get(s.practice)),
        )
        for s in view.week.steps
    ]
