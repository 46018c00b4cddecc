"""Local days and wall-clock times in a person's own zone, correct across DST changes."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from django.utils import timezone

UTC = dt.UTC
# The cookie static/js/visitor-zone.js sets to the browser's IANA zone, for visitors we know no zone for.
VISITOR_ZONE_COOKIE = "ck_tz"

# Names the tz database ships that are not places: "localtime" is whatever zone the server runs in,
# "Factory" shows "-00", "posixrules" is a build artefact. A person's zone must never depend on the box.
_NOT_PLACES = frozenset({"localtime", "Factory", "posixrules", "posix", "right"})


@lru_cache(maxsize=1024)
def zone(name: str) -> ZoneInfo:
    """Cached: ZoneInfo keeps only its last 8 zones strongly, and a busy server sees many more, so it
    re-read and re-validated zone files on most requests."""
    if name in _NOT_PLACES:
        return ZoneInfo("UTC")
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
        _ZONES = frozenset(available_timezones()) - _NOT_PLACES
    return _ZONES


def all_zones() -> list[str]:
    return sorted(z for z in _zones() if "/" in z and not z.startswith(("Etc/", "SystemV/"))) + ["UTC"]


def _aware(instant: dt.datetime) -> dt.datetime:
    # A naive datetime would be read in the server's zone, which is exactly the bug this module exists to avoid.
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("expected an aware datetime (with a time zone), got a naive one")
    return instant


def local_today(tz_name: str, now: dt.datetime | None = None) -> dt.date:
    now = _aware(now) if now is not None else timezone.now()
    return now.astimezone(zone(tz_name)).date()


def day_end(day: dt.date, tz_name: str) -> dt.datetime:
    """The instant the local day ends (the first instant of the next day), in UTC.

    Where midnight itself is skipped by a DST change (e.g. America/Havana), the day ends when the
    clocks jump, which is what fold=0 resolves a non-existent midnight to.
    """
    nxt = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0), tzinfo=zone(tz_name))
    return nxt.astimezone(UTC)


def next_occurrence(at: dt.time, tz_name: str, after: dt.datetime) -> dt.datetime:
    """The first instant strictly after `after` when the local clock in `tz_name` shows `at`, in UTC.

    On a spring-forward day a time that does not exist (02:30 in New York) happens at the shifted
    instant (03:30 local), so the day still gets its reminder (earlier instead, should later fall on
    the next day). On a fall-back day a time that happens
    twice (01:30) counts once, the first time: a daily reminder must fire once per local day, and
    callers advance from the instant it last fired, which is the first of the two.
    """
    tz = zone(tz_name)
    after_utc = _aware(after).astimezone(UTC)
    day = after_utc.astimezone(tz).date()
    wall = at.replace(tzinfo=None, fold=0)
    # Three days cover every case: a zone that skipped a whole calendar day (Pacific/Apia, 2011-12-30).
    for offset in range(0, 3):
        candidate = day + dt.timedelta(days=offset)
        naive = dt.datetime.combine(candidate, wall)
        # fold=0 picks the first of a repeated time, and for a skipped time the offset in force before
        # the jump, which lands after it; the round trip through UTC gives the real instant.
        instant = naive.replace(tzinfo=tz, fold=0).astimezone(UTC)
        if instant.astimezone(tz).date() != candidate:
            # A gap just before midnight (Asia/Pyongyang, 2018-05-04 23:30): moving later would land on
            # the next day and leave this one without its reminder, so move earlier instead.
            instant = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
        if instant > after_utc:
            return instant
    raise AssertionError("unreachable: a local time occurs within three days")


def days_in_a_row(days: set[dt.date], today: dt.date) -> int:
    """How many consecutive days in `days` end today, or yesterday while today is still open."""
    day = today if today in days else today - dt.timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= dt.timedelta(days=1)
    return count
