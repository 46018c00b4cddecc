"""Day-before reminders: both partners, once, and again after a move."""

from __future__ import annotations

import datetime as dt

from closeknit.clinic.services import booking, reminders
from tests.clinic.helpers import reach
from tests.clinic.test_booking import NOW, at


def test_reminder_once_to_both_and_again_after_a_move(clinic, smtp_server):
    lead, mine, _ = reach(clinic.rivera)
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
