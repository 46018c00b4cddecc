"""The once-a-minute reminder sweep, over real SMTP: one email per due person per local day, whatever
the races, retries, late sweeps and DST changes."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone
from huey.contrib.djhuey import HUEY
from huey.signals import SIGNAL_COMPLETE, SIGNAL_EXECUTING

from closeknit.checkins import services as checkins
from closeknit.checkins.models import CheckIn
from closeknit.core.time import zone
from closeknit.couples import services as couples
from closeknit.nudges import services, tasks
from closeknit.nudges.models import Delivery, Reminder
from tests.conftest import Mailbox
from tests.nudges.conftest import task_id, utc, zone_at_hour

EIGHT_PM_NY = utc(2025, 6, 11, 0, 0)  # 20:00 EDT on 2025-06-10
SWEEP = "closeknit.nudges.tasks.sweep_reminders"
NUDGE = "closeknit.nudges.tasks.nudge_partner"


def remind(user, at: dt.time, now: dt.datetime) -> Reminder:
    return services.set_reminder(user=user, enabled=True, local_time=at, partner_nudges=True, now=now)


def test_a_due_reminder_is_emailed_once_and_moves_to_the_next_day(make_user, smtp_server, answers):
    person = make_user(timezone="America/New_York", display_name="Robin O'Hara & co")
    # Something the person wrote earlier: a reminder must never carry it.
    checkins.create_checkin(user=person, answers={**answers, "appreciation": "CANARY-thanks-for-the-soup"})
    r = remind(person, dt.time(20, 0), utc(2025, 6, 10, 12))
    assert r.next_at == EIGHT_PM_NY

    assert services.send_due_reminders(now=EIGHT_PM_NY - dt.timedelta(seconds=1)) == 0
    assert services.send_due_reminders(now=EIGHT_PM_NY + dt.timedelta(seconds=20)) == 1

    msg = smtp_server.wait_for(person.email)
    body = Mailbox.body(msg)
    assert msg["Subject"] == "Time for your check-in"
    assert "Hi Robin O'Hara & co," in body  # plain text: no HTML escaping
    assert "/checkin/" in body and "/settings/reminders/" in body
    assert "CANARY" not in msg.as_string() and "soup" not in body
    assert Reminder.objects.get(pk=r.pk).next_at == EIGHT_PM_NY + dt.timedelta(days=1)
    assert list(Delivery.objects.values_list("kind", "local_date")) == [("reminder", dt.date(2025, 6, 10))]

    # Called again (same minute, a minute later): nothing more.
    assert services.send_due_reminders(now=EIGHT_PM_NY + dt.timedelta(seconds=20)) == 0
    assert services.send_due_reminders(now=EIGHT_PM_NY + dt.timedelta(minutes=1)) == 0
    assert len(smtp_server.messages) == 1


def test_one_email_per_due_person(make_user, smtp_server):
    now = utc(2025, 6, 10, 12)
    due = [make_user(timezone="America/New_York") for _ in range(3)]
    later = make_user(timezone="America/New_York")
    off = make_user(timezone="America/New_York")
    for person in due:
        remind(person, dt.time(20, 0), now)
    remind(later, dt.time(21, 0), now)
    services.set_reminder(user=off, enabled=False, local_time=dt.time(20, 0), partner_nudges=True, now=now)

    assert services.send_due_reminders(now=EIGHT_PM_NY + dt.timedelta(minutes=1)) == 3
    for person in due:
        smtp_server.wait_for(person.email)
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(p.email for p in due)


def test_no_reminder_for_someone_who_already_checked_in_that_local_day(make_user, smtp_server, answers):
    # create_checkin reads the real clock, so put the person where it is midday now.
    person = make_user(timezone=zone_at_hour(12))
    checkins.create_checkin(user=person, answers=answers)
    in_an_hour = (timezone.now() + dt.timedelta(hours=1)).astimezone(dt.UTC)
    r = remind(person, in_an_hour.astimezone(zone(person.timezone)).time(), timezone.now())
    assert services.send_due_reminders(now=r.next_at + dt.timedelta(seconds=30)) == 0
    assert smtp_server.messages == []
    assert not Delivery.objects.exists()
    assert Reminder.objects.get(pk=r.pk).next_at > r.next_at  # still moved on to tomorrow


def test_a_reminder_overdue_by_more_than_three_hours_is_skipped(make_user, smtp_server):
    late, on_time = make_user(timezone="America/New_York"), make_user(timezone="America/New_York")
    remind(late, dt.time(20, 0), utc(2025, 6, 10, 12))
    remind(on_time, dt.time(21, 0), utc(2025, 6, 10, 12))
    # The sweep was down from 19:59 to 23:01: the 20:00 reminder is 3h01 late, the 21:00 one 2h01.
    now = EIGHT_PM_NY + dt.timedelta(hours=3, minutes=1)
    assert services.send_due_reminders(now=now) == 1
    assert [m["To"] for m in smtp_server.messages] == [on_time.email]
    assert Reminder.objects.get(user=late).next_at == EIGHT_PM_NY + dt.timedelta(days=1)


def test_a_sweep_down_for_days_resumes_from_the_next_future_time(make_user, smtp_server):
    person = make_user(timezone="America/New_York")
    remind(person, dt.time(20, 0), utc(2025, 6, 10, 12))
    now = EIGHT_PM_NY + dt.timedelta(days=4, hours=1)
    assert services.send_due_reminders(now=now) == 0
    assert Reminder.objects.get(user=person).next_at == EIGHT_PM_NY + dt.timedelta(days=5)


def test_a_late_reminder_for_a_day_that_has_ended_is_not_sent(make_user, smtp_server):
    person = make_user(timezone="America/New_York")
    remind(person, dt.time(23, 50), utc(2025, 6, 10, 12))
    # 40 minutes late, but it is already the next day there: "check in today" would be wrong.
    assert services.send_due_reminders(now=utc(2025, 6, 11, 4, 30)) == 0
    assert smtp_server.messages == []


def test_moving_the_time_later_the_same_day_does_not_send_a_second(make_user, smtp_server):
    person = make_user(timezone="America/New_York")
    remind(person, dt.time(20, 0), utc(2025, 6, 10, 12))
    assert services.send_due_reminders(now=EIGHT_PM_NY + dt.timedelta(seconds=5)) == 1
    r = remind(person, dt.time(21, 0), EIGHT_PM_NY + dt.timedelta(minutes=10))
    assert r.next_at == EIGHT_PM_NY + dt.timedelta(hours=1)
    assert services.send_due_reminders(now=r.next_at + dt.timedelta(seconds=5)) == 0
    assert len(smtp_server.messages) == 1


def test_inactive_people_get_no_email(make_user, smtp_server):
    person = make_user(timezone="America/New_York", is_active=False)
    remind(person, dt.time(20, 0), utc(2025, 6, 10, 12))
    assert services.send_due_reminders(now=EIGHT_PM_NY) == 0
    assert smtp_server.messages == []


@pytest.mark.parametrize(
    ("tz", "at", "night_start", "fires_at"),
    [
        # spring forward: 02:30 does not exist; it fires once, at 03:30 EDT
        ("America/New_York", dt.time(2, 30), utc(2025, 3, 9, 4), utc(2025, 3, 9, 7, 30)),
        # fall back: 01:30 happens twice; it fires once, the first time
        ("America/New_York", dt.time(1, 30), utc(2025, 11, 2, 4), utc(2025, 11, 2, 5, 30)),
        ("Europe/London", dt.time(1, 30), utc(2025, 3, 29, 23), utc(2025, 3, 30, 1, 30)),
        ("Europe/London", dt.time(1, 30), utc(2025, 10, 25, 23), utc(2025, 10, 26, 0, 30)),
        # 30-minute DST: spring 02:00 -> 02:30, fall back 02:00 -> 01:30
        ("Australia/Lord_Howe", dt.time(2, 15), utc(2025, 10, 4, 13), utc(2025, 10, 4, 15, 45)),
        ("Australia/Lord_Howe", dt.time(1, 45), utc(2025, 4, 5, 12), utc(2025, 4, 5, 14, 45)),
    ],
)
def test_minute_by_minute_across_a_dst_night_fires_exactly_once(make_user, smtp_server, tz, at, night_start, fires_at):
    person = make_user(timezone=tz)
    remind(person, at, night_start - dt.timedelta(hours=1))
    sent_at = []
    for minute in range(5 * 60):  # five hours of sweeps, one a minute, around the change
        now = night_start + dt.timedelta(minutes=minute)
        if services.send_due_reminders(now=now):
            sent_at.append(now)
    assert sent_at == [fires_at]
    assert len(smtp_server.messages) == 1
    assert Delivery.objects.get().local_date == fires_at.astimezone(zone(tz)).date()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("workers", [2, 4])
def test_concurrent_sweeps_send_each_reminder_once(make_user, smtp_server, workers):
    """Several huey consumers each schedule the periodic sweep: real threads, real DB connections."""
    people = [make_user(timezone="America/New_York") for _ in range(12)]
    for person in people:
        remind(person, dt.time(20, 0), utc(2025, 6, 10, 12))
    barrier = threading.Barrier(workers)
    counts: list[int] = []
    errors: list[BaseException] = []

    def sweep():
        try:
            barrier.wait(timeout=10)
            counts.append(services.send_due_reminders(now=EIGHT_PM_NY + dt.timedelta(seconds=30)))
        except BaseException as exc:  # surfaced below, in the test's thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert sum(counts) == len(people)
    for person in people:
        smtp_server.wait_for(person.email)
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(p.email for p in people)
    assert Delivery.objects.count() == len(people)
    assert set(Reminder.objects.values_list("next_at", flat=True)) == {EIGHT_PM_NY + dt.timedelta(days=1)}


def test_when_the_mail_server_is_down_the_reminder_is_given_back(make_user, smtp_server, settings):
    first, second = make_user(timezone="America/New_York"), make_user(timezone="America/New_York")
    remind(first, dt.time(20, 0), utc(2025, 6, 10, 12))
    remind(second, dt.time(20, 0), utc(2025, 6, 10, 12))
    live_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = _closed_port()
    settings.EMAIL_TIMEOUT = 2
    assert services.send_due_reminders(now=EIGHT_PM_NY + dt.timedelta(seconds=10)) == 0
    # Nothing is recorded as sent, and both are still due.
    assert not Delivery.objects.exists()
    assert set(Reminder.objects.values_list("next_at", flat=True)) == {EIGHT_PM_NY}
    # The next sweep, with the server back, sends both, once.
    settings.EMAIL_PORT = live_port
    assert services.send_due_reminders(now=EIGHT_PM_NY + dt.timedelta(minutes=1, seconds=10)) == 2
    assert services.send_due_reminders(now=EIGHT_PM_NY + dt.timedelta(minutes=2)) == 0
    assert sorted(m["To"] for m in smtp_server.messages) == sorted([first.email, second.email])


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once the socket closes


# --- the huey side -------------------------------------------------------------------------------------
def test_sweep_reminders_is_a_periodic_task_every_minute():
    periodic = {task_id(type(task)) for task in HUEY._registry.periodic_tasks}
    assert SWEEP in periodic
    assert NUDGE not in periodic
    # The consumer asks each periodic task "run now?" once a minute: yes at every minute of the day.
    for minute in (dt.datetime(2025, 6, 10, 0, 0), dt.datetime(2025, 6, 10, 13, 7), dt.datetime(2025, 12, 31, 23, 59)):
        assert SWEEP in {task_id(type(t)) for t in HUEY.read_periodic(minute)}


def test_the_periodic_task_runs_the_sweep(make_user, smtp_server, huey_events):
    """Through huey (immediate mode in tests, so the task runs in this process), with the real clock."""
    person = make_user(timezone=zone_at_hour(12))
    now = timezone.now()
    a_minute_ago = (now - dt.timedelta(minutes=1)).astimezone(zone(person.timezone)).time()
    r = remind(person, a_minute_ago, now - dt.timedelta(minutes=2))
    assert r.next_at <= now

    tasks.sweep_reminders()

    smtp_server.wait_for(person.email)
    assert huey_events == [(SIGNAL_EXECUTING, SWEEP), (SIGNAL_COMPLETE, SWEEP)]
    assert Reminder.objects.get(pk=r.pk).next_at > now


# --- one tick drains what is due, batch after batch ---------------------------------------------------
def test_one_tick_sends_everything_due_in_several_batches(make_user, smtp_server):
    people = [make_user(timezone="America/New_York") for _ in range(7)]
    for person in people:
        remind(person, dt.time(20, 0), utc(2025, 6, 10, 12))
    result = services.sweep(now=EIGHT_PM_NY + dt.timedelta(seconds=30), batch=3)
    assert (result.due, result.sent, result.batches) == (7, 7, 3)
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(p.email for p in people)
    assert services.sweep(now=EIGHT_PM_NY + dt.timedelta(minutes=1), batch=3).due == 0


def test_a_tick_out_of_time_leaves_the_rest_to_the_next(make_user, smtp_server):
    for _ in range(5):
        remind(make_user(timezone="America/New_York"), dt.time(20, 0), utc(2025, 6, 10, 12))
    first = services.sweep(now=EIGHT_PM_NY + dt.timedelta(seconds=5), batch=2, budget=dt.timedelta(0))
    assert (first.due, first.sent, first.batches) == (2, 2, 1)  # one batch, then the budget is spent
    rest = services.sweep(now=EIGHT_PM_NY + dt.timedelta(minutes=1), batch=2)
    assert (rest.due, rest.sent) == (3, 3)
    assert Delivery.objects.count() == len(smtp_server.messages) == 5


def test_a_batch_skips_who_answered_or_was_reminded_and_still_advances_them(make_user, smtp_server, answers):
    answered, reminded, due = (make_user(timezone="America/New_York") for _ in range(3))
    for person in (answered, reminded, due):
        remind(person, dt.time(20, 0), utc(2025, 6, 10, 12))
    Delivery.objects.create(user=reminded, kind=Delivery.Kind.REMINDER, local_date=dt.date(2025, 6, 10))
    CheckIn.objects.create(
        author=answered, couple_id=couples.create_space(user=answered).pk, local_date=dt.date(2025, 6, 10),
        timezone="America/New_York", feelings=["calm"],
    )  # fmt: skip
    result = services.sweep(now=EIGHT_PM_NY + dt.timedelta(seconds=5))
    assert (result.due, result.sent) == (3, 1)
    assert [m["To"] for m in smtp_server.messages] == [due.email]
    assert set(Reminder.objects.values_list("next_at", flat=True)) == {EIGHT_PM_NY + dt.timedelta(days=1)}


@pytest.mark.django_db(transaction=True)
def test_concurrent_ticks_in_small_batches_send_each_reminder_once(make_user, smtp_server):
    people = [make_user(timezone="America/New_York") for _ in range(9)]
    for person in people:
        remind(person, dt.time(20, 0), utc(2025, 6, 10, 12))
    barrier = threading.Barrier(3)
    results: list[services.SweepResult] = []
    errors: list[BaseException] = []

    def tick():
        try:
            barrier.wait(timeout=10)
            results.append(services.sweep(now=EIGHT_PM_NY + dt.timedelta(seconds=30), batch=2))
        except BaseException as exc:  # surfaced below, in the test's thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=tick) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert sum(r.due for r in results) == sum(r.sent for r in results) == len(people)
    for person in people:
        smtp_server.wait_for(person.email)
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(p.email for p in people)
    assert Delivery.objects.count() == len(people)
