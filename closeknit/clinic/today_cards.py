"""Cards the clinic offers Today (see closeknit.checkins.today): check-ups a therapist asked for, and the
couple's intensive when it is near. Registered from ClinicConfig.ready(), so Today never imports clinic."""

from __future__ import annotations

from closeknit.checkins import today
from closeknit.clinic.selectors import intensive

ASKED = "clinician-asks"  # the intensive card's "please take the check-ups" asks the same as the asks card


def asked_card(ctx: today.Context) -> list[today.Card]:
    asked = intensive.open_measures_for(ctx.user)
    if not asked:
        return []
    items = tuple((f"checkup:{m.instrument}", m) for m in asked)
    return [today.Card("asked", today.CLINICIAN, "checkins/today/_asked.html", asks=frozenset({ASKED}), items=items)]


def intensive_card(ctx: today.Context) -> list[today.Card]:
    ours = next((i for i in intensive.intensives_for_couple(ctx.user) if i.soon), None)
    if ours is None:
        return []
    asks = frozenset({ASKED}) if ours.my_open_pre and not ours.underway else frozenset()
    return [today.Card("intensive", today.INTENSIVE, "checkins/today/_intensive.html", ours, asks, informs=True)]


def register() -> None:
    today.register(asked_card)
    today.register(intensive_card)
