"""Local days and reminder times across DST changes, including a 30-minute one and a skipped day."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from closeknit.core.time import all_zones, day_end, is_valid_zone, local_today, next_occurrence, zone

UTC = dt.UTC


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def local(tz: str, *args: int, fold: int = 0) -> dt.datetime:
    return dt.datetime(*args, tzinfo=ZoneInfo(tz), fold=fold)


# (zone, local time, the evening before, expected first instant, expected one after that)
DST_CASES = [
    # New York, spring forward 2025-03-09 02:00 -> 03:00: 02:30 does not exist, it fires at 03:30 EDT.
    ("America/New_York", dt.time(2, 30), utc(2025, 3, 9, 0), utc(2025, 3, 9, 7, 30), utc(2025, 3, 10, 6, 30)),
    # New York, fall back 2025-11-02 02:00 -> 01:00: 01:30 happens twice, it fires once (the first, EDT).
    ("America/New_York", dt.time(1, 30), utc(2025, 11, 2, 0), utc(2025, 11, 2, 5, 30), utc(2025, 11, 3, 6, 30)),
    # London, spring forward 2025-03-30 01:00 -> 02:00: 01:30 does not exist, it fires at 02:30 BST.
    ("Europe/London", dt.time(1, 30), utc(2025, 3, 29, 20), utc(2025, 3, 30, 1, 30), utc(2025, 3, 31, 0, 30)),
    # ... and 02:30 exists that day (BST): an ordinary reminder.
    ("Europe/London", dt.time(2, 30), utc(2025, 3, 29, 20), utc(2025, 3, 30, 1, 30), utc(2025, 3, 31, 1, 30)),
    # London, fall back 2025-10-26 02:00 -> 01:00: 01:30 twice, fires once at 01:30 BST.
    ("Europe/London", dt.time(1, 30), utc(2025, 10, 25, 20), utc(2025, 10, 26, 0, 30), utc(2025, 10, 27, 1, 30)),
    # Lord Howe moves its clocks by 30 minutes. Spring 2025-10-05 02:00 -> 02:30: 02:15 fires at 02:45.
    ("Australia/Lord_Howe", dt.time(2, 15), utc(2025, 10, 4, 8), utc(2025, 10, 4, 15, 45), utc(2025, 10, 5, 15, 15)),
    # Lord Howe fall back 2025-04-06 02:00 -> 01:30: 01:45 happens twice, fires once (+11:00).
    ("Australia/Lord_Howe", dt.time(1, 45), utc(2025, 4, 5, 8), utc(2025, 4, 5, 14, 45), utc(2025, 4, 6, 15, 15)),
    # Samoa skipped 2011-12-30 entirely: the 20:00 of that missing day becomes the 20:00 of the 31st, once.
    ("Pacific/Apia", dt.time(20, 0), utc(2011, 12, 30, 7), utc(2011, 12, 31, 6), utc(2012, 1, 1, 6)),
]


@pytest.mark.parametrize(("tz", "at", "start", "first", "second"), DST_CASES)
def test_next_occurrence_across_dst(tz, at, start, first, second):
    got = next_occurrence(at, tz, start)
    assert got == first
    assert got.utcoffset() == dt.timedelta(0)
    # Advancing from the instant it fired gives the next local day, never the repeat of the same day.
    assert next_occurrence(at, tz, got) == second
    assert local_today(tz, second) == local_today(tz, got) + dt.timedelta(days=1)


def test_spring_forward_fires_at_the_shifted_local_time():
    fired = next_occurrence(dt.time(2, 30), "America/New_York", utc(2025, 3, 9, 0))
    shown = fired.astimezone(ZoneInfo("America/New_York"))
    assert (shown.date(), shown.time()) == (dt.date(2025, 3, 9), dt.time(3, 30))
    howe = next_occurrence(dt.time(2, 15), "Australia/Lord_Howe", utc(2025, 10, 4, 8))
    shown = howe.astimezone(ZoneInfo("Australia/Lord_Howe"))
    assert (shown.date(), shown.time(), shown.utcoffset()) == (
        dt.date(2025, 10, 5),
        dt.time(2, 45),
        dt.timedelta(hours=11),
    )


def test_fall_back_repeated_time_is_not_used_twice():
    tz = "America/New_York"
    # Asked during the second 01:xx (EST), after the first 01:30 has passed: not again today.
    during_repeat = local(tz, 2025, 11, 2, 1, 10, fold=1)
    assert next_occurrence(dt.time(1, 30), tz, during_repeat) == utc(2025, 11, 3, 6, 30)
    # Asked between the two 01:30s (01:45 EDT): the first has passed, the second does not count.
    between = local(tz, 2025, 11, 2, 1, 45, fold=0)
    assert next_occurrence(dt.time(1, 30), tz, between) == utc(2025, 11, 3, 6, 30)
    # Asked just before the first one: the first one.
    assert next_occurrence(dt.time(1, 30), tz, local(tz, 2025, 11, 2, 1, 29)) == utc(2025, 11, 2, 5, 30)


def test_strictly_after_and_ordinary_days():
    tz = "Europe/Paris"
    at = dt.time(20, 0)
    eight = local(tz, 2025, 6, 10, 20, 0)
    assert next_occurrence(at, tz, eight - dt.timedelta(seconds=1)) == eight.astimezone(UTC)
    assert next_occurrence(at, tz, eight) == local(tz, 2025, 6, 11, 20, 0).astimezone(UTC)
    # The same wall-clock time is a different instant in another zone.
    assert next_occurrence(at, "Asia/Tokyo", utc(2025, 6, 10, 0)) == utc(2025, 6, 10, 11, 0)


@pytest.mark.parametrize(
    ("tz", "year"),
    [
        ("America/New_York", 2025),
        ("Europe/London", 2025),
        ("Australia/Lord_Howe", 2025),
        ("America/Santiago", 2025),
        ("America/Havana", 2025),  # springs forward at midnight
        ("Asia/Tehran", 2022),
        ("Pacific/Chatham", 2025),  # +12:45 / +13:45
        ("Africa/Casablanca", 2025),  # goes back an hour for Ramadan
        ("Asia/Pyongyang", 2018),  # a 30-minute gap from 23:30 to midnight
        ("America/Nuuk", 2015),  # a gap at 22:00
        ("UTC", 2025),
    ],
)
@pytest.mark.parametrize(
    "hhmm", ["00:00", "00:30", "01:30", "02:00", "02:15", "02:30", "03:00", "12:00", "22:30", "23:45", "23:59"]
)
def test_a_daily_reminder_fires_exactly_once_every_local_day(tz, year, hhmm):
    """Walk a year the way the sweep does (each next time from the last): every local date gets
    exactly one firing, at the asked-for time or, inside a DST gap, within an hour of it.

    The same walk over every zone in the tz database, 2010-2026, found no exception but the days
    a zone skipped outright (Samoa, Tokelau): 587 s, so only these zones run here."""
    at = dt.time.fromisoformat(hhmm)
    fired = utc(year - 1, 12, 31, 12)
    previous_day: dt.date | None = None
    for _ in range(370):
        nxt = next_occurrence(at, tz, fired)
        assert nxt > fired
        day = local_today(tz, nxt)
        if previous_day is not None:
            assert day == previous_day + dt.timedelta(days=1), (tz, hhmm, nxt)
        shown = nxt.astimezone(zone(tz)).time()
        delta = abs(dt.datetime.combine(day, shown) - dt.datetime.combine(day, at))
        assert delta <= dt.timedelta(hours=1), (tz, hhmm, nxt)
        previous_day, fired = day, nxt


def test_a_gap_before_midnight_keeps_the_reminder_on_its_own_day():
    # Pyongyang moved from +08:30 to +09:00 at 23:30 on 2018-05-04: 23:45 did not exist that night.
    fired = next_occurrence(dt.time(23, 45), "Asia/Pyongyang", utc(2018, 5, 4, 3))
    shown = fired.astimezone(ZoneInfo("Asia/Pyongyang"))
    assert shown.date() == dt.date(2018, 5, 4)  # not 00:15 on the 5th, which would leave the 4th without one
    assert shown.time() == dt.time(23, 15)
    following = next_occurrence(dt.time(23, 45), "Asia/Pyongyang", fired)
    assert following.astimezone(ZoneInfo("Asia/Pyongyang")).replace(tzinfo=None) == dt.datetime(2018, 5, 5, 23, 45)


def test_samoa_skipped_day_is_not_a_double_reminder():
    tz = "Pacific/Apia"
    days = []
    fired = utc(2011, 12, 28, 8)  # 22:00 on the 27th there
    for _ in range(6):
        fired = next_occurrence(dt.time(20, 0), tz, fired)
        days.append(local_today(tz, fired))
    assert days == [
        dt.date(2011, 12, 28),
        dt.date(2011, 12, 29),
        dt.date(2011, 12, 31),  # the 30th never happened there
        dt.date(2012, 1, 1),
        dt.date(2012, 1, 2),
        dt.date(2012, 1, 3),
    ]


def test_day_end_follows_dst_and_a_skipped_midnight():
    assert day_end(dt.date(2025, 3, 8), "America/New_York") == utc(2025, 3, 9, 5)
    # The spring-forward day is 23 hours long, the fall-back day 25.
    assert day_end(dt.date(2025, 3, 9), "America/New_York") - day_end(dt.date(2025, 3, 8), "America/New_York") == (
        dt.timedelta(hours=23)
    )
    assert day_end(dt.date(2025, 11, 2), "America/New_York") - day_end(dt.date(2025, 11, 1), "America/New_York") == (
        dt.timedelta(hours=25)
    )
    # Havana springs forward at midnight: 2025-03-08 ends when the clocks jump to 01:00 CDT.
    end = day_end(dt.date(2025, 3, 8), "America/Havana")
    assert end == utc(2025, 3, 9, 5)
    assert local_today("America/Havana", end) == dt.date(2025, 3, 9)
    assert local_today("America/Havana", end - dt.timedelta(seconds=1)) == dt.date(2025, 3, 8)


def test_local_today_is_the_persons_calendar_day():
    instant = utc(2025, 6, 10, 23, 30)
    assert local_today("UTC", instant) == dt.date(2025, 6, 10)
    assert local_today("Asia/Tokyo", instant) == dt.date(2025, 6, 11)
    assert local_today("America/Los_Angeles", instant) == dt.date(2025, 6, 10)
    assert local_today("Pacific/Kiritimati", utc(2025, 6, 10, 10, 0)) == dt.date(2025, 6, 11)
    assert local_today("Pacific/Pago_Pago", utc(2025, 6, 10, 10, 0)) == dt.date(2025, 6, 9)


def test_naive_instants_are_refused():
    with pytest.raises(ValueError, match="aware"):
        next_occurrence(dt.time(20, 0), "UTC", dt.datetime(2025, 1, 1, 12, 0))
    with pytest.raises(ValueError, match="aware"):
        local_today("UTC", dt.datetime(2025, 1, 1, 12, 0))


def test_zone_names():
    assert is_valid_zone("Europe/Paris")
    assert is_valid_zone("Australia/Lord_Howe")
    assert not is_valid_zone("Mars/Olympus_Mons")
    assert not is_valid_zone("")
    # Not places: their meaning depends on the server, so a person can't choose them.
    assert not is_valid_zone("localtime")
    assert not is_valid_zone("Factory")
    assert zone("localtime") == ZoneInfo("UTC")
    assert zone("../../etc/passwd") == ZoneInfo("UTC")
    assert zone("Nowhere/Special") == ZoneInfo("UTC")
    zones = all_zones()
    assert "Europe/London" in zones and "UTC" in zones
    assert all(is_valid_zone(z) for z in zones)
    assert "localtime" not in zones
