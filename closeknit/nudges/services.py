"""Reminder settings and sending. Emails carry no one's words: only that it is time, or that a partner
answered. State lives in the database so a lost or repeated task never double-sends.

A person who turned on push for a kind gets it on their phones instead (`push.py`); the email goes when
no phone took it, so email stays the fallback. Both sit behind the same claim.

Sending follows claim-then-send: one short transaction decides and records the delivery (the unique
`Delivery` row is what makes a second send for the same day impossible), then the email goes out
outside any transaction, so a slow mail server never holds SQLite's write lock. If the mail server
refuses, the claim is given back so a later sweep or task retry can try again.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import smtplib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from closeknit.accounts.models import User
from closeknit.core.errors import ServiceError
from closeknit.core.time import day_end, local_today, next_occurrence, zone
from closeknit.nudges import push
from closeknit.nudges.models import Delivery, Reminder

log = logging.getLogger(__name__)

# A nudge that arrives at night does more harm than good. Before NUDGE_HOURS it waits for the
# morning; after them it is dropped (the day is nearly over, and the person's own reminder remains).
NUDGE_HOURS = range(8, 21)
# A sweep that was down for hours should not send yesterday's evening reminder at dawn.
MAX_LATENESS = dt.timedelta(hours=3)


def reminder_for(user: User) -> Reminder:
    """The person's reminder settings, for showing. Writes nothing: a person who never chose a
    reminder gets an unsaved one that is off (reminders are opt-in; partner nudges are on)."""
    reminder = Reminder.objects.filter(user=user).first()
    return reminder or Reminder(user=user, enabled=False)


def _parse_time(value: Any) -> dt.time:
    if isinstance(value, str):
        try:
            value = dt.time.fromisoformat(value.strip())
        except ValueError:
            value = None
    if not isinstance(value, dt.time):
        raise ServiceError("Please give a time of day such as 20:00.", field="local_time")
    return value.replace(second=0, microsecond=0, tzinfo=None, fold=0)


def set_reminder(
    *, user: User, enabled: bool, local_time: dt.time | str, partner_nudges: bool, now: dt.datetime | None = None
) -> Reminder:
    """Save the choice and compute when it next comes round in the person's own zone."""
    at = _parse_time(local_time)
    if not isinstance(enabled, bool):
        raise ServiceError("Reminders should be on or off.", field="enabled")
    if not isinstance(partner_nudges, bool):
        raise ServiceError("Partner nudges should be on or off.", field="partner_nudges")
    now = now or timezone.now()
    with transaction.atomic():
        reminder, _ = Reminder.objects.select_for_update().get_or_create(user=user)
        reminder.enabled = enabled
        reminder.local_time = at
        reminder.partner_nudges = partner_nudges
        reminder.next_at = next_occurrence(at, user.timezone, now) if enabled else None
        reminder.save()
    return reminder


def reschedule(*, user: User, now: dt.datetime | None = None) -> None:
    """After a change of time zone, the same wall-clock time is a different instant."""
    now = now or timezone.now()
    with transaction.atomic():
        reminder = Reminder.objects.select_for_update().filter(user=user, enabled=True).first()
        if reminder:
            reminder.next_at = next_occurrence(reminder.local_time, user.timezone, now)
            reminder.save(update_fields=["next_at"])


# --- sending -----------------------------------------------------------------------------------------
def _one_line(text: str) -> str:
    # A name with a line break would make an invalid (or injected) email header.
    return re.sub(r"\s+", " ", text).strip()


def _message(user: User, template: str, subject: str, context: dict[str, Any]) -> EmailMessage:
    ctx = {"user": user, "site_url": settings.SITE_URL.rstrip("/"), **context}
    body = render_to_string(f"nudges/{template}.txt", ctx)
    return EmailMessage(_one_line(subject), body, settings.DEFAULT_FROM_EMAIL, [user.email])


def _send(message: EmailMessage, connection: BaseEmailBackend | None = None) -> None:
    message.connection = connection
    message.send(fail_silently=False)


def _release(delivery_id: int) -> None:
    Delivery.objects.filter(pk=delivery_id).delete()


@dataclass(frozen=True)
class _ReminderClaim:
    reminder_id: int
    due_at: dt.datetime
    advanced_to: dt.datetime
    delivery_id: int
    user: User
    day: dt.date


