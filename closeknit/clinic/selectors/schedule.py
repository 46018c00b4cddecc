"""Reads for scheduling: a clinician's rules and hours, and the open slots a couple may pick."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from closeknit.clinic import scheduling
from closeknit.clinic.models import Appointment, ClinicianProfile


def rules_for(clinician: ClinicianProfile):
    practice = clinician.practice
    rules = scheduling.Rules(
        timezone=clinician.user.timezone,
        slot_minutes=practice.slot_minutes,
        consult_minutes=practice.consult_minutes,
        min_notice_hours=practice.min_notice_hours,
        max_days_ahead=practice.max_days_ahead,
    )
    weekly = [(h.weekday, h.start, h.end) for h in clinician.hours.all()]
    exceptions: dict[dt.date, list] = {}
    for e in clinician.exceptions.all():
        exceptions.setdefault(e.date, []).append((e.start, e.end))
    return rules, weekly, exceptions


def intensive_busy(
    clinician: ClinicianProfile, start: dt.datetime, end: dt.datetime
) -> list[tuple[dt.datetime, dt.datetime]]:
    """The clinician's scheduled intensive blocks (breaks included: the day is theirs) that overlap
    [start, end). Nobody booking is told why a time is taken."""
    from closeknit.clinic.models import Intensive, IntensiveBlock

    return list(
        IntensiveBlock.objects.filter(
            intensive__episode__clinician=clinician,
            intensive__status=Intensive.Status.SCHEDULED,
            start__lt=end,
            end__gt=start,
        )
        .order_by("start")
        .values_list("start", "end")
    )


def open_slots(clinician: ClinicianProfile, *, days: int = 21, now: dt.datetime | None = None) -> list[dt.datetime]:
    now = now or timezone.now()
    rules, weekly, exceptions = rules_for(clinician)
    booked = set(
        Appointment.objects.filter(clinician=clinician, status=Appointment.Status.BOOKED, start__gte=now).values_list(
            "start", flat=True
        )
    )
    slots = scheduling.open_slots(rules=rules, weekly=weekly, exceptions=exceptions, booked=booked, now=now, days=days)
    if not slots:
        return slots
    length = dt.timedelta(minutes=rules.consult_minutes)
    busy = intensive_busy(clinician, slots[0], slots[-1] + length)
    return [s for s in slots if not any(b_start < s + length and s < b_end for b_start, b_end in busy)]
