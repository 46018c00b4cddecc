"""Ticking off this week's plan steps: the plan's one write from Today and the plan page.

Apart from services.py because it reads the plan (planning), and the plan's selectors already import
services.py: one module each way keeps the imports a straight line."""

from __future__ import annotations

from django.utils.translation import gettext as _

from closeknit.accounts.models import User
from closeknit.assessments import planning
from closeknit.core.errors import NotFound
from closeknit.practices import services as practices


def tick_plan_step(*, user: User, key: str, done: bool) -> bool:
    """Tick one of this week's plan steps as done today, or take the tick back. The tick is a run in the
    practice log, which the plan reads next week to adapt (practices_last_week): ticking feeds the plan.
    Returns whether the step is now ticked. One transaction (practices.tick)."""
    step = next((s for s in planning.steps_today(user, checked_in=False) if s.key == key), None)
    if step is None or not step.tickable or step.practice is None:
        raise NotFound(_("That step is not on this week's plan."))
    return practices.tick(user=user, slug=step.practice, done=done)