def _claim_reminder(reminder_id: int, now: dt.datetime) -> _ReminderClaim | None:
    """One transaction: take the reminder (another sweep may race us), move it to its next occurrence
    and, if this one should go out, record the delivery for that local day."""
    from closeknit.checkins.models import CheckIn

    with transaction.atomic():
        reminder = Reminder.objects.select_for_update().filter(pk=reminder_id, enabled=True, next_at__lte=now).first()
        if reminder is None:  # another sweep took it, or the person changed it meanwhile
            return None
        user = User.objects.get(pk=reminder.user_id)
        due_at: dt.datetime = reminder.next_at  # type: ignore[assignment]  # the query asked for next_at <= now
        day = local_today(user.timezone, due_at)
        # Advance first: whatever is decided below, this occurrence will not be picked up again.
        reminder.next_at = next_occurrence(reminder.local_time, user.timezone, max(now, due_at))
        reminder.save(update_fields=["next_at"])
        if not user.is_active:
            return None
        if now - due_at > MAX_LATENESS or now >= day_end(day, user.timezone):
            return None
        if CheckIn.objects.filter(author=user, local_date=day).exists():
            return None
        try:
            with transaction.atomic():
                delivery = Delivery.objects.create(user=user, kind=Delivery.Kind.REMINDER, local_date=day)
        except IntegrityError:  # already reminded that day (e.g. the time was moved later)
            return None
    return _ReminderClaim(reminder.pk, due_at, reminder.next_at, delivery.pk, user, day)


def _give_back(claim: _ReminderClaim) -> None:
    """The email did not go out: undo the claim so the next sweep tries again (within MAX_LATENESS)."""
    with transaction.atomic():
        _release(claim.delivery_id)
        Reminder.objects.filter(pk=claim.reminder_id, next_at=claim.advanced_to).update(next_at=claim.due_at)


