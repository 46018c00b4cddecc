"""Day-before reminders: both partners, once, and again after a move."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from closeknit.clinic.services import booking, reminders
from tests.clinic.helpers import reach
from tests.clinic.test_booking import NOW, at


def test_reminder_once_to_both_and_again_after_a_move(clinic, smtp_server):
    lead, mine, _ = reach(clinic.rivera, screened=True)
    appt = booking.book(token=mine.token, start=at(3, 10), now=NOW)
    assert reminders.send_due(now=appt.start - dt.timedelta(hours=30)) == 0
    day_before = appt.start - dt.timedelta(hours=20)
    assert reminders.send_due(now=day_before) == 1
    assert reminders.send_due(now=day_before) == 0
    got = [m["To"] for m in smtp_server.messages if m["Subject"].startswith("closeknit: Tomorrow")]
    assert sorted(got) == sorted([lead.email, lead.partner_email])
    moved = booking.reschedule(token=mine.token, start=at(4, 10), now=NOW)
    assert reminders.send_due(now=moved.start - dt.timedelta(hours=2)) == 1


def test_cancelled_is_not_reminded(clinic, smtp_server):
    _, mine, _ = reach(clinic.rivera)
    appt = booking.book(token=mine.token, start=at(3, 10), now=NOW)
    booking.cancel(token=mine.token, now=NOW)
    assert reminders.send_due(now=appt.start - dt.timedelta(hours=2)) == 0


def test_intensive_reminder_two_days_before_to_each_partner_once(clinic, couple, smtp_server):
    """Each partner gets the days in their own zone and their own open check-ups; never block titles,
    goals or the partner's check-ups. Once only; a cancelled intensive is not reminded."""
    from closeknit.clinic.models import IntensiveBlock
    from closeknit.clinic.services import intensive as intensives
    from tests.clinic.intensive_helpers import joined_episode, schedule, today

    couple.b.timezone = "Asia/Tokyo"
    couple.b.save(update_fields=["timezone"])
    intensive = schedule(clinic, joined_episode(clinic, couple), starts_on=today() + dt.timedelta(days=10))
    blocks = IntensiveBlock.objects.filter(intensive=intensive).order_by("start")
    first = blocks.first().start
    intensive.measures.filter(user=couple.b).update(completed_at=first)  # B took theirs; A has two open

    assert reminders.send_due_intensives(now=first - dt.timedelta(hours=60)) == 0
    assert reminders.send_due_intensives(now=first - dt.timedelta(hours=40)) == 1
    assert reminders.send_due_intensives(now=first - dt.timedelta(hours=39)) == 0
    mails = {m["To"]: m for m in smtp_server.messages if "Your intensive with Dr. Rivera" in m["Subject"]}
    assert set(mails) == {couple.a.email, couple.b.email}
    body_a = mails[couple.a.email].get_payload(decode=True).decode()
    body_b = mails[couple.b.email].get_payload(decode=True).decode()
    assert f"{first.astimezone(ZoneInfo(couple.a.timezone)):%H:%M}" in body_a and "Day 2" in body_a
    assert f"{first.astimezone(ZoneInfo('Asia/Tokyo')):%H:%M}" in body_b and "Asia/Tokyo" in body_b
    assert "2 check-ups to take" in body_a and "check-up" not in body_b
    for b in blocks:
        assert b.title not in body_a and b.title not in body_b
        assert not b.goals or b.goals not in body_a

    again = schedule(clinic, intensive.episode, starts_on=today() + dt.timedelta(days=20))
    intensives.cancel(user=clinic.rivera.user, intensive_id=again.pk)
    start = IntensiveBlock.objects.filter(intensive=again).order_by("start").first().start
    assert reminders.send_due_intensives(now=start - dt.timedelta(hours=24)) == 0
