"""Small helpers shared by clinic tests."""

from __future__ import annotations

import datetime as dt

from closeknit.clinic.models import Lead, Screen
from closeknit.clinic.services import intake

NO = {"hurt": "no", "afraid": "no", "control": "no", "pressure": "no", "crisis": "no", "coming": "want", "goals": ""}


def reach(clinician, n: int = 0, *, screened: bool = False, **kw) -> tuple[Lead, Screen, Screen]:
    """A lead and its two screens. `screened=True` also answers the writer's own screen "no" to every
    safety question, which is what lets anything (invitation, bookings) reach the partner."""
    data = dict(
        name=f"Alex {n}",
        email=f"alex{n}@example.test",
        partner_name=f"Robin {n}",
        partner_email=f"robin{n}@example.test",
        message="We feel far apart lately.",
        client_key=f"10.0.{n // 250}.{n % 250}",
    )
    data.update(kw)
    lead, mine = intake.reach_out(clinician_slug=clinician.slug, **data)
    if screened:
        mine = intake.answer_screen(token=mine.token, data=NO)
        lead.refresh_from_db()
    return lead, mine, lead.screens.get(person="b")


def next_weekday(weekday: int, hour: int, tz: str, *, weeks: int = 1) -> dt.datetime:
    """An on-grid start `weeks` ahead: the given weekday at hour:00 in the zone, as an aware datetime."""
    from zoneinfo import ZoneInfo

    today = dt.datetime.now(ZoneInfo(tz)).date()
    date = today + dt.timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks)
    return dt.datetime.combine(date, dt.time(hour)).replace(tzinfo=ZoneInfo(tz))