def send_due_reminders(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """The once-a-minute sweep over the indexed `next_at`. Safe to run twice at once (several huey
    consumers each schedule it): each reminder is claimed in its own transaction. Returns notes sent
    (an email, or a push where the person chose so)."""
    now = now or timezone.now()
    due = list(
        Reminder.objects.filter(enabled=True, next_at__lte=now).order_by("next_at").values_list("pk", flat=True)[:limit]
    )
    sent = 0
    connection: BaseEmailBackend | None = None
    try:
        for reminder_id in due:
            claim = _claim_reminder(reminder_id, now)
            if claim is None:
                continue
            if push.deliver(user=claim.user, kind="reminder", url="/checkin/"):
                sent += 1  # a phone took it: no email as well
                continue
            try:
                message = _message(claim.user, "reminder", "Time for your check-in", {"day": claim.day})
                if connection is None:  # one SMTP session per sweep, opened only when there is mail
                    connection = get_connection(fail_silently=False)
                    connection.open()
                _send(message, connection)
            except smtplib.SMTPRecipientsRefused:
                log.warning("reminder %s: the mail server refused the address; not retrying today", reminder_id)
                continue
            except Exception:
                _give_back(claim)
                log.exception("reminder %s: sending failed; stopping this sweep, the next one retries", reminder_id)
                break
            sent += 1
    finally:
        if connection is not None:
            connection.close()
    return sent


# --- partner nudges ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class NudgeOutcome:
    """What happened, and why; `retry_at` asks the caller (the task) to try again then."""

    sent: bool
    reason: str
    retry_at: dt.datetime | None = None


def partner_answered(*, checkin_id: int) -> None:
    """Called after a check-in commits; the work happens in a task so the request stays fast.

    The check-in is already saved: a queue that cannot be reached must not turn that into an error page.
    """
    from closeknit.nudges import tasks

    try:
        tasks.nudge_partner(checkin_id)
    except Exception:
        log.exception("could not queue the partner nudge for check-in %s", checkin_id)


def nudge_partner(*, checkin_id: int, now: dt.datetime | None = None) -> NudgeOutcome:
    """Tell the partner, gently and at most once a day, that the author checked in today."""
    now = now or timezone.now()
    with transaction.atomic():
        outcome, claim = _claim_nudge(checkin_id, now)
    if claim is None:
        return outcome
    partner, author, delivery_id = claim
    if push.deliver(user=partner, kind="nudge", url="/checkin/"):
        return NudgeOutcome(sent=True, reason="pushed")
    try:
        _send(_message(partner, "nudge", f"{author.name} checked in today", {"author": author}))
    except Exception:
        _release(delivery_id)  # give the day's nudge back so the task's retry can send it
        raise
    return NudgeOutcome(sent=True, reason="sent")


def _claim_nudge(checkin_id: int, now: dt.datetime) -> tuple[NudgeOutcome, tuple[User, User, int] | None]:
    from closeknit.checkins.models import CheckIn
    from closeknit.core import access
    from closeknit.couples import selectors as couples

    checkin = CheckIn.objects.filter(pk=checkin_id).select_related("author").first()
    if checkin is None:
        return NudgeOutcome(False, "missing"), None
    author = checkin.author
    if now >= day_end(checkin.local_date, checkin.timezone):
        return NudgeOutcome(False, "stale"), None  # "checked in today" would no longer be true
    partner = couples.partner_of(author)
    if partner is None or not partner.is_active:
        return NudgeOutcome(False, "no_partner"), None
    if not access.can_see_entry(partner, checkin):  # e.g. written in a space that has since ended
        return NudgeOutcome(False, "hidden"), None
    pref = Reminder.objects.filter(user=partner).first()
    if pref is not None and not pref.partner_nudges:
        return NudgeOutcome(False, "off"), None
    day = local_today(partner.timezone, now)
    if CheckIn.objects.filter(author=partner, local_date=day).exists():
        return NudgeOutcome(False, "answered"), None
    if Delivery.objects.filter(user=partner, kind=Delivery.Kind.NUDGE, local_date=day).exists():
        return NudgeOutcome(False, "already"), None
    local_now = now.astimezone(zone(partner.timezone))
    if local_now.hour < NUDGE_HOURS.start:
        morning = dt.datetime.combine(day, dt.time(NUDGE_HOURS.start), tzinfo=zone(partner.timezone))
        return NudgeOutcome(False, "early", retry_at=morning.astimezone(dt.UTC)), None
    if local_now.hour not in NUDGE_HOURS:
        return NudgeOutcome(False, "night"), None
    try:
        with transaction.atomic():
            delivery = Delivery.objects.create(user=partner, kind=Delivery.Kind.NUDGE, local_date=day)
    except IntegrityError:
        return NudgeOutcome(False, "already"), None
    return NudgeOutcome(True, "claimed"), (partner, author, delivery.pk)


# --- "Sam opened a conversation" -----------------------------------------------------------------------
def talk_opened(*, talk_id: int) -> None:
    """Called after a hard conversation is opened and committed; the email goes from a task. A queue
    that cannot be reached must not turn the opened conversation into an error page."""
    from closeknit.nudges import tasks

    try:
        tasks.announce_talk(talk_id)
    except Exception:
        log.exception("could not queue the conversation note for talk %s", talk_id)


def announce_talk(*, talk_id: int, now: dt.datetime | None = None) -> NudgeOutcome:
    """Tell the other partner, once, that the opener is waiting in a conversation: the opener's name and
    a link, never a word of the opening. Quiet hours as for the check-in nudge; never where joint conflict
    work is withheld (the conversation is not offered there, so nothing may hint at it either)."""
    now = now or timezone.now()
    with transaction.atomic():
        outcome, claim = _claim_talk(talk_id, now)
    if claim is None:
        return outcome
    partner, opener, delivery_id = claim
    if push.deliver(user=partner, kind="talk", url=f"/practices/talk/{talk_id}/"):
        return NudgeOutcome(sent=True, reason="pushed")
    try:
        _send(_message(partner, "talk", f"{opener.name} opened a conversation", {"opener": opener, "talk_id": talk_id}))
    except Exception:
        _release(delivery_id)
        raise
    return NudgeOutcome(sent=True, reason="sent")


def _claim_talk(talk_id: int, now: dt.datetime) -> tuple[NudgeOutcome, tuple[User, User, int] | None]:
    from closeknit.practices.models import Conversation
    from closeknit.safety import selectors as safety

    talk = Conversation.objects.filter(pk=talk_id).select_related("started_by", "speaker", "listener").first()
    if talk is None or talk.ended_at is not None or talk.joined_at is not None:
        return NudgeOutcome(False, "missing" if talk is None else "moot"), None
    opener = talk.started_by
    partner = talk.listener if talk.speaker_id == opener.pk else talk.speaker
    if not partner.is_active:
        return NudgeOutcome(False, "no_partner"), None
    if safety.couple_screen_positive(talk.couple_id):
        return NudgeOutcome(False, "moot"), None  # same word as "ended": nothing tells the two apart
    pref = Reminder.objects.filter(user=partner).first()
    if pref is not None and not pref.partner_nudges:
        return NudgeOutcome(False, "off"), None
    day = local_today(partner.timezone, now)
    local_now = now.astimezone(zone(partner.timezone))
    if local_now.hour < NUDGE_HOURS.start:
        morning = dt.datetime.combine(day, dt.time(NUDGE_HOURS.start), tzinfo=zone(partner.timezone))
        return NudgeOutcome(False, "early", retry_at=morning.astimezone(dt.UTC)), None
    if local_now.hour not in NUDGE_HOURS:
        return NudgeOutcome(False, "night"), None  # the Today card still waits for them
    try:
        with transaction.atomic():
            delivery = Delivery.objects.create(user=partner, kind=Delivery.Kind.TALK, local_date=day)
    except IntegrityError:
        return NudgeOutcome(False, "already"), None
    return NudgeOutcome(True, "claimed"), (partner, opener, delivery.pk)
