"""Measures: an instrument a clinician asked one partner to take, by a date.

Each partner gets their own rows (never one row for the couple), so each answers alone and the
other's progress is never shown to them. A measure is done when its partner submits that instrument
on or after the day it opened: closeknit.assessments.services calls `complete_for` at the end of its
submit/take transaction, so the answer and the tick commit together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from closeknit.accounts.models import User
from closeknit.clinic.models import Intensive, Measure
from closeknit.core.time import local_today

PRE_INSTRUMENTS = ("closeness-check", "distance-drivers")
AFTER_INSTRUMENT = "closeness-check"
POST_WINDOW_DAYS = 7
FOLLOW_UPS = ((Measure.Phase.FOLLOW_1M, 30), (Measure.Phase.FOLLOW_3M, 91), (Measure.Phase.FOLLOW_6M, 182))
FOLLOW_WINDOW_DAYS = 14


def plan_for(intensive: Intensive, *, today: dt.date) -> list[tuple[str, str, dt.date, dt.date]]:
    """(instrument, phase, opens_on, due_on) for each partner: before, right after, and 1/3/6 months on."""
    rows: list[tuple[str, str, dt.date, dt.date]] = [
        (slug, Measure.Phase.PRE, today, intensive.pre_due_on) for slug in PRE_INSTRUMENTS
    ]
    ends = intensive.ends_on
    rows.append((AFTER_INSTRUMENT, Measure.Phase.POST, ends, ends + dt.timedelta(days=POST_WINDOW_DAYS)))
    for phase, days in FOLLOW_UPS:
        opens = ends + dt.timedelta(days=days)
        rows.append((AFTER_INSTRUMENT, phase, opens, opens + dt.timedelta(days=FOLLOW_WINDOW_DAYS)))
    return rows


def assign_for_intensive(*, intensive: Intensive, partners: Iterable[User], today: dt.date) -> list[Measure]:
    """Called inside the scheduling transaction; one set of rows per partner."""
    rows = [
        Measure(
            episode_id=intensive.episode_id,
            intensive=intensive,
            user=p,
            instrument=slug,
            phase=phase,
            opens_on=opens,
            due_on=due,
        )
        for p in partners
        for slug, phase, opens, due in plan_for(intensive, today=today)
    ]
    return Measure.objects.bulk_create(rows)


def cancel_open(*, intensive: Intensive) -> int:
    """Open measures of a cancelled intensive stop showing; done ones stay as history."""
    return Measure.objects.filter(intensive=intensive, completed_at__isnull=True, cancelled_at__isnull=True).update(
        cancelled_at=timezone.now()
    )


def complete_for(*, user: User, administration) -> list[Measure]:
    """Tick every open measure of this person for this instrument that had opened by the day they
    submitted it (their own zone). Runs in the caller's transaction; returns what it ticked."""
    if not administration.is_submitted or administration.author_id != user.pk:
        return []
    submitted = administration.submitted_at
    day = local_today(user.timezone, submitted)
    with transaction.atomic():
        open_rows = list(
            Measure.objects.select_for_update().filter(
                user=user,
                instrument=administration.instrument,
                completed_at__isnull=True,
                cancelled_at__isnull=True,
                opens_on__lte=day,
                created_at__lte=submitted,
            )
        )
        for m in open_rows:
            m.completed_at = submitted
            m.administration = administration
            m.save(update_fields=["completed_at", "administration"])
    return open_rows
