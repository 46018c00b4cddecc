"""Reminder settings and sending. Emails carry no one's words: only that it is time, or that a partner
answered. State lives in the database so a lost or repeated task never double-sends."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from closeknit.accounts.models import User
from closeknit.core.errors import ServiceError
from closeknit.core.time import local_today, next_occurrence, zone
from closeknit.nudges.models import Delivery, Reminder

log = logging.getLogger(__name__)

# A nudge that arrives at night does more harm than good: hold it unless it is daytime for the partner.
NUDGE_HOURS = range(8, 21)


def reminder_for(user: User) -> Reminder:
    reminder, _ = Reminder.objects.get_or_create(user=user)
    return reminder


def set_reminder(*, user: User, enabled: bool, local_time: dt.time, partner_nudges: bool) -> Reminder:
    if not isinstance(local_time, dt.time):
        raise ServiceError("Please give a time of day such as 20:00.", field="local_time")
    with transaction.atomic():
        reminder, _ = Reminder.objects.get_or_create(user=user)
        reminder.enabled = enabled
        reminder.local_time = local_time.replace(second=0, microsecond=0)
        reminder.partner_nudges = partner_nudges
        reminder.next_at = next_occurrence(reminder.local_time, user.timezone, timezone.now()) if enabled else None
        reminder.save()
    return reminder


def reschedule(*, user: User) -> None:
    """After a change of time zone, the same wall-clock time is a different instant."""
    reminder = Reminder.objects.filter(user=user, enabled=True).first()
    if reminder:
        reminder.next_at = next_occurrence(reminder.local_time, user.timezone, timezone.now())
        reminder.save(update_fields=["next_at"])


def _claim(user: User, kind: str, day: dt.date) -> bool:
    try:
        with transaction.atomic():
            Delivery.objects.create(user=user, kind=kind, local_date=day)
        return True
    except IntegrityError:
        return False


def _send(user: User, template: str, subject: str, context: dict) -> None:
    ctx = {"user": user, "site_url": settings.SITE_URL.rstrip("/"), **context}
    body = render_to_string(f"nudges/{template}.txt", ctx)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=False)


def send_due_reminders(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """The once-a-minute sweep. Returns how many emails went out."""
    from closeknit.checkins.models import CheckIn

    now = now or timezone.now()
    sent = 0
    due = list(
        Reminder.objects.filter(enabled=True, next_at__lte=now)
        .select_related("user")
        .order_by("next_at")[:limit]
    )
    for reminder in due:
        user = reminder.user
        day = local_today(user.timezone, reminder.next_at)
        # Advance first: whatever happens below, this reminder will not be picked up again today.
        nxt = next_occurrence(reminder.local_time, user.timezone, max(now, reminder.next_at))
        moved = Reminder.objects.filter(pk=reminder.pk, next_at=reminder.next_at).update(next_at=nxt)
        if not moved:  # another sweep took it
            continue
        if not user.is_active or CheckIn.objects.filter(author=user, local_date=day).exists():
            continue
        if now - reminder.next_at > dt.timedelta(hours=3):
            continue  # a sweep that was down for hours should not send yesterday's evening reminder at dawn
        if _claim(user, Delivery.Kind.REMINDER, day):
            _send(user, "reminder", "Time for your check-in", {"day": day})
            sent += 1
    return sent


def partner_answered(*, checkin_id: int) -> None:
    """Called after a check-in commits; the work happens in a task so the request stays fast."""
    from closeknit import tasks

    tasks.nudge_partner(checkin_id)


def nudge_partner(*, checkin_id: int, now: dt.datetime | None = None) -> bool:
    from closeknit.checkins.models import CheckIn
    from closeknit.couples import selectors as couples

    now = now or timezone.now()
    checkin = CheckIn.objects.filter(pk=checkin_id).select_related("author").first()
    if checkin is None:
        return False
    partner = couples.partner_of(checkin.author)
    if partner is None or not partner.is_active:
        return False
    pref = Reminder.objects.filter(user=partner).first()
    if pref is not None and not pref.partner_nudges:
        return False
    day = local_today(partner.timezone, now)
    if now.astimezone(zone(partner.timezone)).hour not in NUDGE_HOURS:
        return False
    if CheckIn.objects.filter(author=partner, local_date=day).exists():
        return False
    if not _claim(partner, Delivery.Kind.NUDGE, day):
        return False
    _send(partner, "nudge", f"{checkin.author.name} checked in today", {"author": checkin.author})
    return True
