"""Cards this app offers Today (see closeknit.checkins.today): this week's plan steps, and check-ups
that are due. Registered from AssessmentsConfig.ready()."""

from __future__ import annotations

from closeknit.assessments import planning, selectors
from closeknit.checkins import today


def plan_card(ctx: today.Context) -> list[today.Card]:
    steps = planning.steps_today(ctx.user, checked_in=ctx.today.mine is not None)
    if not steps:
        return []
    # A step asks for something until it is done today; the check-in step asks what the check-in card asks.
    items = tuple(("" if s.done_today else ("checkin" if s.key == "checkin" else f"plan:{s.key}"), s) for s in steps)
    return [today.Card("plan", today.PLAN, "checkins/today/_plan.html", items=items)]


def checkups_card(ctx: today.Context) -> list[today.Card]:
    due = [c for c in selectors.due_for(ctx.user) if not c.draft or c.due]
    if not due:
        return []
    items = tuple((f"checkup:{c.instrument.slug}", c) for c in due)
    return [today.Card("checkups", today.CHECKUPS, "checkins/today/_checkups.html", items=items)]


def register() -> None:
    today.register(plan_card)
    today.register(checkups_card)
