"""Local days and wall-clock times in a person's own zone, correct across DST changes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, available_timezones

from django.utils import timezone

UTC = dt.timezone.utc


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except Exception:  # an unknown or removed zone name must never break a page
        return ZoneInfo("UTC")


def is_valid_zone(name: str) -> bool:
    return name in _zones()


_ZONES: frozenset[str] | None = None


def _zones() -> frozenset[str]:
    global _ZONES
    if _ZONES is None:
        _ZONES = frozenset(available_timezones())
    return _ZONES


def all_zones() -> list[str]:
    return sorted(z for z in _zones() if "/" in z and not z.startswith(("Etc/", "SystemV/"))) + ["UTC"]


def local_today(tz_name: str, now: dt.datetime | None = None) -> dt.date:
    now = now or timezone.now()
    return now.astimezone(zone(tz_name)).date()


def day_end(day: dt.date, tz_name: str) -> dt.datetime:
    """The instant the local day ends (midnight of the next day), in UTC."""
    nxt = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0), tzinfo=zone(tz_name))
    return nxt.astimezone(UTC)


def next_occurrence(at: dt.time, tz_name: str, after: dt.datetime) -> dt.datetime:
    """The first instant strictly after `after` when the local clock in `tz_name` shows `at`.

    On a spring-forward day a time that does not exist (02:30) happens at the shifted instant
    (03:30 local); on a fall-back day a time that happens twice is used once, the first time.
    """
    tz = zone(tz_name)
    local_after = after.astimezone(tz)
    day = local_after.date()
    for offset in range(0, 3):
        candidate_day = day + dt.timedelta(days=offset)
        naive = dt.datetime.combine(candidate_day, at)
        aware = naive.replace(tzinfo=tz, fold=0)
        # normalise: a non-existent wall time round-trips through UTC to the real instant
        instant = aware.astimezone(UTC)
        if instant > after.astimezone(UTC):
            return instant
    raise AssertionError("unreachable: a local time occurs within three days")
