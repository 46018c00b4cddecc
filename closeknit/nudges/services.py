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
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
        raise ServiceError(_("Please give a time of day such as 20:00."), field="local_time")
    return value.replace(second=0, microsecond=0, tzinfo=None, fold=0)


def set_reminder(
    *, user: User, enabled: bool, local_time: dt.time | str, partner_nudges: bool, now: dt.datetime | None = None
) -> Reminder:
    """Save the choice and compute when it next comes round in the person's own zone."""
    at = _parse_time(local_time)
    if not isinstance(enabled, bool):
        raise ServiceError(_("Reminders should be on or off."), field="enabled")
    if not isinstance(partner_nudges, bool):
        raise ServiceError(_("Partner nudges should be on or off."), field="partner_nudges")
    now = now or timezone.now()
    with transaction.atomic():
        reminder, _created = Reminder.objects.select_for_update().get_or_create(user=user)
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


def _message(
    user: User, template: str, subject: str | Promise | Callable[[], str], context: dict[str, Any]
) -> EmailMessage:
    """The note in the recipient's own language, whoever's action sent it: `subject` is a lazy string or
    a function, so it too is worded inside the recipient's language."""
    ctx = {"user": user, "site_url": settings.SITE_URL.rstrip("/"), **context}
    with translation.override(user.language or settings.LANGUAGE_CODE):
        body = render_to_string(f"nudges/{template}.txt", ctx)
        words = subject() if callable(subject) else str(subject)
    return EmailMessage(_one_line(words), body, settings.DEFAULT_FROM_EMAIL, [user.email])


def _send(message: EmailMessage, connection: BaseEmailBackend | None = None) -> None:
    message.connection = connection
    message.send(fail_silently=False)


def _release(delivery_id: int) -> None:
    Delivery.objects.filter(pk=delivery_id).delete()


def _push_or_email(
    user: User, kind: str, url: str, message: Callable[[], EmailMessage], connection: BaseEmailBackend | None = None
) -> str:
    """Send one claimed note: to the person's phones if they chose push for this kind and one took it,
    otherwise by email (built only then). "pushed" or "sent"; raises when the email fails, so the caller
    gives its claim back."""
    if push.deliver(user=user, kind=kind, url=url):
        return "pushed"
    email = message()
    if connection is not None:
        connection.open()  # one session for a whole sweep: a no-op once it is open
    _send(email, connection)
    return "sent"


# --- the daily reminder sweep ------------------------------------------------------------------------
# One tick drains what is due: claims of BATCH reminders at a time until none is left or BUDGET has passed
# (the next tick, a minute later, goes on from there). At 1,000,000 people about 700 fall due a minute.
BATCH = 200
BUDGET = dt.timedelta(seconds=45)


@dataclass(frozen=True)
class _ReminderClaim:
    reminder_id: int
    due_at: dt.datetime
    advanced_to: dt.datetime
    user: User
    day: dt.date


def _claim_batch(now: dt.datetime, size: int) -> tuple[int, list[_ReminderClaim]]:
    """One transaction: take up to `size` due reminders, move each to its next occurrence, and record a
    delivery for each that should go out. Returns (reminders taken, claims to send).

    On PostgreSQL the rows are locked with SKIP LOCKED, so a second consumer's batch takes other rows
    instead of waiting; on SQLite the IMMEDIATE transaction already lets one writer in at a time. Either
    way a taken reminder leaves this transaction advanced past `now`, so no other batch sees it due, and
    the unique `Delivery` row stays the last word on "once per local day"."""
    from closeknit.checkins.models import CheckIn

    with transaction.atomic():
        due = Reminder.objects.filter(enabled=True, next_at__lte=now).select_related("user").order_by("next_at")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True, of=("self",))
        taken = list(due[:size])
        if not taken:
            return 0, []
        candidates: list[_ReminderClaim] = []
        for reminder in taken:
            user = reminder.user
            due_at: dt.datetime = reminder.next_at  # type: ignore[assignment]  # the query asked for next_at <= now
            day = local_today(user.timezone, due_at)
            # Advance first: whatever is decided below, this occurrence will not be picked up again.
            reminder.next_at = next_occurrence(reminder.local_time, user.timezone, max(now, due_at))
            if not user.is_active or now - due_at > MAX_LATENESS or now >= day_end(day, user.timezone):
                continue
            candidates.append(_ReminderClaim(reminder.pk, due_at, reminder.next_at, user, day))
        Reminder.objects.bulk_update(taken, ["next_at"])
        if not candidates:
            return len(taken), []
        ids = [c.user.pk for c in candidates]
        days = {c.day for c in candidates}
        answered = set(
            CheckIn.objects.filter(author_id__in=ids, local_date__in=days).values_list("author_id", "local_date")
        )
        # Already reminded that day (e.g. the time was moved later): the reminder row we hold is the only
        # way to that delivery, so what is read here cannot change before the insert below.
        reminded = set(
            Delivery.objects.filter(user_id__in=ids, kind=Delivery.Kind.REMINDER, local_date__in=days).values_list(
                "user_id", "local_date"
            )
        )
        claims = [c for c in candidates if (c.user.pk, c.day) not in answered | reminded]
        Delivery.objects.bulk_create(
            [Delivery(user=c.user, kind=Delivery.Kind.REMINDER, local_date=c.day) for c in claims]
        )
    return len(taken), claims


