"""Slots from weekly hours and exceptions in the clinician's zone, across DST. Pure functions."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from closeknit.clinic.scheduling import Rules, is_open, open_slots, starts_on, windows_for

T = dt.time
NY = "America/New_York"
RULES = Rules(timezone=NY, slot_minutes=60, consult_minutes=50, min_notice_hours=24, max_days_ahead=60)
UTC = dt.UTC


def test_exception_replaces_weekly_hours():
    weekly = [(0, T(9), T(12))]
    monday = dt.date(2027, 3, 1)
    assert windows_for(monday, weekly, {}) == [(T(9), T(12))]
    assert windows_for(monday, weekly, {monday: [(None, None)]}) == []
    assert windows_for(monday, weekly, {monday: [(T(13), T(15))]}) == [(T(13), T(15))]


def test_starts_on_grid_and_inside_window():
    starts = starts_on(dt.date(2027, 3, 1), [(T(9, 20), T(12))], RULES)
    local = [s.astimezone(ZoneInfo(NY)).time() for s in starts]
    assert local == [T(10), T(11)]  # 9:20 is off the grid; 11:00 + 50 min still fits before 12:00


def test_spring_forward_skips_the_missing_hour():
    # 14 March 2027: New York clocks jump from 02:00 to 03:00.
    starts = starts_on(dt.date(2027, 3, 14), [(T(1), T(5))], RULES)
    local = [s.astimezone(ZoneInfo(NY)).strftime("%H:%M %Z") for s in starts]
    assert local == ["01:00 EST", "03:00 EDT", "04:00 EDT"]


def test_fall_back_offers_the_repeated_hour_once():
    starts = starts_on(dt.date(2027, 11, 7), [(T(0), T(3))], RULES)
    assert len(starts) == len(set(starts)) == 3
    assert starts[1] == dt.datetime(2027, 11, 7, 5, tzinfo=UTC)  # 01:00 EDT, the first one


def test_same_wall_clock_is_a_different_instant_across_dst():
    before = starts_on(dt.date(2027, 3, 10), [(T(10), T(11))], RULES)[0]
    after = starts_on(dt.date(2027, 3, 17), [(T(10), T(11))], RULES)[0]
    assert before == dt.datetime(2027, 3, 10, 15, tzinfo=UTC)
    assert after == dt.datetime(2027, 3, 17, 14, tzinfo=UTC)


def test_notice_horizon_and_booked():
    now = dt.datetime(2027, 3, 1, 14, tzinfo=UTC)  # Monday 09:00 in New York
    weekly = [(d, T(9), T(12)) for d in range(5)]
    slots = open_slots(rules=RULES, weekly=weekly, exceptions={}, booked=set(), now=now, days=3)
    assert slots[0] == dt.datetime(2027, 3, 2, 14, tzinfo=UTC)  # 24 h notice: Tuesday 09:00 first
    booked = {slots[0]}
    assert slots[0] not in open_slots(rules=RULES, weekly=weekly, exceptions={}, booked=booked, now=now, days=3)


def test_is_open_explains():
    now = dt.datetime(2027, 3, 1, 14, tzinfo=UTC)
    weekly = [(d, T(9), T(12)) for d in range(5)]
    ok = dt.datetime(2027, 3, 3, 15, tzinfo=UTC)
    assert is_open(ok, rules=RULES, weekly=weekly, exceptions={}, now=now) is None
    assert "passed" in is_open(now - dt.timedelta(hours=1), rules=RULES, weekly=weekly, exceptions={}, now=now)
    assert "24 hours" in is_open(now + dt.timedelta(hours=2), rules=RULES, weekly=weekly, exceptions={}, now=now)
    assert "60 days" in is_open(now + dt.timedelta(days=90), rules=RULES, weekly=weekly, exceptions={}, now=now)
    assert "offers" in is_open(ok + dt.timedelta(minutes=30), rules=RULES, weekly=weekly, exceptions={}, now=now)
    assert "offers" in is_open(ok, rules=RULES, weekly=weekly, exceptions={ok.date(): [(None, None)]}, now=now)
