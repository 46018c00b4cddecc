"""The gentle nudge: when one partner checks in, the other hears about it once, by day, if they want it,
and never anything either of them wrote."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from huey.contrib.djhuey import HUEY
from huey.signals import SIGNAL_COMPLETE, SIGNAL_ERROR, SIGNAL_EXECUTING

from closeknit.checkins import services as checkins
from closeknit.core.time import day_end, zone
from closeknit.couples import services as couples
from closeknit.nudges import services, tasks
from closeknit.nudges.models import Delivery
from tests.conftest import Mailbox
from tests.nudges.conftest import task_id, zone_at_hour

NUDGE = "closeknit.nudges.tasks.nudge_partner"
CANARY_APPRECIATION = "CANARY-you-held-my-hand-at-the-clinic"
CANARY_NEED = "CANARY-more-quiet-mornings"
CANARY_NOTE = "CANARY-private-note"


def words(answers: dict) -> dict:
    return {**answers, "appreciation": CANARY_APPRECIATION, "need": CANARY_NEED, "note": CANARY_NOTE}


def at_local(tz: str, day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone(tz)).astimezone(dt.UTC)


def assert_no_words(msg) -> None:
    raw = msg.as_string()
    assert "CANARY" not in raw
    for fragment in ("held my hand", "quiet mornings", "private-note", "dinner"):
        assert fragment not in raw


@pytest.mark.django_db(transaction=True)
def test_checking_in_nudges_the_partner_once_through_the_huey_task(make_couple, answers, smtp_server, huey_events):
    """The whole path, nothing called by hand: create_checkin commits -> on_commit -> closeknit.nudges.tasks ->
    nudges.services -> SMTP. Both partners are where it is midday now, so the real clock is daytime."""
    pair = make_couple(timezone=zone_at_hour(12))
    pair.a.display_name = "Sam"
    pair.a.save()

    checkin = checkins.create_checkin(user=pair.a, answers=words(answers))

    msg = smtp_server.wait_for(pair.b.email)
    assert huey_events == [(SIGNAL_EXECUTING, NUDGE), (SIGNAL_COMPLETE, NUDGE)]
    assert msg["Subject"] == "Sam checked in today"
    body = Mailbox.body(msg)
    assert body.startswith(f"Hi {pair.b.name},")
    assert "Sam checked in today" in body and "/checkin/" in body and "/settings/reminders/" in body
    assert_no_words(msg)
    assert [m["To"] for m in smtp_server.messages] == [pair.b.email]  # the author gets nothing

    # Once a day: a repeated task (a retry, a second consumer) sends nothing more.
    tasks.nudge_partner(checkin.pk)
    assert services.nudge_partner(checkin_id=checkin.pk).reason == "already"
    assert len(smtp_server.messages) == 1
    assert Delivery.objects.filter(user=pair.b, kind="nudge").count() == 1


def test_no_nudge_for_a_partner_who_already_answered(
    make_couple, answers, smtp_server, django_capture_on_commit_callbacks
):
    pair = make_couple(timezone=zone_at_hour(12))
    with django_capture_on_commit_callbacks(execute=True):
        checkins.create_checkin(user=pair.b, answers=answers)
    smtp_server.wait_for(pair.a.email)  # B answered first, so A heard about it
    with django_capture_on_commit_callbacks(execute=True):
        second = checkins.create_checkin(user=pair.a, answers=words(answers))
    # The task runs synchronously here and SMTP has answered before it returns: no waiting needed.
    assert [m["To"] for m in smtp_server.messages] == [pair.a.email]
    assert services.nudge_partner(checkin_id=second.pk).reason == "answered"
    assert_no_words(smtp_server.messages[0])


def test_not_at_night_in_the_partners_zone(make_couple, answers, smtp_server):
    pair = make_couple(timezone="America/New_York")
    checkin = checkins.create_checkin(user=pair.a, answers=answers)
    day = checkin.local_date
    for hour, minute in [(21, 0), (22, 30), (23, 59)]:
        outcome = services.nudge_partner(checkin_id=checkin.pk, now=at_local("America/New_York", day, hour, minute))
        assert (outcome.sent, outcome.reason, outcome.retry_at) == (False, "night", None)
    assert smtp_server.messages == [] and not Delivery.objects.exists()
    # The last daytime minute still counts.
    assert services.nudge_partner(checkin_id=checkin.pk, now=at_local("America/New_York", day, 20, 59)).sent
    smtp_server.wait_for(pair.b.email)


def test_early_morning_waits_until_eight_in_the_partners_zone(make_couple, make_user, answers, smtp_server):
    pair = make_couple(timezone="America/New_York")
    pair.b.timezone = "Asia/Tokyo"
    pair.b.save()
    checkin = checkins.create_checkin(user=pair.a, answers=answers)
    # 05:30 in Tokyo while New York's day (the check-in's) is still going.
    b_day = checkin.local_date + dt.timedelta(days=1)
    now = at_local("Asia/Tokyo", b_day, 5, 30)
    assert now < day_end(checkin.local_date, "America/New_York")
    outcome = services.nudge_partner(checkin_id=checkin.pk, now=now)
    assert (outcome.sent, outcome.reason) == (False, "early")
    assert outcome.retry_at == at_local("Asia/Tokyo", b_day, 8, 0)
    assert smtp_server.messages == [] and not Delivery.objects.exists()
    # At eight it goes out (18:00 or 19:00 in New York, whose day has not ended).
    assert services.nudge_partner(checkin_id=checkin.pk, now=outcome.retry_at).sent
    smtp_server.wait_for(pair.b.email)


def test_the_task_holds_an_early_nudge_in_huey_until_morning(make_couple, answers, smtp_server, huey_events):
    """Through the real task and the real clock: the partner is where it is 04:xx now."""
    pair = make_couple(timezone=zone_at_hour(12))
    pair.b.timezone = zone_at_hour(4)
    pair.b.save()
    checkin = checkins.create_checkin(user=pair.a, answers=answers)

    tasks.nudge_partner(checkin.pk)

    assert huey_events == [(SIGNAL_EXECUTING, NUDGE), (SIGNAL_COMPLETE, NUDGE)]
    assert smtp_server.messages == []
    held = HUEY.scheduled()
    assert [task_id(type(t)) for t in held] == [NUDGE]
    assert held[0].args == (checkin.pk,)  # an id, never anyone's words
    b_today = timezone.now().astimezone(zone(pair.b.timezone)).date()
    expected = dt.datetime.combine(b_today, dt.time(8), tzinfo=zone(pair.b.timezone)).astimezone(dt.UTC)
    assert held[0].eta == expected.replace(tzinfo=None)  # huey keeps naive UTC


def test_not_when_the_partner_turned_nudges_off(make_couple, answers, smtp_server, django_capture_on_commit_callbacks):
    pair = make_couple(timezone=zone_at_hour(12))
    services.set_reminder(user=pair.b, enabled=True, local_time=dt.time(20, 0), partner_nudges=False)
    with django_capture_on_commit_callbacks(execute=True):
        checkin = checkins.create_checkin(user=pair.a, answers=answers)
    assert smtp_server.messages == []
    assert services.nudge_partner(checkin_id=checkin.pk).reason == "off"
    # Turning daily reminders off does not turn nudges off: they are separate choices.
    services.set_reminder(user=pair.b, enabled=False, local_time=dt.time(20, 0), partner_nudges=True)
    assert services.nudge_partner(checkin_id=checkin.pk).sent
    smtp_server.wait_for(pair.b.email)


def test_never_twice_a_day_even_for_two_check_ins(make_couple, make_user, answers, smtp_server):
    """Two nudges for the same partner-day are one too many, whatever triggers them."""
    pair = make_couple(timezone="Europe/Paris")
    checkin = checkins.create_checkin(user=pair.a, answers=answers)
    noon = at_local("Europe/Paris", checkin.local_date, 12)
    assert services.nudge_partner(checkin_id=checkin.pk, now=noon).sent
    for later in (noon + dt.timedelta(minutes=1), noon + dt.timedelta(hours=6)):
        assert services.nudge_partner(checkin_id=checkin.pk, now=later).reason == "already"
    assert len(smtp_server.messages) == 1


def test_no_nudge_for_a_check_in_whose_day_is_over(make_couple, answers, smtp_server):
    pair = make_couple(timezone="Europe/Paris")
    checkin = checkins.create_checkin(user=pair.a, answers=answers)
    next_morning = at_local("Europe/Paris", checkin.local_date + dt.timedelta(days=1), 9)
    assert services.nudge_partner(checkin_id=checkin.pk, now=next_morning).reason == "stale"
    assert smtp_server.messages == []


def test_no_partner_no_nudge(make_user, make_couple, answers, smtp_server):
    solo = make_user(timezone=zone_at_hour(12))
    mine = checkins.create_checkin(user=solo, answers=answers)  # makes a solo space
    assert services.nudge_partner(checkin_id=mine.pk).reason == "no_partner"

    pair = make_couple(timezone=zone_at_hour(12))
    checkin = checkins.create_checkin(user=pair.a, answers=answers)
    couples.leave_space(user=pair.a)  # the space ends: nobody left to tell
    assert services.nudge_partner(checkin_id=checkin.pk).reason == "no_partner"

    gone = make_couple(timezone=zone_at_hour(12))
    checkin = checkins.create_checkin(user=gone.a, answers=answers)
    gone.b.is_active = False
    gone.b.save()
    assert services.nudge_partner(checkin_id=checkin.pk).reason == "no_partner"

    assert services.nudge_partner(checkin_id=987654321).reason == "missing"
    assert smtp_server.messages == []


def test_a_name_is_shown_as_written_and_cannot_break_the_subject(make_couple, answers, smtp_server):
    pair = make_couple(timezone="Europe/Paris")
    pair.a.display_name = "Ana & Bo's\r\nBcc: someone@evil.test"
    pair.a.save()
    checkin = checkins.create_checkin(user=pair.a, answers=answers)
    assert services.nudge_partner(checkin_id=checkin.pk, now=at_local("Europe/Paris", checkin.local_date, 10)).sent
    msg = smtp_server.wait_for(pair.b.email)
    assert msg["Subject"] == "Ana & Bo's Bcc: someone@evil.test checked in today"
    assert msg["Bcc"] is None
    assert "Ana & Bo's" in Mailbox.body(msg)  # plain text, not &amp; / &#x27;


def test_a_failed_send_gives_the_day_back_so_the_retry_can_send(
    make_couple, answers, smtp_server, settings, huey_events
):
    pair = make_couple(timezone=zone_at_hour(12))
    checkin = checkins.create_checkin(user=pair.a, answers=answers)
    live_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = _closed_port()

    with pytest.raises(OSError):
        services.nudge_partner(checkin_id=checkin.pk)
    assert not Delivery.objects.exists()

    # Through huey: the task fails, and huey holds a retry (retries=2, 30 s apart).
    tasks.nudge_partner(checkin.pk)
    assert (SIGNAL_ERROR, NUDGE) in huey_events
    retry = HUEY.scheduled()
    assert [task_id(type(t)) for t in retry] == [NUDGE] and retry[0].retries == 1
    assert not Delivery.objects.exists()

    settings.EMAIL_PORT = live_port
    assert services.nudge_partner(checkin_id=checkin.pk).sent
    smtp_server.wait_for(pair.b.email)


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
