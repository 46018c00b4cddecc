"""Reminders for both partners: the day before a first conversation (and, for an online one, its join
link in the 15 minutes before), and two days before an intensive.

A once-a-minute sweep over an indexed partial set (booked, not yet reminded, starting within a
day), so its cost grows with the reminders due, not with the number of appointments. Each row is
claimed by a conditional update before sending, so two consumers never both send; a failed send
gives the claim back so the next sweep tries again.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone

from closeknit.clinic.models import Appointment, Intensive, IntensiveBlock

AHEAD = dt.timedelta(hours=24)
INTENSIVE_AHEAD = dt.timedelta(hours=48)  # time to take the last check-ups and clear two days
log = logging.getLogger(__name__)


def send_due(*, now: dt.datetime | None = None, limit: int = 200) -> int:
    from closeknit.clinic import emails

    now = now or timezone.now()
    due = list(
        Appointment.objects.filter(
            status=Appointment.Status.BOOKED, reminded_at__isnull=True, start__gt=now, start__lte=now + AHEAD
        )
        .order_by("start")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for pk in due:
        if not Appointment.objects.filter(pk=pk, reminded_at__isnull=True, status="booked").update(reminded_at=now):
            continue  # another sweep claimed it
        try:
            emails.appointment_changed(appointment_id=pk, change="reminder")
        except Exception:
            Appointment.objects.filter(pk=pk, reminded_at=now).update(reminded_at=None)
            log.exception("reminder for appointment %s failed; it will be tried again", pk)
            continue
        sent += 1
    return sent


def send_due_joins(*, now: dt.datetime | None = None, limit: int = 200) -> int:
    """Online sessions starting within 15 minutes whose join link was not yet sent: an indexed partial
    set, claimed per row like the reminders above."""
    from closeknit.clinic import emails, online

    now = now or timezone.now()
    due = list(
        Appointment.objects.filter(
            status=Appointment.Status.BOOKED,
            online=True,
            join_sent_at__isnull=True,
            start__gt=now,
            start__lte=now + online.OPENS_BEFORE,
        )
        .order_by("start")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for pk in due:
        if not Appointment.objects.filter(pk=pk, join_sent_at__isnull=True, status="booked").update(join_sent_at=now):
            continue
        try:
            emails.join_link(appointment_id=pk, now=now)
        except Exception:
            Appointment.objects.filter(pk=pk, join_sent_at=now).update(join_sent_at=None)
            log.exception("join link for appointment %s failed; it will be tried again", pk)
            continue
        sent += 1
    return sent


def send_due_intensives(*, now: dt.datetime | None = None, limit: int = 50) -> int:
    """Scheduled intensives whose next block starts within two days and whose couple was not reminded.
    Claimed by a conditional update like the appointments above; a failed send gives the claim back."""
    from closeknit.clinic import emails

    now = now or timezone.now()
    due = list(
        IntensiveBlock.objects.filter(
            intensive__status=Intensive.Status.SCHEDULED,
            intensive__reminded_at__isnull=True,
            intensive__episode__ended_at__isnull=True,
            start__gt=now,
            start__lte=now + INTENSIVE_AHEAD,
        )
        .order_by("intensive_id")
        .values_list("intensive_id", flat=True)
        .distinct()[:limit]
    )
    sent = 0
    for pk in due:
        if not Intensive.objects.filter(pk=pk, reminded_at__isnull=True, status="scheduled").update(reminded_at=now):
            continue
        try:
            emails.intensive_reminder(intensive_id=pk, now=now)
        except Exception:
            Intensive.objects.filter(pk=pk, reminded_at=now).update(reminded_at=None)
            log.exception("reminder for intensive %s failed; it will be tried again", pk)
            continue
        sent += 1
    return sent
