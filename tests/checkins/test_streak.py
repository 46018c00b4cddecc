"""The streak: days in a row both partners checked in; an unanswered today does not break it."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from closeknit import access
from closeknit.checkins import selectors, services, streaks
from closeknit.checkins.models import CheckInRun
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


# --- the stored runs (checkins.streaks): Today reads the streak without reading the history -----------
KOLKATA = "Asia/Kolkata"  # +05:30 all year


def run(person, couple_id) -> tuple[dt.date, dt.date] | None:
    row = CheckInRun.objects.filter(user=person, couple_id=couple_id).values_list("first", "last").first()
    return tuple(row) if row else None  # type: ignore[return-value]


def test_the_streak_follows_the_day_boundary_in_the_persons_own_zone(make_couple, answers, monkeypatch):
    freeze(monkeypatch, utc(2026, 3, 10, 18, 0))  # 23:30 on the 10th in Kolkata, still 18:00 in London
    pair = make_couple(timezone=KOLKATA)
    for person in (pair.a, pair.b):
        services.create_checkin(user=person, answers=answers)
    assert selectors.streak_for(pair.a) == 1
    assert run(pair.a, pair.couple_id) == (TODAY, TODAY)
    freeze(monkeypatch, utc(2026, 3, 10, 18, 31))  # 00:01 on the 11th there: a new day, still open
    assert selectors.streak_for(pair.a) == 1
    services.create_checkin(user=pair.a, answers=answers)
    assert selectors.streak_for(pair.b) == 1  # the 11th counts once both answered
    services.create_checkin(user=pair.b, answers=answers)
    assert selectors.streak_for(pair.a) == selectors.today_for(pair.b).streak == 2
    assert run(pair.b, pair.couple_id) == (TODAY, TODAY + dt.timedelta(days=1))


def test_a_missed_day_starts_the_run_again(pair, answers, monkeypatch):
    both(pair, 2, 3, 4)  # the 6th to the 8th; nobody on the 9th
    assert selectors.streak_for(pair.a) == 0
    for person in (pair.a, pair.b):
        services.create_checkin(user=person, answers=answers)
        assert run(person, pair.couple_id) == (TODAY, TODAY)
    assert selectors.streak_for(pair.a) == 1
    freeze(monkeypatch, utc(2026, 3, 12, 15, 0))  # the 11th passed without anyone
    assert selectors.streak_for(pair.a) == 0
    services.create_checkin(user=pair.a, answers=answers)
    assert run(pair.a, pair.couple_id) == (TODAY + dt.timedelta(days=2),) * 2


def test_an_edit_leaves_the_streak_as_it_was(pair, answers):
    both(pair, 1, 2)
    mine = services.create_checkin(user=pair.a, answers=answers)
    services.create_checkin(user=pair.b, answers=answers)
    before = run(pair.a, pair.couple_id)
    services.update_checkin(user=pair.a, checkin_id=mine.pk, answers={**answers, "stress": 9})
    assert run(pair.a, pair.couple_id) == before == (TODAY - dt.timedelta(days=2), TODAY)
    assert selectors.streak_for(pair.a) == selectors.streak_for(pair.b) == 3


def test_deleting_an_account_takes_its_runs_and_ends_the_partners_streak(pair, answers):
    from closeknit.accounts import services as accounts
    from tests.conftest import PASSWORD

    both(pair, 1, 2, 3)
    assert selectors.streak_for(pair.b) == 3
    accounts.delete_account(user=pair.a, password=PASSWORD)
    assert not CheckInRun.objects.filter(user_id=pair.a.pk).exists()
    access.forget(pair.b)
    assert selectors.streak_for(pair.b) == 0  # the space ended with the account
    assert run(pair.b, pair.couple_id) == (TODAY - dt.timedelta(days=3), TODAY - dt.timedelta(days=1))  # kept
    services.create_checkin(user=pair.b, answers=answers)  # in a new space of their own
    access.forget(pair.b)
    assert selectors.streak_for(pair.b) == 1  # a new space counts only what was written in it


def test_a_partner_a_day_ahead_who_skipped_a_day_is_counted_from_the_check_ins(make_user, monkeypatch):
    """The runs cannot tell this one (the partner's newest run starts after the viewer's day): the streak
    is counted from the check-ins, and agrees with them."""
    freeze(monkeypatch, utc(2026, 3, 10, 15, 0))  # the 10th in London, already the 11th on Kiritimati
    a = make_user(timezone="Europe/London")
    b = make_user(timezone="Pacific/Kiritimati")
    space = couples.create_space(user=a)
    couples.accept_invitation(user=b, token=couples.create_invitation(user=a, couple_id=space.pk).token)
    for person in (a, b):
        access.forget(person)
    for back in (1, 2, 3):
        checkin_on(a, space.pk, TODAY - dt.timedelta(days=back))
        checkin_on(b, space.pk, TODAY - dt.timedelta(days=back))
    checkin_on(b, space.pk, TODAY + dt.timedelta(days=1))  # b skipped the 10th, wrote on their 11th
    assert run(b, space.pk) == (TODAY + dt.timedelta(days=1),) * 2
    assert selectors.streak_for(a) == 3


def test_a_move_west_that_writes_an_earlier_day_counts_the_run_again(make_user, answers, monkeypatch):
    freeze(monkeypatch, utc(2026, 3, 10, 15, 0))
    a = make_user(timezone="Pacific/Kiritimati")  # already the 11th there
    solo = couples.create_space(user=a)
    services.create_checkin(user=a, answers=answers)
    a.timezone = "America/New_York"  # the 10th again
    a.save(update_fields=["timezone"])
    services.create_checkin(user=a, answers=answers)
    assert run(a, solo.pk) == (TODAY, TODAY + dt.timedelta(days=1))
    assert selectors.streak_for(a) == 1  # the 10th (today here) is a day; the 11th is still to come


@pytest.mark.parametrize("seed", range(12))
def test_the_runs_agree_with_counting_the_check_ins(pair, seed):
    """Random histories, gaps included: the streak from the stored runs is the count from the check-ins."""
    rng = random.Random(seed)
    for person in (pair.a, pair.b):
        for back in range(20):
            if rng.random() < 0.8:
                checkin_on(person, pair.couple_id, TODAY - dt.timedelta(days=back))
    expected = streaks._from_dates(pair.couple_id, [pair.a.pk, pair.b.pk], TODAY)
    assert selectors.streak_for(pair.a) == selectors.streak_for(pair.b) == expected
    stored = set(CheckInRun.objects.filter(couple_id=pair.couple_id).values_list("user_id", "first", "last"))
    CheckInRun.objects.all().delete()
    assert selectors.streak_for(pair.a) == expected  # nothing stored (check-ins loaded in bulk): same answer
    streaks.fill(user_ids=[pair.a.pk, pair.b.pk])
    assert set(CheckInRun.objects.values_list("user_id", "first", "last")) == stored


def test_today_reads_no_check_in_history(make_couple, monkeypatch):
    """Today's reads are the same for a couple with two months of days as for one that began today, and
    none of them reads check-ins beyond one row (the streak comes from the stored runs)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    freeze(monkeypatch, utc(2026, 3, 10, 15, 0))
    old, new = make_couple(), make_couple()
    both(old, *range(1, 61))
    reads = {}
    for label, pair in (("old", old), ("new", new)):
        selectors.today_for(pair.a)  # warm the per-person caches the same way for both
        with CaptureQueriesContext(connection) as q:
            today = selectors.today_for(pair.a)
        reads[label] = [x["sql"] for x in q.captured_queries]
        assert today.streak == (60 if label == "old" else 0)
    assert len(reads["old"]) <= len(reads["new"])
    history = [s for s in reads["old"] if '"checkins_checkin"' in s and "LIMIT 1" not in s]
    assert history == []
