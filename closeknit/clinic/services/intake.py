"""Reaching out: a lead from the public form, and each partner's private screen."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from closeknit.clinic import screening
from closeknit.clinic.models import ClinicianProfile, Lead, Screen
from closeknit.core import ratelimit
from closeknit.core.errors import NotFound, ServiceError
from closeknit.core.text import storable

RATE_LIMIT = 5  # leads per hour from one address
RATE_WINDOW = 3600


def _rate_limit(client_key: str) -> None:
    ratelimit.hit(
        f"clinic:reach-out:{client_key}",
        limit=RATE_LIMIT,
        window=RATE_WINDOW,
        message="You've reached out several times in the last hour. Please wait a little and try again.",
    )


def _email(value: str, *, field: str, label: str, required: bool) -> str:
    value = storable(value or "", field=field, label=label, max_length=254, single_line=True).lower()
    if not value:
        if required:
            raise ServiceError(f"Please give {label}.", field=field)
        return ""
    try:
        validate_email(value)
    except ValidationError:
        raise ServiceError(f"That doesn't look like {label}; please check it.", field=field) from None
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
) -> tuple[Lead, Screen]:
    """Creates the lead and one private screen per person; returns the writer's own screen."""
    name = storable(name or "", field="name", label="name", max_length=80, single_line=True)
    if not name:
        raise ServiceError("Please tell us what to call you.", field="name")
    email = _email(email, field="email", label="an email address", required=True)
    partner_name = storable(
        partner_name or "", field="partner_name", label="partner's name", max_length=80, single_line=True
    )
    partner_email = _email(partner_email, field="partner_email", label="your partner's email address", required=False)
    if partner_email and partner_email == email:
        raise ServiceError("Your partner's email needs to be different from yours.", field="partner_email")
    message = storable(message or "", field="message", label="message", max_length=2000)
    clinician = ClinicianProfile.objects.filter(slug=clinician_slug, listed=True).select_related("user").first()
    if clinician is None:
        raise NotFound("We could not find that therapist.")
    if not clinician.accepting:
        raise ServiceError("This therapist is not taking new couples right now.", status=409, code="not_accepting")
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
        )
        mine = Screen.objects.create(lead=lead, person="a", token=secrets.token_urlsafe(32))
        theirs = Screen.objects.create(lead=lead, person="b", token=secrets.token_urlsafe(32))
        transaction.on_commit(lambda: _after_reach_out(lead.pk, theirs.pk))
    return lead, mine


def _after_reach_out(lead_id: int, partner_screen_id: int) -> None:
    from closeknit.clinic import tasks

    tasks.lead_created(lead_id, partner_screen_id)


def screen_by_token(token: str) -> Screen:
    screen = Screen.objects.filter(token=token).select_related("lead__clinician__user").first() if token else None
    if screen is None:
        raise NotFound("We could not find those questions. The link may be incomplete.")
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
                "You've already answered these questions; thank you. They can't be changed here, but you can "
                "tell your therapist anything that has changed.",
                status=409,
                code="already_answered",
            )
        if answers.positive:
            transaction.on_commit(lambda: _flag(screen.pk))
    screen.refresh_from_db()
    return screen


def _flag(screen_id: int) -> None:
    from closeknit.clinic import tasks

    tasks.screen_flagged(screen_id)
