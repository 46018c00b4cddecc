"""Reaching out: a lead from the public form, and each partner's private screen.

The order is the safety rule. The person who writes gets their own questions first; their partner hears
nothing until those answers are in and came back negative. A positive screen means the partner is never
written to at all: that person gets help privately and the clinician is flagged. Nothing sent to either
person differs in a way that tells the partner which of these happened.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from closeknit.clinic import screening
from closeknit.clinic.models import Appointment, ClinicianProfile, Episode, Lead, Screen
from closeknit.core import ratelimit
from closeknit.core.errors import NotFound, ServiceError
from closeknit.core.languages import speaks
from closeknit.core.text import storable

RATE_LIMIT = 5  # leads per hour from one address
RATE_WINDOW = 3600
MAILS_PER_ADDRESS = 3  # reach-out emails to one address per day, whoever asks and from wherever
MAIL_WINDOW = 24 * 3600
RETENTION_DAYS = 30  # a request with no booking is deleted after this long


def _rate_limit(client_key: str) -> None:
    ratelimit.hit(
        f"clinic:reach-out:{client_key}",
        limit=RATE_LIMIT,
        window=RATE_WINDOW,
        message="You've reached out several times in the last hour. Please wait a little and try again.",
    )


def may_mail(address: str) -> bool:
    """Counts one reach-out email to `address` on the shared cache; past the daily cap the email is
    silently not sent, so the form can't be used to flood someone, and the sender can't tell."""
    key = "clinic:reach-out:to:" + hashlib.sha256(address.lower().encode()).hexdigest()
    cache.add(key, 0, MAIL_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, MAIL_WINDOW)
        count = 1
    return count <= MAILS_PER_ADDRESS


def _email(value: str, *, field: str, label: str, required: bool) -> str:
    value = storable(value or "", field=field, label=label, max_length=254, single_line=True).lower()
    if not value:
        if required:
            raise ServiceError(_("Please give an email address."), field=field)
        return ""
    try:
        validate_email(value)
    except ValidationError:
        wrong = (
            _("That doesn't look like an email address; please check it.")
            if field == "email"
            else _("That doesn't look like your partner's email address; please check it.")
        )
        raise ServiceError(wrong, field=field) from None
    return value


def reach_out(
    *,
    clinician_slug: str,
    name: str,
    email: str,
    partner_name: str = "",
    partner_email: str = "",
    message: str = "",
    online: bool = True,
    client_key: str,
    language: str = "en",
) -> tuple[Lead, Screen]:
    """Creates the lead and one private screen per person; returns the writer's own screen. Only the
    writer (and the clinician, without any words of theirs) is emailed now; see `answer_screen`."""
    name = storable(
        name or "", field="name", label=pgettext("field label", "the name"), max_length=80, single_line=True
    )
    if not name:
        raise ServiceError(_("Please tell us what to call you."), field="name")
    email = _email(email, field="email", label=pgettext("field label", "the email address"), required=True)
    partner_name = storable(
        partner_name or "",
        field="partner_name",
        label=pgettext("field label", "the partner's name"),
        max_length=80,
        single_line=True,
    )
    partner_email = _email(
        partner_email,
        field="partner_email",
        label=pgettext("field label", "your partner's email address"),
        required=False,
    )
    if partner_email and partner_email == email:
        raise ServiceError(_("Your partner's email needs to be different from yours."), field="partner_email")
    message = storable(message or "", field="message", label=pgettext("field label", "the message"), max_length=2000)
    clinician = ClinicianProfile.objects.filter(slug=clinician_slug, listed=True).select_related("user").first()
    if clinician is None:
        raise NotFound(_("We could not find that therapist."))
    if not clinician.accepting:
        raise ServiceError(_("This therapist is not taking new couples right now."), status=409, code="not_accepting")
    if online and not clinician.online:
        online = False
    if not online and not clinician.in_person:
        online = True
    _rate_limit(client_key)
    with transaction.atomic():
        lead = Lead.objects.create(
            clinician=clinician,
            token=secrets.token_urlsafe(32),
            name=name,
            email=email,
            partner_name=partner_name,
            partner_email=partner_email,
            message=message,
            online=online,
            language=language if speaks(language) else settings.LANGUAGE_CODE,
        )
        mine = Screen.objects.create(lead=lead, person="a", token=secrets.token_urlsafe(32))
        Screen.objects.create(lead=lead, person="b", token=secrets.token_urlsafe(32))
        transaction.on_commit(lambda: _after_reach_out(lead.pk, email))
    return lead, mine


def _after_reach_out(lead_id: int, email: str) -> None:
    from closeknit.clinic import tasks

    tasks.reach_out_received(lead_id, may_mail(email))


def screen_by_token(token: str) -> Screen:
    screen = Screen.objects.filter(token=token).select_related("lead__clinician__user").first() if token else None
    if screen is None:
        raise NotFound(_("We could not find those questions. The link may be incomplete."))
    return screen


def answer_screen(*, token: str, data: dict) -> Screen:
    """Answered once: the update only matches an unanswered row, so two submits can't both win."""
    screen = screen_by_token(token)
    answers = screening.parse(data)
    with transaction.atomic():
        done = Screen.objects.filter(pk=screen.pk, answered_at__isnull=True).update(
            answers=answers.to_json(),
            flagged=answers.positive,
            answered_at=timezone.now(),
        )
        if not done:
            raise ServiceError(
                _(
                    "You've already answered these questions; thank you. They can't be changed here, but you can "
                    "tell your therapist anything that has changed."
                ),
                status=409,
                code="already_answered",
            )
        if answers.positive:
            transaction.on_commit(lambda: _flag(screen.pk))
        elif screen.person == "a":
            _invite_partner(screen.lead)
    screen.refresh_from_db()
    return screen