def _give_back(claims: Iterable[_ReminderClaim]) -> None:
    """These did not go out: undo their claims so the next sweep tries again (within MAX_LATENESS)."""
    with transaction.atomic():
        for claim in claims:
            Delivery.objects.filter(user=claim.user, kind=Delivery.Kind.REMINDER, local_date=claim.day).delete()
            Reminder.objects.filter(pk=claim.reminder_id, next_at=claim.advanced_to).update(next_at=claim.due_at)


@dataclass
class SweepResult:
    """What one tick did: reminders it found due and took, and notes that went out."""

    due: int = 0
    sent: int = 0
    batches: int = 0


def sweep(*, now: dt.datetime | None = None, batch: int = BATCH, budget: dt.timedelta = BUDGET) -> SweepResult:
    """The once-a-minute tick over the indexed `next_at`: claim a batch, send it (outside any transaction,
    one SMTP session for the tick), and again, until nothing due is left or the budget has passed. Safe to
    run in several consumers at once. A mail server that fails gives back the note it failed on and every
    note of its batch not yet sent, and ends the tick: the next one retries."""
    now = now or timezone.now()
    stop_at = time.monotonic() + budget.total_seconds()
    result = SweepResult()
    mail = get_connection(fail_silently=False)  # connects at the first email it sends, if any
    try:
        while True:
            taken, claims = _claim_batch(now, batch)
            if not taken:
                break
            result.due += taken
            result.batches += 1
            for i, claim in enumerate(claims):
                try:
                    _push_or_email(
                        claim.user,
                        "reminder",
                        "/checkin/",
                        lambda c=claim: _message(
                            c.user, "reminder", gettext_lazy("Time for your check-in"), {"day": c.day}
                        ),  # type: ignore[misc]
                        mail,
                    )
                except smtplib.SMTPRecipientsRefused:
                    log.warning(
                        "reminder %s: the mail server refused the address; not retrying today", claim.reminder_id
                    )
                    continue
                except Exception:
                    _give_back(claims[i:])
                    log.exception(
                        "reminder %s: sending failed; stopping this sweep, the next one retries", claim.reminder_id
                    )
                    return result
                result.sent += 1
            if taken < batch or time.monotonic() >= stop_at:
                break
    finally:
        mail.close()
    return result


def send_due_reminders(*, now: dt.datetime | None = None) -> int:
    """The periodic task's entry point (closeknit.nudges.tasks.sweep_reminders): one tick; notes sent (an email,
    or a push where the person chose so)."""
    return sweep(now=now).sent


# --- partner nudges ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class NudgeOutcome:
    """What happened, and why; `retry_at` asks the caller (the task) to try again then."""

    sent: bool
    reason: str
    retry_at: dt.datetime | None = None


def _send_claimed(
    user: User, kind: str, url: str, delivery_id: int, message: Callable[[], EmailMessage]
) -> NudgeOutcome:
    """Send a claimed one-off note; a failed email gives the day's claim back and raises, so the task's
    retry can send it."""
    try:
        return NudgeOutcome(sent=True, reason=_push_or_email(user, kind, url, message))
    except Exception:
        _release(delivery_id)
        raise


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
    return _send_claimed(
        partner,
        "nudge",
        "/checkin/",
        delivery_id,
        lambda: _message(
            partner, "nudge", lambda: _("%(name)s checked in today") % {"name": author.name}, {"author": author}
        ),
    )


def _claim_nudge(checkin_id: int, now: dt.datetime) -> tuple[NudgeOutcome, tuple[User, User, int] | None]:
    from closeknit import access
    from closeknit.checkins.models import CheckIn
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
    return _send_claimed(
        partner,
        "talk",
        f"/practices/talk/{talk_id}/",
        delivery_id,
        lambda: _message(
            partner,
            "talk",
            lambda: _("%(name)s opened a conversation") % {"name": opener.name},
            {"opener": opener, "talk_id": talk_id},
        ),
    )


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
