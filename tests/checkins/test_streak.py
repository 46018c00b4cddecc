"""The streak: days in a row both partners checked in; an unanswered today does not break it."""

from __future__ import annotations

import datetime as dt

import pytest

from closeknit.checkins import selectors, services
from closeknit.core import access
from closeknit.couples import services as couples
from tests.checkins.util import checkin_on, freeze, utc

TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def pair(make_couple, monkeypatch):
    freeze(monkeypatch, utc(2026, 3, 10, 15, 0))
    return make_couple()


def both(pair, *days_back: int) -> None:
    for back in days_back:
        for person in (pair.a, pair.b):
            checkin_on(person, pair.couple_id, TODAY - dt.timedelta(days=back))


def test_no_check_ins_no_streak(pair):
    assert selectors.streak_for(pair.a) == 0


def test_days_both_checked_in_count_and_an_open_today_does_not_break_it(pair, answers):
    both(pair, 1, 2, 3)
    assert selectors.streak_for(pair.a) == selectors.streak_for(pair.b) == 3
    services.create_checkin(user=pair.a, answers=answers)
    assert selectors.streak_for(pair.a) == 3  # today counts once both answered
    assert not selectors.today_for(pair.a).both_today
    services.create_checkin(user=pair.b, answers=answers)
    assert selectors.streak_for(pair.a) == selectors.streak_for(pair.b) == 4
    assert selectors.today_for(pair.b).both_today and selectors.today_for(pair.b).streak == 4


def test_a_gap_breaks_it(pair):
    both(pair, 1, 3, 4, 5)
    assert selectors.streak_for(pair.a) == 1
    checkin_on(pair.a, pair.couple_id, TODAY - dt.timedelta(days=2))  # only one of them that day
    assert selectors.streak_for(pair.a) == 1


def test_yesterday_missing_means_zero(pair):
    both(pair, 2, 3)
    assert selectors.streak_for(pair.a) == 0


def test_alone_the_streak_counts_ones_own_days(make_user, monkeypatch):
    freeze(monkeypatch, utc(2026, 3, 10, 15, 0))
    a = make_user()
    solo = couples.create_space(user=a)
    for back in (0, 1, 2):
        checkin_on(a, solo.pk, TODAY - dt.timedelta(days=back))
    assert selectors.streak_for(a) == 3


def test_the_streak_belongs_to_the_space(pair):
    both(pair, 1, 2)
    couples.leave_space(user=pair.a)
    for person in (pair.a, pair.b):
        access.forget(person)
        assert selectors.streak_for(person) == 0
