"""One check-in per person per local day, in the person's own zone; editable only that day."""

from __future__ import annotations

import datetime as dt

import pytest

from closeknit import access
from closeknit.checkins import selectors, services
from closeknit.checkins.models import CheckIn
from closeknit.core.errors import NotFound, ServiceError
from tests.checkins.util import checkin_on, freeze, utc


def test_a_first_check_in_without_a_space_makes_a_solo_space(make_user, answers):
    user = make_user()
    c = services.create_checkin(user=user, answers=answers)
    assert access.active_couple_id(user) == c.couple_id
    assert (c.local_date, c.timezone) == (dt.datetime.now(dt.UTC).date(), "UTC")


def test_a_second_check_in_the_same_day_is_a_409_and_changes_nothing(couple, answers):
    first = services.create_checkin(user=couple.a, answers=answers)
    before = CheckIn.objects.filter(pk=first.pk).values().get()
    again = dict(answers, stress=9, appreciation="a second try")
    with pytest.raises(ServiceError) as err:
        services.create_checkin(user=couple.a, answers=again)
    assert (err.value.status, err.value.code) == (409, "already_checked_in")
    assert "already checked in" in err.value.message
    assert CheckIn.objects.filter(author=couple.a).count() == 1
    assert CheckIn.objects.filter(pk=first.pk).values().get() == before


def test_todays_check_in_can_be_changed_the_same_day(couple, answers):
    c = services.create_checkin(user=couple.a, answers=answers)
    changed = services.update_checkin(
        user=couple.a, checkin_id=c.pk, answers=dict(answers, stress=9, note="later that day", shared=[])
    )
    assert changed.pk == c.pk
    c.refresh_from_db()
    assert (c.stress, c.note, c.shared) == (9, "later that day", [])
    # save_today does the same from the page: it finds today's and changes it.
    again, created = services.save_today(user=couple.a, answers=dict(answers, stress=1))
    assert (again.pk, created) == (c.pk, False)
    assert CheckIn.objects.get(pk=c.pk).stress == 1
    assert CheckIn.objects.filter(author=couple.a).count() == 1


def test_a_past_day_is_closed_to_changes(couple, answers):
    yesterday = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)
    old = checkin_on(couple.a, couple.couple_id, yesterday, stress=4, note="as it was")
    before = CheckIn.objects.filter(pk=old.pk).values().get()
    with pytest.raises(ServiceError) as err:
        services.update_checkin(user=couple.a, checkin_id=old.pk, answers=dict(answers, stress=9))
    assert (err.value.status, err.value.code) == (409, "day_closed")
    assert CheckIn.objects.filter(pk=old.pk).values().get() == before
    # ...and today is a new day: a new check-in, not an edit of yesterday's.
    new, created = services.save_today(user=couple.a, answers=answers)
    assert created and new.pk != old.pk
    assert selectors.view_of(couple.a, old, viewer_answered=True).editable is False
    assert selectors.view_of(couple.a, new, viewer_answered=True).editable is True


def test_the_day_closes_at_local_midnight(monkeypatch, make_user, answers):
    user = make_user(timezone="America/New_York")
    freeze(monkeypatch, utc(2026, 1, 10, 4, 59))  # 23:59 on the 9th in New York (EST)
    c = services.create_checkin(user=user, answers=answers)
    assert c.local_date == dt.date(2026, 1, 9)
    services.update_checkin(user=user, checkin_id=c.pk, answers=dict(answers, stress=8))
    freeze(monkeypatch, utc(2026, 1, 10, 5, 0))  # midnight in New York
    with pytest.raises(ServiceError) as err:
        services.update_checkin(user=user, checkin_id=c.pk, answers=dict(answers, stress=2))
    assert err.value.code == "day_closed"
    assert CheckIn.objects.get(pk=c.pk).stress == 8
    assert services.create_checkin(user=user, answers=answers).local_date == dt.date(2026, 1, 10)


def test_nobody_edits_someone_elses_check_in(couple, answers, make_user):
    c = services.create_checkin(user=couple.a, answers=answers)
    for other in (couple.b, make_user()):
        with pytest.raises(NotFound):
            services.update_checkin(user=other, checkin_id=c.pk, answers=dict(answers, stress=0))
    assert CheckIn.objects.get(pk=c.pk).stress == answers["stress"]


@pytest.mark.parametrize(
    ("instant", "kiritimati_day", "pago_pago_day"),
    [
        (utc(2026, 3, 10, 12, 0), dt.date(2026, 3, 11), dt.date(2026, 3, 10)),
        # UTC+14 and UTC-11 are 25 hours apart: for one hour a day their dates differ by two.
        (utc(2026, 3, 10, 10, 30), dt.date(2026, 3, 11), dt.date(2026, 3, 9)),
    ],
)
def test_the_local_day_follows_each_persons_zone(
    monkeypatch, make_couple, answers, instant, kiritimati_day, pago_pago_day
):
    pair = make_couple()
    pair.a.timezone = "Pacific/Kiritimati"
    pair.b.timezone = "Pacific/Pago_Pago"
    pair.a.save()
    pair.b.save()
    freeze(monkeypatch, instant)
    a = services.create_checkin(user=pair.a, answers=answers)
    b = services.create_checkin(user=pair.b, answers=answers)
    assert (a.local_date, a.timezone) == (kiritimati_day, "Pacific/Kiritimati")
    assert (b.local_date, b.timezone) == (pago_pago_day, "Pacific/Pago_Pago")
    assert selectors.today_for(pair.a).date == kiritimati_day
    assert selectors.today_for(pair.b).date == pago_pago_day


def test_a_new_local_day_allows_a_new_check_in(monkeypatch, make_user, answers):
    user = make_user(timezone="Asia/Kolkata")
    freeze(monkeypatch, utc(2026, 3, 10, 18, 0))  # 23:30 in Kolkata
    first = services.create_checkin(user=user, answers=answers)
    freeze(monkeypatch, utc(2026, 3, 10, 18, 31))  # 00:01 the next day
    second = services.create_checkin(user=user, answers=answers)
    assert (first.local_date, second.local_date) == (dt.date(2026, 3, 10), dt.date(2026, 3, 11))