def _invite_partner(lead: Lead) -> None:
    """The writer's own answers are in and negative: now, and only now, the partner may hear of it.
    Claimed with a conditional update so the invitation goes at most once; past the daily cap for the
    address it is silently not sent (and the partner stays uninvited, so nothing else reaches them)."""
    if not lead.partner_email or not may_mail(lead.partner_email):
        return
    if Lead.objects.filter(pk=lead.pk, partner_invited_at__isnull=True).update(partner_invited_at=timezone.now()):
        transaction.on_commit(lambda: _send_invitation(lead.pk))


def _send_invitation(lead_id: int) -> None:
    from closeknit.clinic import tasks

    tasks.partner_invited(lead_id)


def _flag(screen_id: int) -> None:
    from closeknit.clinic import tasks

    tasks.screen_flagged(screen_id)


def partner_reachable(lead: Lead) -> bool:
    """May anything (a booking, a reminder, an invitation to care) be emailed to the partner?"""
    return bool(lead.partner_email) and lead.partner_invited_at is not None


# --- taking a request back, and forgetting old ones ---------------------------------------------------
def lead_by_withdraw_token(token: str) -> Lead:
    lead = Lead.objects.filter(token=token).select_related("clinician__user").first() if token else None
    if lead is None:
        raise NotFound(_("We couldn't find this request. If you already took it back, it has been deleted."))
    return lead


def withdraw(*, token: str) -> None:
    """The writer takes their request back: their name, address, message and answers are deleted.

    If the partner was invited and has already answered their own questions, those answers are the
    partner's, not the writer's, so they stay with the clinician (they may matter for the partner's
    safety); the lead keeps only the partner's part and is closed. Otherwise the whole lead goes.
    A booked first conversation is cancelled first, on the booking page, so both people are told.
    """
    lead: Lead | None
    lead = lead_by_withdraw_token(token)
    with transaction.atomic():
        # Booking locks the lead row too, so a booking can't slip in between this check and the delete.
        lead = Lead.objects.select_for_update().filter(pk=lead.pk).first()
        if lead is None:
            return
        if lead.appointments.filter(status=Appointment.Status.BOOKED).exists():
            raise ServiceError(
                _("You have a first conversation booked. Please cancel it first, then come back here."),
                status=409,
                code="booked",
            )
        theirs_answered = Screen.objects.filter(lead=lead, person="b", answered_at__isnull=False).exists()
        if not theirs_answered:
            lead.delete()
            return
        Screen.objects.filter(lead=lead, person="a").update(
            answers="", flagged=False, answered_at=None, token=secrets.token_urlsafe(32)
        )
        lead.name, lead.email, lead.message = "", "", ""
        lead.token = secrets.token_urlsafe(32)
        lead.status = Lead.Status.CLOSED
        lead.save(update_fields=["name", "email", "message", "token", "status"])


def purge_stale(*, now: dt.datetime | None = None, days: int = RETENTION_DAYS) -> int:
    """Deletes requests older than `days` that never led to a booked conversation or to care, with
    their screens. Safe to run any number of times, from several places at once: a second run finds
    nothing left to delete. Returns how many requests were deleted."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    stale = (
        Lead.objects.filter(created_at__lt=cutoff)
        .exclude(appointments__status=Appointment.Status.BOOKED)
        .exclude(Exists(Episode.objects.filter(lead=OuterRef("pk"))))
    )
    deleted = 0
    while ids := list(stale.values_list("pk", flat=True)[:500]):
        with transaction.atomic():
            Lead.objects.filter(pk__in=ids).delete()
        deleted += len(ids)
    return deleted
