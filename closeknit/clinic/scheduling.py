"""Bookable slots from weekly hours and exceptions, in the clinician's zone. Pure functions.

Times of day are wall-clock times in the clinician's zone; every slot comes out as a UTC instant.
Starts sit on the practice's grid (every `slot_minutes` from local midnight; a window that opens
off the grid starts at its next grid point), so hours edited later never shift the grid, and a
consultation never runs past the end of its window. A wall-clock time that does not exist on a
DST change day (the hour skipped in spring) is not offered; an hour that happens twice (autumn)
is offered once, at its first occurrence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from closeknit.core.time import zone

UTC = dt.UTC


@dataclass(frozen=True)
class Rules:
    timezone: str
    slot_minutes: int
    consult_minutes: int
    min_notice_hours: int
    max_days_ahead: int


Window = tuple[dt.time, dt.time]


def windows_for(
    date: dt.date,
    weekly: Iterable[tuple[int, dt.time, dt.time]],
    exceptions: dict[dt.date, list[tuple[dt.time | None, dt.time | None]]],
) -> list[Window]:
    """An exception date replaces the weekly hours: no times means a day off."""
    if date in exceptions:
        return sorted((s, e) for s, e in exceptions[date] if s is not None and e is not None and s < e)
    return sorted((s, e) for d, s, e in weekly if d == date.weekday())


def local_to_utc(date: dt.date, time: dt.time, tz: str) -> dt.datetime | None:
    """None for a wall-clock time that the zone skips on that day."""
    z = zone(tz)
    local = dt.datetime.combine(date, time).replace(tzinfo=z, fold=0)
    instant = local.astimezone(UTC)
    back = instant.astimezone(z)
    if back.replace(tzinfo=None) != local.replace(tzinfo=None):
        return None
    return instant


def starts_on(date: dt.date, windows: list[Window], rules: Rules) -> list[dt.datetime]:
    out: list[dt.datetime] = []
    step = dt.timedelta(minutes=rules.slot_minutes)
    length = dt.timedelta(minutes=rules.consult_minutes)
    for start, end in windows:
        midnight = dt.datetime.combine(date, dt.time(0))
        offset = (dt.datetime.combine(date, start) - midnight) // dt.timedelta(minutes=1)
        cursor = midnight + dt.timedelta(minutes=-(-offset // rules.slot_minutes) * rules.slot_minutes)
        limit = dt.datetime.combine(date, end)
        while cursor + length <= limit:
            instant = local_to_utc(date, cursor.time(), rules.timezone)
            if instant is not None and instant not in out:
                out.append(instant)
            cursor += step
    return sorted(out)


def open_slots(
    *,
    rules: Rules,
    weekly: list[tuple[int, dt.time, dt.time]],
    exceptions: dict[dt.date, list[tuple[dt.time | None, dt.time | None]]],
    booked: set[dt.datetime],
    now: dt.datetime,
    days: int | None = None,
) -> list[dt.datetime]:
    """Every free start from the notice period up to the booking horizon."""
    z = zone(rules.timezone)
    earliest = now + dt.timedelta(hours=rules.min_notice_hours)
    latest = now + dt.timedelta(days=rules.max_days_ahead)
    first = now.astimezone(z).date()
    span = min(days or rules.max_days_ahead, rules.max_days_ahead) + 1
    out = []
    for i in range(span):
        date = first + dt.timedelta(days=i)
        for s in starts_on(date, windows_for(date, weekly, exceptions), rules):
            if earliest <= s <= latest and s not in booked:
                out.append(s)
    return out


def is_open(
    start: dt.datetime,
    *,
    rules: Rules,
    weekly: list[tuple[int, dt.time, dt.time]],
    exceptions: dict[dt.date, list[tuple[dt.time | None, dt.time | None]]],
    now: dt.datetime,
) -> str | None:
    """None when `start` may be booked (ignoring other bookings); else why not, in a person's words."""
    if start <= now:
        return _("That time has already passed. Please pick another.")
    if start < now + dt.timedelta(hours=rules.min_notice_hours):
        return ngettext(
            "Please pick a time at least %(count)s hour from now.",
            "Please pick a time at least %(count)s hours from now.",
            rules.min_notice_hours,
        ) % {"count": rules.min_notice_hours}
    if start > now + dt.timedelta(days=rules.max_days_ahead):
        return ngettext(
            "Please pick a time within the next %(count)s day.",
            "Please pick a time within the next %(count)s days.",
            rules.max_days_ahead,
        ) % {"count": rules.max_days_ahead}
    date = start.astimezone(zone(rules.timezone)).date()
    if start not in starts_on(date, windows_for(date, weekly, exceptions), rules):
        return _("That time isn't one the therapist offers. Please pick one of the times shown.")
    return None
