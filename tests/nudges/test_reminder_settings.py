"""Choosing a reminder: the next time is computed in the person's own zone, and follows a zone change."""

from __future__ import annotations

import datetime as dt

import pytest

from closeknit.accounts import services as accounts
from closeknit.core.errors import ServiceError
from closeknit.nudges import services
from closeknit.nudges.models import Reminder
from tests.nudges.conftest import utc


def test_next_at_is_the_persons_local_time(make_user):
    ny = make_user(timezone="America/New_York")
    tokyo = make_user(timezone="Asia/Tokyo")
    now = utc(2025, 6, 10, 12, 0)  # 08:00 in New York, 21:00 in Tokyo
    r_ny = services.set_reminder(user=ny, enabled=True, local_time=dt.time(20, 0), partner_nudges=True, now=now)
    r_tk = services.set_reminder(user=tokyo, enabled=True, local_time=dt.time(20, 0), partner_nudges=True, now=now)
    assert r_ny.next_at == utc(2025, 6, 11, 0, 0)  # 20:00 EDT today
    assert r_tk.next_at == utc(2025, 6, 11, 11, 0)  # 20:00 JST tomorrow: today's has passed
    r_ny.refresh_from_db()
    assert r_ny.next_at == utc(2025, 6, 11, 0, 0) and r_ny.local_time == dt.time(20, 0)


def test_spring_forward_day_reminder_is_set_at_the_shifted_instant(make_user):
    person = make_user(timezone="America/New_York")
    r = services.set_reminder(
        user=person, enabled=True, local_time=dt.time(2, 30), partner_nudges=True, now=utc(2025, 3, 8, 20)
    )
    assert r.next_at == utc(2025, 3, 9, 7, 30)  # 03:30 EDT: 02:30 did not exist that night


def test_text_times_seconds_and_turning_off(make_user):
    person = make_user(timezone="Europe/Paris")
    now = utc(2025, 1, 15, 6, 0)
    r = services.set_reminder(user=person, enabled=True, local_time=" 07:45 ", partner_nudges=False, now=now)
    assert r.local_time == dt.time(7, 45) and r.next_at == utc(2025, 1, 15, 6, 45) and not r.partner_nudges
    r = services.set_reminder(
        user=person, enabled=True, local_time=dt.time(7, 45, 33, 12), partner_nudges=True, now=now
    )
    assert r.local_time == dt.time(7, 45)
    r = services.set_reminder(user=person, enabled=False, local_time=dt.time(7, 45), partner_nudges=True, now=now)
    assert r.next_at is None
    assert Reminder.objects.filter(user=person).count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"local_time": "25:00"}, "local_time"),
        ({"local_time": "eight"}, "local_time"),
        ({"local_time": None}, "local_time"),
        ({"local_time": 20}, "local_time"),
        ({"enabled": "yes"}, "enabled"),
        ({"partner_nudges": 1}, "partner_nudges"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(make_user, changes, field):
    person = make_user(timezone="Europe/Paris")
    now = utc(2025, 1, 15, 6, 0)
    before = services.set_reminder(user=person, enabled=True, local_time=dt.time(21, 0), partner_nudges=True, now=now)
    args = {"enabled": False, "local_time": dt.time(8, 0), "partner_nudges": False, **changes}
    with pytest.raises(ServiceError) as err:
        services.set_reminder(user=person, now=now, **args)
    assert err.value.field == field and err.value.status == 400
    after = Reminder.objects.get(user=person)
    assert (after.enabled, after.local_time, after.partner_nudges, after.next_at) == (
        True,
        dt.time(21, 0),
        True,
        before.next_at,
    )


def test_changing_zone_moves_the_reminder(make_user):
    person = make_user(timezone="Europe/London")
    services.set_reminder(user=person, enabled=True, local_time=dt.time(20, 0), partner_nudges=True)
    london = Reminder.objects.get(user=person).next_at
    accounts.update_profile(user=person, changes={"timezone": "Asia/Kolkata"})
    kolkata = Reminder.objects.get(user=person).next_at
    assert kolkata != london
    local = kolkata.astimezone(dt.timezone(dt.timedelta(hours=5, minutes=30)))
    assert local.time() == dt.time(20, 0)
    # A refused change leaves both the profile and the reminder alone.
    with pytest.raises(ServiceError):
        accounts.update_profile(user=person, changes={"timezone": "Mars/Olympus_Mons"})
    person.refresh_from_db()
    assert person.timezone == "Asia/Kolkata"
    assert Reminder.objects.get(user=person).next_at == kolkata


def test_reschedule_uses_the_given_now(make_user):
    person = make_user(timezone="America/New_York")
    services.set_reminder(user=person, enabled=True, local_time=dt.time(1, 30), partner_nudges=True)
    services.reschedule(user=person, now=utc(2025, 11, 2, 0))
    assert Reminder.objects.get(user=person).next_at == utc(2025, 11, 2, 5, 30)


def test_reminder_for_shows_an_unsaved_off_reminder_until_one_is_chosen(make_user):
    person = make_user()
    shown = services.reminder_for(person)
    assert shown.pk is None and not shown.enabled and shown.partner_nudges
    assert not Reminder.objects.filter(user=person).exists()  # looking writes nothing
    services.set_reminder(user=person, enabled=True, local_time=dt.time(9, 0), partner_nudges=False)
    shown = services.reminder_for(person)
    assert shown.pk is not None and shown.enabled and shown.local_time == dt.time(9, 0)
